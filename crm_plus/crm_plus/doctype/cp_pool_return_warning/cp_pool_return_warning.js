// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.ui.form.on("CP Pool Return Warning", {
	refresh(frm) {
		frm.disable_save(); // written only by the daily auto-return job; read-only for everyone
	},
});
