// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

// terms rendered from the contract's template (crm_plus/library/contract_terms.py)
frappe.ui.form.on("CP Contract", {
	setup(frm) {
		frm.set_query("contract_template", () => ({ filters: { disabled: 0 } }));
	},

	refresh(frm) {
		if (frm.is_new() || !frm.doc.contract_template || !frm.perm[0]?.write) return;
		frm.add_custom_button(__("Fill Terms from Template"), () => {
			if (frm.is_dirty()) {
				frappe.msgprint(__("Save the contract first: the terms are filled from its saved values."));
				return;
			}
			const fill = () =>
				frappe
					.call({
						method: "crm_plus.api.library.render_contract",
						args: { contract: frm.doc.name, template: frm.doc.contract_template },
					})
					.then((r) => {
						frm.set_value("terms", r.message);
						frappe.show_alert({
							message: __("Terms filled from {0}. Save to keep them.", [
								frm.doc.contract_template,
							]),
							indicator: "green",
						});
					});
			if (strip_html(frm.doc.terms || "").trim()) {
				frappe.confirm(__("Replace the current terms with the template's text?"), fill);
			} else {
				fill();
			}
		});
	},
});
