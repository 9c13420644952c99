// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.ui.form.on("CP Robot Message", {
	refresh(frm) {
		frm.disable_save(); // written only by the sending job (crm_plus.messaging.send)
	},
});
