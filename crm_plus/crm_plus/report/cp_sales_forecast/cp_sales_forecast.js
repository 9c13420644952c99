// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.query_reports["CP Sales Forecast"] = {
	filters: [
		crm_plus.reports.period(false),
		{
			fieldname: "horizon",
			label: __("Periods to Forecast"),
			fieldtype: "Select",
			default: "6",
			options: ["3", "4", "5", "6"],
		},
		{ fieldname: "holdout", label: __("Held-out Periods"), fieldtype: "Int", default: 3 },
		{ fieldname: "history", label: __("History Periods"), fieldtype: "Int" },
		crm_plus.reports.link("sales_owner", __("Sales Owner"), "User"),
		crm_plus.reports.link("team", __("Sales Team"), "CP Sales Team"),
		crm_plus.reports.link("grade", __("Customer Grade"), "CP Customer Grade"),
		crm_plus.reports.link("region", __("Region"), "CP Region"),
	],
};
