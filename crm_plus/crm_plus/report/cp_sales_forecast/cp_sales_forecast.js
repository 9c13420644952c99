// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.query_reports["CP Sales Forecast"] = {
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
			],
		},
		{
			fieldname: "horizon",
			label: __("Periods to Forecast"),
			fieldtype: "Select",
			default: "6",
			options: ["3", "4", "5", "6"],
		},
		{ fieldname: "holdout", label: __("Held-out Periods"), fieldtype: "Int", default: 3 },
		{ fieldname: "history", label: __("History Periods"), fieldtype: "Int" },
		{ fieldname: "sales_owner", label: __("Sales Owner"), fieldtype: "Link", options: "User" },
		{ fieldname: "team", label: __("Sales Team"), fieldtype: "Link", options: "CP Sales Team" },
		{ fieldname: "grade", label: __("Customer Grade"), fieldtype: "Link", options: "CP Customer Grade" },
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "CP Region" },
	],
};
