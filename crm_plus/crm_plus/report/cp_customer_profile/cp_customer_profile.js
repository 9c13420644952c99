// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.query_reports["CP Customer Profile"] = {
	filters: [
		{
			fieldname: "dimension",
			label: __("Dimension"),
			fieldtype: "Select",
			reqd: 1,
			default: "industry",
			options: [
				{ value: "industry", label: __("Industry") },
				{ value: "region", label: __("Region") },
				{ value: "grade", label: __("Customer Grade") },
				{ value: "customer_source", label: __("Customer Source") },
				{ value: "customer_category", label: __("Customer Category") },
				{ value: "amount_band", label: __("Amount Band") },
			],
		},
		{ fieldname: "sales_owner", label: __("Sales Owner"), fieldtype: "Link", options: "User" },
		{ fieldname: "team", label: __("Sales Team"), fieldtype: "Link", options: "CP Sales Team" },
		{ fieldname: "grade", label: __("Customer Grade"), fieldtype: "Link", options: "CP Customer Grade" },
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "CP Region" },
		{ fieldname: "industry", label: __("Industry"), fieldtype: "Link", options: "CP Industry" },
	],
};
