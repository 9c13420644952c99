// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.ui.form.on("CP Customer", {
	setup(frm) {
		frm.set_query("sales_owner", () => ({ query: "crm_plus.api.customer.sales_user_query" }));
		// a Table MultiSelect takes its link query on the table field itself
		frm.set_query("shared_with", () => ({ query: "crm_plus.api.customer.sales_user_query" }));
	},

	refresh(frm) {
		// the customer centre: contacts and addresses are added and edited in place
		frappe.dynamic_link = { doc: frm.doc, fieldname: "name", doctype: "CP Customer" };
		frm.toggle_display("address_contacts_section", !frm.is_new());
		if (frm.is_new()) {
			frappe.contacts.clear_address_and_contact(frm);
			return;
		}
		frappe.contacts.render_address_and_contact(frm);
		frm.add_custom_button(
			__("Business Cards"),
			() => frappe.set_route("query-report", "CP Business Cards", { customer: frm.doc.name }),
			__("View")
		);
	},
});
