// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.ui.form.on("CP Pool Settings", {
	refresh(frm) {
		frm.add_custom_button(__("Customer Pool"), () => frappe.set_route("query-report", "CP Customer Pool"));
	},
});
