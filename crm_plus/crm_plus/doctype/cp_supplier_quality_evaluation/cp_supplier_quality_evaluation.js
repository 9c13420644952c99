// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.ui.form.on("CP Supplier Quality Evaluation", {
	setup(frm) {
		frm.set_query("delivery", () => ({ filters: { supplier: frm.doc.supplier } }));
	},
});
