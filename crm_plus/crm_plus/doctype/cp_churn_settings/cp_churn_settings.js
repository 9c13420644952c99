// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.ui.form.on("CP Churn Settings", {
	refresh(frm) {
		if (frappe.user.has_role(["CP CRM Administrator", "System Manager"])) {
			frm.add_custom_button(__("Scan All Customers Now"), () =>
				frappe.call({
					method: "crm_plus.api.churn.scan_all",
					callback: () =>
						frappe.show_alert({
							message: __("The churn scan started; you will be notified when it is done."),
							indicator: "blue",
						}),
				})
			);
		}
		frm.add_custom_button(__("Churn Risk"), () => frappe.set_route("query-report", "CP Churn Risk"));
	},
});
