// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.ui.form.on("CP Owner Change Log", {
	refresh(frm) {
		frm.disable_save(); // written only by the allocation code; read-only for everyone
	},
});
