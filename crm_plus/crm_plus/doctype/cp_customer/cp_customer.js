// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.ui.form.on("CP Customer", {
	setup(frm) {
		frm.set_query("sales_owner", () => ({ query: "crm_plus.api.customer.sales_user_query" }));
		// a Table MultiSelect takes its link query itself (it has no grid to set it on)
		frm.set_query("shared_with", () => ({ query: "crm_plus.api.customer.sales_user_query" }));
	},

	refresh(frm) {
		// the customer centre: contacts and addresses are added and edited in place
		frappe.dynamic_link = { doc: frm.doc, fieldname: "name", doctype: "CP Customer" };
		frm.toggle_display("address_contacts_section", !frm.is_new());
		if (frm.is_new()) {
			frappe.contacts.clear_address_and_contact(frm);
			return;
		}
		frappe.contacts.render_address_and_contact(frm);
		frm.add_custom_button(
			__("Business Cards"),
			() => frappe.set_route("query-report", "CP Business Cards", { customer: frm.doc.name }),
			__("View")
		);
	},
});

// the supplier record of the same company (crm_plus/suppliers/partner.py) and the ERPNext link
frappe.ui.form.on("CP Customer", {
	refresh(frm) {
		if (frm.is_new()) return;
		const supplier = (frm.doc.__onload || {}).cp_partner_supplier;
		if (supplier) {
			const name = frappe.utils.escape_html(supplier.supplier_name);
			const label = supplier.can_open
				? `<a href="/app/cp-supplier/${encodeURIComponent(supplier.name)}">${name}</a>`
				: name;
			frm.dashboard.set_headline_alert(__("This customer is also a supplier: {0}", [label]), "blue");
		}
		crm_plus.erpnext.add_link_button(frm, "customer", (name) =>
			__("Linked to ERPNext customer {0}", [name])
		);
	},
});

// re-grade on demand, and the manual grade override of sales managers and CRM administrators
// (crm_plus/grading, crm_plus/api/grading.py)
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
						(values) => cp_grading_call(frm, "remove_override", values, __("Override removed")),
						__("Remove Override")
					),
				group
			);
		}
	},
});
