// Copyright (c) 2026, crm_plus contributors and contributors
// For license information, please see license.txt

frappe.ui.form.on("CP Contract Template", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Preview with a Contract"), () => {
			frappe.prompt(
				{
					fieldname: "contract",
					fieldtype: "Link",
					options: "CP Contract",
					label: __("Contract"),
					reqd: 1,
				},
				(values) =>
					frappe
						.call({
							method: "crm_plus.api.library.render_contract",
							args: { contract: values.contract, template: frm.doc.name },
						})
						.then((r) =>
							frappe.msgprint({
								title: __("Preview: {0}", [values.contract]),
								message: r.message,
								wide: true,
							})
						),
				__("Preview with a Contract")
			);
		});
	},
});
