// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.query_reports["CP Competitor Comparison"] = {
	filters: [
		crm_plus.reports.select(
			"view",
			__("View"),
			[
				["Competitors", __("Competitors")],
				["Products", __("Products")],
			],
			{ default: "Competitors" }
		),
		crm_plus.reports.link("competitor", __("Competitor"), "CP Competitor"),
		crm_plus.reports.link("industry", __("Industry"), "CP Industry"),
		{ fieldname: "from_date", label: __("Closed From"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("Closed To"), fieldtype: "Date" },
	],
};
