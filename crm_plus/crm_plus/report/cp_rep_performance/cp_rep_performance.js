// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.query_reports["CP Rep Performance"] = {
	filters: [
		crm_plus.reports.date("from_date", __("From Date"), { default: frappe.datetime.year_start() }),
		crm_plus.reports.date("to_date", __("To Date"), { default: frappe.datetime.get_today() }),
		crm_plus.reports.link("team", __("Sales Team"), "CP Sales Team"),
		crm_plus.reports.link("sales_owner", __("Sales Rep"), "User"),
	],
};
