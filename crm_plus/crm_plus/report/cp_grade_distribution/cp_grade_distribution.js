// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.query_reports["CP Grade Distribution"] = {
	filters: [
		{
			fieldname: "mode",
			label: __("Mode"),
			fieldtype: "Select",
			default: "Distribution",
			options: [
				{ value: "Distribution", label: __("Distribution") },
				{ value: "Movement", label: __("Movement") },
			],
		},
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -3),
			depends_on: "eval:doc.mode == 'Movement'",
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			depends_on: "eval:doc.mode == 'Movement'",
		},
		{ fieldname: "sales_owner", label: __("Sales Owner"), fieldtype: "Link", options: "User" },
		{ fieldname: "team", label: __("Sales Team"), fieldtype: "Link", options: "CP Sales Team" },
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "CP Region" },
	],
};
