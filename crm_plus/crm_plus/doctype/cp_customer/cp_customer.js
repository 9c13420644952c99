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

// call or e-mail a contact with one tap (a rep on a phone): the contacts' numbers and e-mail addresses as
// tel: / mailto: buttons at the top of the customer centre, and the customer's own phone and e-mail
const CP_CONTACT_BUTTONS = 5;

function cp_contact_buttons(frm) {
	const esc = frappe.utils.escape_html;
	const call = (number) =>
		`<a class="btn btn-default btn-sm cp-call" href="tel:${esc(number.replace(/\s+/g, ""))}">${__(
			"Call {0}",
			[esc(number)]
		)}</a>`;
	const mail = (address) =>
		`<a class="btn btn-default btn-sm cp-mail" href="mailto:${esc(address)}">${__("E-mail {0}", [
			esc(address),
		])}</a>`;
	const rows = [];
	for (const c of ((frm.doc.__onload || {}).contact_list || []).slice(0, CP_CONTACT_BUTTONS)) {
		const numbers = [c.mobile_no, c.phone, ...(c.phone_nos || []).map((p) => p.phone)].filter(Boolean);
		const addresses = [c.email_id, ...(c.email_ids || []).map((e) => e.email_id)].filter(Boolean);
		if (!numbers.length && !addresses.length) continue;
		const name = [c.first_name, c.last_name].filter(Boolean).join(" ");
		rows.push(
			`<div class="cp-contact"><span class="cp-contact-name">${esc(name)}</span>${[...new Set(numbers)]
				.map(call)
				.join("")}${[...new Set(addresses)].map(mail).join("")}</div>`
		);
	}
	const own = [frm.doc.phone && call(frm.doc.phone), frm.doc.email && mail(frm.doc.email)].filter(Boolean);
	if (own.length) {
		rows.push(
			`<div class="cp-contact"><span class="cp-contact-name">${esc(__("Company"))}</span>${own.join(
				""
			)}</div>`
		);
	}
	return rows.length ? `<div class="cp-contact-actions">${rows.join("")}</div>` : "";
}

frappe.ui.form.on("CP Customer", {
	refresh(frm) {
		if (frm.is_new()) return;
		const html = cp_contact_buttons(frm);
		if (!html) return;
		const body = frm.dashboard.add_section(html, __("Call or E-mail"));
		// first in the dashboard: above the connections, on the first screen of a phone
		body.closest(".form-dashboard-section").prependTo(frm.dashboard.parent);
		frm.dashboard.show();
	},
});
