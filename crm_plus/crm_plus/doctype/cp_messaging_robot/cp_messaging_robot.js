// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.ui.form.on("CP Messaging Robot", {
	refresh(frm) {
		if (frm.is_new() || !frm.doc.enabled) return;
		frm.add_custom_button(__("Send Test Message"), () =>
			frappe
				.xcall("crm_plus.api.messaging.send_test_message", { robot: frm.doc.name })
				.then(() =>
					frappe.show_alert({
						message: __("Test message queued: see the robot's send log."),
						indicator: "green",
					})
				)
		);
		frm.add_custom_button(__("Send Log"), () =>
			frappe.set_route("List", "CP Robot Message", { robot: frm.doc.name })
		);
	},
});
