// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.ui.form.on("CP Background Job", {
	refresh(frm) {
		frm.disable_save(); // written only by the job plumbing (crm_plus.utils.jobs)
	},
});
