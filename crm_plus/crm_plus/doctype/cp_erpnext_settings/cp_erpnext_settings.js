// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.ui.form.on("CP ERPNext Settings", {
	refresh(frm) {
		const erpnext = !!(frappe.boot.versions && frappe.boot.versions.erpnext);
		if (!erpnext) {
			// without ERPNext, crm_plus's own orders are the only source
			frm.set_df_property("order_source", "options", ["CRM Plus Orders"]);
			frm.set_df_property("order_source", "read_only", 1);
			for (const field of [
				"sync_account_manager",
				"publish_prices",
				"price_list",
				"supplier_on_time_from_erpnext",
			]) {
				frm.toggle_display(field, false);
			}
			frm.set_intro(
				__("ERPNext is not installed on this site: crm_plus reads its own orders."),
				"blue"
			);
			return;
		}
		frm.add_custom_button(__("Link Customers to ERPNext"), () =>
			crm_plus.erpnext.start_bulk_link("customers")
		);
		frm.add_custom_button(__("Link Products to ERPNext Items"), () =>
			crm_plus.erpnext.start_bulk_link("products")
		);
	},
});
