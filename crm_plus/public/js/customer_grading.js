// The CP Customer form, as the grading extends it (hooks.py doctype_js): re-grade on demand, and the
// manual grade override of sales managers and CRM administrators (crm_plus/grading, crm_plus/api/grading.py).

const CP_GRADE_MANAGERS = ["CP Sales Manager", "CP CRM Administrator", "System Manager"];

function cp_grading_call(frm, method, args, message) {
	return frappe.call({
		method: `crm_plus.api.grading.${method}`,
		args: { customer: frm.doc.name, ...args },
		freeze: true,
		callback: () => {
			frappe.show_alert({ message, indicator: "green" });
			frm.reload_doc();
		},
	});
}

frappe.ui.form.on("CP Customer", {
	refresh(frm) {
		if (frm.is_new()) return;
		const group = __("Grade");
		if (frm.doc.grade_locked) {
			frm.dashboard.set_headline_alert(
				__("Grade {0} was set by hand: {1}", [
					frappe.utils.escape_html(frm.doc.grade || ""),
					frappe.utils.escape_html(frm.doc.grade_override_reason || ""),
				]),
				"orange"
			);
		}
		if (frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(
				__("Re-grade"),
				() => cp_grading_call(frm, "regrade_customer", {}, __("Customer re-graded")),
				group
			);
		}
		if (!frappe.user.has_role(CP_GRADE_MANAGERS)) return;
		frm.add_custom_button(
			__("Override Grade"),
			() => {
				const dialog = new frappe.ui.Dialog({
					title: __("Override Grade"),
					fields: [
						{
							fieldname: "grade",
							fieldtype: "Link",
							options: "CP Customer Grade",
							label: __("Customer Grade"),
							reqd: 1,
							default: frm.doc.grade,
						},
						{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
					],
					primary_action_label: __("Override Grade"),
					primary_action(values) {
						dialog.hide();
						cp_grading_call(frm, "override_grade", values, __("Grade overridden"));
					},
				});
				dialog.show();
			},
			group
		);
		if (frm.doc.grade_locked) {
			frm.add_custom_button(
				__("Remove Override"),
				() =>
					frappe.prompt(
						{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason") },
						(values) =>
							cp_grading_call(frm, "remove_override", values, __("Override removed")),
						__("Remove Override")
					),
				group
			);
		}
	},
});
