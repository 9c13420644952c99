// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.query_reports["CP Expiring Price Files"] = {
	filters: [
		{ fieldname: "days", label: __("Expiring Within (Days)"), fieldtype: "Int", default: 30, reqd: 1 },
		crm_plus.reports.link("customer", __("Customer"), "CP Customer"),
	],
};
