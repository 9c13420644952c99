// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.query_reports["CP Customer Profile"] = {
	filters: [
		crm_plus.reports.select(
			"dimension",
			__("Dimension"),
			[
				["industry", __("Industry")],
				["region", __("Region")],
				["grade", __("Customer Grade")],
				["customer_source", __("Customer Source")],
				["customer_category", __("Customer Category")],
				["amount_band", __("Amount Band")],
			],
			{ reqd: 1, default: "industry" }
		),
		crm_plus.reports.link("sales_owner", __("Sales Owner"), "User"),
		crm_plus.reports.link("team", __("Sales Team"), "CP Sales Team"),
		crm_plus.reports.link("grade", __("Customer Grade"), "CP Customer Grade"),
		crm_plus.reports.link("region", __("Region"), "CP Region"),
		crm_plus.reports.link("industry", __("Industry"), "CP Industry"),
	],
};
