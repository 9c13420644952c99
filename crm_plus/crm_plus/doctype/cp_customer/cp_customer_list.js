// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

// Allocation from the customer list: tick customers, pick an action in the Actions menu, see the
// preview (how many move, from whom, to whom) and confirm. The server checks every right again.

frappe.listview_settings["CP Customer"] = {
	onload(listview) {
		const roles = frappe.user_roles;
		const admin = ["System Manager", "CP CRM Administrator", "Administrator"].some((r) =>
			roles.includes(r)
		);
		const manager = admin || roles.includes("CP Sales Manager");
		const sales = admin || manager || roles.includes("CP Sales Rep");
		// who may, the Actions menu's label, the operation, crm_plus.api.allocation's method, the dialog's title
		const actions = [
			[
				manager,
				__("Allocate to Sales Rep"),
				"Select-allocate",
				"allocate",
				__("Allocate Unassigned Customers"),
			],
			[
				manager,
				__("Return to Pool"),
				"Re-allocate",
				"return_to_pool",
				__("Return Customers to the Pool"),
			],
			[sales, __("Transfer to Sales Rep"), "Transfer", "transfer", __("Transfer Customers")],
			[sales, __("Claim"), "Claim", "claim", __("Claim Customers")],
		];
		for (const [allowed, label, operation, method, title] of actions) {
			if (!allowed) continue;
			const options = {
				operation,
				method: `crm_plus.api.allocation.${method}`,
				title,
				needs_owner: ["Select-allocate", "Transfer"].includes(operation),
				no_reason: operation === "Claim",
			};
			listview.page.add_actions_menu_item(label, () => crm_plus_move(listview, options), false);
		}
		if (sales) {
			listview.page.add_inner_button(__("Customer Pool"), () =>
				frappe.set_route("query-report", "CP Customer Pool")
			);
			listview.page.add_inner_button(__("Allocation Tool"), () =>
				frappe.set_route("Form", "CP Allocation Tool")
			);
		}
	},
};

function crm_plus_move(listview, { operation, method, title, needs_owner, no_reason }) {
	const customers = listview.get_checked_items(true);
	if (!customers.length) {
		frappe.msgprint(__("Tick the customers first."));
		return;
	}
	const fields = [];
	if (needs_owner) {
		fields.push({
			fieldname: "to_owner",
			label: __("New Owner"),
			fieldtype: "Link",
			options: "User",
			reqd: 1,
			get_query: () => ({ query: "crm_plus.api.customer.sales_user_query" }),
		});
	}
	if (!no_reason) {
		fields.push({ fieldname: "reason", label: __("Reason"), fieldtype: "Small Text" });
	}
	const run = (values) =>
		frappe
			.call({
				method: "crm_plus.api.allocation.preview",
				args: { operation, customers, to_owner: values.to_owner },
			})
			.then((r) => {
				const preview = r.message;
				if (!preview.count) {
					frappe.msgprint({ title, message: preview.html });
					return;
				}
				frappe.confirm(preview.html, () =>
					frappe.call({ method, args: { customers, ...values }, freeze: true }).then((res) => {
						frappe.show_alert({ message: res.message.message, indicator: "green" }, 7);
						listview.clear_checked_items();
						listview.refresh();
					})
				);
			});
	if (!fields.length) {
		run({});
		return;
	}
	const dialog = new frappe.ui.Dialog({
		title,
		fields,
		primary_action_label: __("Preview"),
		primary_action(values) {
			dialog.hide();
			run(values);
		},
	});
	dialog.show();
}
