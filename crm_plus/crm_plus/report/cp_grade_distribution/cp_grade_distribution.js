// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.query_reports["CP Grade Distribution"] = {
	filters: [
		crm_plus.reports.select(
			"mode",
			__("Mode"),
			[
				["Distribution", __("Distribution")],
				["Movement", __("Movement")],
			],
			{ default: "Distribution" }
		),
		crm_plus.reports.date("from_date", __("From Date"), {
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -3),
			depends_on: "eval:doc.mode == 'Movement'",
		}),
		crm_plus.reports.date("to_date", __("To Date"), {
			default: frappe.datetime.get_today(),
			depends_on: "eval:doc.mode == 'Movement'",
		}),
		crm_plus.reports.link("sales_owner", __("Sales Owner"), "User"),
		crm_plus.reports.link("team", __("Sales Team"), "CP Sales Team"),
		crm_plus.reports.link("region", __("Region"), "CP Region"),
	],
};
