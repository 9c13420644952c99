// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.query_reports["CP Sales Trend"] = {
	filters: [
		crm_plus.reports.period(),
		crm_plus.reports.date("from_date", __("From Date"), {
			default: frappe.datetime.add_months(frappe.datetime.month_start(), -11),
		}),
		crm_plus.reports.date("to_date", __("To Date"), { default: frappe.datetime.get_today() }),
		crm_plus.reports.link("sales_owner", __("Sales Owner"), "User"),
		crm_plus.reports.link("team", __("Sales Team"), "CP Sales Team"),
		crm_plus.reports.link("grade", __("Customer Grade"), "CP Customer Grade"),
		crm_plus.reports.link("region", __("Region"), "CP Region"),
	],
};
