// Copyright (c) 2026, crm_plus contributors and contributors
// For license information, please see license.txt

frappe.ui.form.on("CP Case Study", {
	setup(frm) {
		// a competing product of the row's competitor
		frm.set_query("competing_product", "competitors", (doc, cdt, cdn) => {
			const row = locals[cdt][cdn];
			return { filters: row.competitor ? { competitor: row.competitor } : {} };
		});
	},
});
