// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.query_reports["CP Competitor Comparison"] = {
	filters: [
		{
			fieldname: "view",
			label: __("View"),
			fieldtype: "Select",
			default: "Competitors",
			options: [
				{ value: "Competitors", label: __("Competitors") },
				{ value: "Products", label: __("Products") },
			],
		},
		{ fieldname: "competitor", label: __("Competitor"), fieldtype: "Link", options: "CP Competitor" },
		{ fieldname: "industry", label: __("Industry"), fieldtype: "Link", options: "CP Industry" },
		{ fieldname: "from_date", label: __("Closed From"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("Closed To"), fieldtype: "Date" },
	],
};
