// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

// The allocation tool: pick customers by rule, Preview (nothing moves), then Run. The form is never
// saved; the values go to crm_plus.api.allocation.preview / run_rule.

const CP_RULE_FIELDS = [
	"customer_category",
	"customer_source",
	"region",
	"industry",
	"company_type",
	"grade",
	"from_owner",
	"only_unassigned",
];

frappe.ui.form.on("CP Allocation Tool", {
	setup(frm) {
		const sales_users = () => ({ query: "crm_plus.api.customer.sales_user_query" });
		frm.set_query("to_owner", sales_users);
		frm.set_query("from_owner", sales_users);
	},

	refresh(frm) {
		frm.disable_save();
		const roles = frappe.user_roles;
		const manager = ["System Manager", "CP CRM Administrator", "Administrator", "CP Sales Manager"].some(
			(r) => roles.includes(r)
		);
		if (!manager) {
			// a sales rep hands over their own customers
			frm.set_value("operation", "Transfer");
			frm.set_df_property("operation", "read_only", 1);
			frm.set_df_property("from_owner", "hidden", 1);
			frm.set_df_property("only_unassigned", "hidden", 1);
		}
		frm.page.set_primary_action(__("Run", null, "CP Allocation Tool"), () => crm_plus_allocation_run(frm));
		frm.add_custom_button(__("Preview"), () => crm_plus_allocation_preview(frm));
		frm.add_custom_button(__("Customer Pool"), () => frappe.set_route("query-report", "CP Customer Pool"));
		frm.add_custom_button(__("Owner Change Log"), () => frappe.set_route("List", "CP Owner Change Log"));
		crm_plus_allocation_show(frm, "");
	},

	operation(frm) {
		if (frm.doc.operation === "Re-allocate") frm.set_value("to_owner", "");
		crm_plus_allocation_show(frm, "");
	},
	to_owner: (frm) => crm_plus_allocation_show(frm, ""),
	...Object.fromEntries(CP_RULE_FIELDS.map((f) => [f, (frm) => crm_plus_allocation_show(frm, "")])),
});

function crm_plus_allocation_args(frm) {
	const filters = {};
	CP_RULE_FIELDS.forEach((f) => {
		if (frm.doc[f]) filters[f] = frm.doc[f];
	});
	return { operation: frm.doc.operation, filters, to_owner: frm.doc.to_owner || null };
}

function crm_plus_allocation_show(frm, html) {
	frm.get_field("preview_html").$wrapper.html(html);
}

function crm_plus_allocation_preview(frm) {
	return frappe
		.call({ method: "crm_plus.api.allocation.preview", args: crm_plus_allocation_args(frm), freeze: true })
		.then((r) => {
			crm_plus_allocation_show(frm, r.message.html);
			return r.message;
		});
}

function crm_plus_allocation_run(frm) {
	crm_plus_allocation_preview(frm).then((preview) => {
		if (!preview.count) return;
		frappe.confirm(preview.html, () => {
			const args = { ...crm_plus_allocation_args(frm), reason: frm.doc.reason || null };
			frappe
				.call({ method: "crm_plus.api.allocation.run_rule", args, freeze: true })
				.then((r) => {
					frappe.msgprint({ title: __("Allocation"), message: r.message.message, indicator: "green" });
					crm_plus_allocation_show(frm, "");
				});
		});
	});
}
