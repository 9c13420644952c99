// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.query_reports["CP Business Cards"] = {
	filters: [
		crm_plus.reports.link("customer", __("Customer"), "CP Customer"),
		{ fieldname: "search", label: __("Search"), fieldtype: "Data" },
		{ fieldname: "only_mine", label: __("Only My Cards"), fieldtype: "Check", default: 0 },
	],
};
