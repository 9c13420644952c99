// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.query_reports["CP Rep Performance"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.year_start(),
		},
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "team", label: __("Sales Team"), fieldtype: "Link", options: "CP Sales Team" },
		{ fieldname: "sales_owner", label: __("Sales Rep"), fieldtype: "Link", options: "User" },
	],
};
