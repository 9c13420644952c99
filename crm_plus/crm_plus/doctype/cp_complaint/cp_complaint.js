// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.ui.form.on("CP Complaint", {
	setup(frm) {
		frm.set_query("order", () => ({ filters: { customer: frm.doc.customer } }));
	},

	status(frm) {
		if (frm.doc.status === "Resolved" && !frm.doc.resolution_date) {
			frm.set_value("resolution_date", frappe.datetime.get_today());
		}
	},
});
