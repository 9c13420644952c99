// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.ui.form.on("CP Churn Alert", {
	refresh(frm) {
		if (frm.doc.status === "Open" && frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(__("Acknowledge"), () =>
				frappe.call({
					method: "crm_plus.api.churn.acknowledge",
					args: { alert: frm.doc.name },
					freeze: true,
					callback: () => frm.reload_doc(),
				})
			);
		}
		frm.add_custom_button(__("New Follow-up"), () =>
			frappe.new_doc("CP Follow Up", { party_type: "Customer", customer: frm.doc.customer })
		);
	},
});
