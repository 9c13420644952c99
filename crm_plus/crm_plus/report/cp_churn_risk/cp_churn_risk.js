// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.query_reports["CP Churn Risk"] = {
	filters: [
		{
			fieldname: "cause",
			label: __("Churn Cause"),
			fieldtype: "Select",
			options: [
				"",
				{ value: "No Order", label: __("No Order") },
				{ value: "Unresolved Complaint", label: __("Unresolved Complaint") },
				{ value: "No Follow-up", label: __("No Follow-up") },
				{ value: "Grade Dropped", label: __("Grade Dropped") },
			],
		},
		{
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("Open or Acknowledged") },
				{ value: "Open", label: __("Open") },
				{ value: "Acknowledged", label: __("Acknowledged") },
			],
		},
		{ fieldname: "sales_owner", label: __("Sales Owner"), fieldtype: "Link", options: "User" },
		{ fieldname: "grade", label: __("Customer Grade"), fieldtype: "Link", options: "CP Customer Grade" },
		{ fieldname: "escalated", label: __("Only Escalated"), fieldtype: "Check", default: 0 },
	],
};
