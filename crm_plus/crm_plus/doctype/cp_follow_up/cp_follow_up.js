// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.ui.form.on("CP Follow Up", {
	setup(frm) {
		frm.set_query("contact", () => {
			const link_doctype = frm.doc.party_type === "Supplier" ? "CP Supplier" : "CP Customer";
			const link_name = frm.doc.party_type === "Supplier" ? frm.doc.supplier : frm.doc.customer;
			return {
				query: "frappe.contacts.doctype.contact.contact.contact_query",
				filters: { link_doctype, link_name },
			};
		});
	},

	onload(frm) {
		// opened from a supplier's dashboard: a supplier follow-up
		if (frm.is_new() && frm.doc.supplier && !frm.doc.customer) {
			frm.set_value("party_type", "Supplier");
		}
	},

	party_type(frm) {
		// one party only: switching clears the other one and the contact
		frm.set_value(frm.doc.party_type === "Supplier" ? "customer" : "supplier", null);
		frm.set_value("contact", null);
	},

	customer(frm) {
		frm.set_value("contact", null);
	},

	supplier(frm) {
		frm.set_value("contact", null);
	},
});
