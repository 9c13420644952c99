// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.query_reports["CP Churn Risk"] = {
	filters: [
		crm_plus.reports.select("cause", __("Churn Cause"), [
			["", ""],
			["No Order", __("No Order")],
			["Unresolved Complaint", __("Unresolved Complaint")],
			["No Follow-up", __("No Follow-up")],
			["Grade Dropped", __("Grade Dropped")],
		]),
		crm_plus.reports.select("status", __("Status"), [
			["", __("Open or Acknowledged")],
			["Open", __("Open")],
			["Acknowledged", __("Acknowledged")],
		]),
		crm_plus.reports.link("sales_owner", __("Sales Owner"), "User"),
		crm_plus.reports.link("grade", __("Customer Grade"), "CP Customer Grade"),
		{ fieldname: "escalated", label: __("Only Escalated"), fieldtype: "Check", default: 0 },
	],
};
