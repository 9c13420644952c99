// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.query_reports["CP Sales Trend"] = {
	filters: [
		{
			fieldname: "period",
			label: __("Period"),
			fieldtype: "Select",
			reqd: 1,
			default: "Month",
			options: [
				{ value: "Month", label: __("Month") },
				{ value: "Quarter", label: __("Quarter") },
				{ value: "Year", label: __("Year") },
			],
		},
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.month_start(), -11),
		},
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "sales_owner", label: __("Sales Owner"), fieldtype: "Link", options: "User" },
		{ fieldname: "team", label: __("Sales Team"), fieldtype: "Link", options: "CP Sales Team" },
		{ fieldname: "grade", label: __("Customer Grade"), fieldtype: "Link", options: "CP Customer Grade" },
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "CP Region" },
	],
};
