// The CP Customer form, as other crm_plus domains extend it (hooks.py doctype_js):
// the supplier record of the same company (crm_plus/suppliers/partner.py) and the ERPNext link.

frappe.ui.form.on("CP Customer", {
	refresh(frm) {
		if (frm.is_new()) return;
		const supplier = (frm.doc.__onload || {}).cp_partner_supplier;
		if (supplier) {
			const name = frappe.utils.escape_html(supplier.supplier_name);
			const label = supplier.can_open
				? `<a href="/app/cp-supplier/${encodeURIComponent(supplier.name)}">${name}</a>`
				: name;
			frm.dashboard.set_headline_alert(
				__("This customer is also a supplier: {0}", [label]),
				"blue"
			);
		}
		if (frappe.boot.versions && frappe.boot.versions.erpnext && frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(
				__("Link to ERPNext"),
				() =>
					frappe.call({
						method: "crm_plus.api.erpnext.link_customer",
						args: { customer: frm.doc.name },
						freeze: true,
						callback: (r) => {
							frappe.show_alert({
								message: __("Linked to ERPNext customer {0}", [r.message]),
								indicator: "green",
							});
							frm.reload_doc();
						},
					}),
				__("Actions")
			);
		}
	},
});
