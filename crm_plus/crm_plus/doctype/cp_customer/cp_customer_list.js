// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

// Allocation from the customer list: tick customers, pick an action in the Actions menu, see the
// preview (how many move, from whom, to whom) and confirm. The server checks every right again.

frappe.listview_settings["CP Customer"] = {
	onload(listview) {
		const roles = frappe.user_roles;
		const admin = ["System Manager", "CP CRM Administrator", "Administrator"].some((r) => roles.includes(r));
		const manager = admin || roles.includes("CP Sales Manager");
		const sales = admin || manager || roles.includes("CP Sales Rep");
		const action = (label, options) =>
			listview.page.add_actions_menu_item(label, () => crm_plus_move(listview, options), false);

		if (manager) {
			action(__("Allocate to Sales Rep"), {
				operation: "Select-allocate",
				method: "crm_plus.api.allocation.allocate",
				title: __("Allocate Unassigned Customers"),
				needs_owner: true,
			});
			action(__("Return to Pool"), {
				operation: "Re-allocate",
				method: "crm_plus.api.allocation.return_to_pool",
				title: __("Return Customers to the Pool"),
			});
		}
		if (sales) {
			action(__("Transfer to Sales Rep"), {
				operation: "Transfer",
				method: "crm_plus.api.allocation.transfer",
				title: __("Transfer Customers"),
				needs_owner: true,
			});
			action(__("Claim"), {
				operation: "Claim",
				method: "crm_plus.api.allocation.claim",
				title: __("Claim Customers"),
				no_reason: true,
			});
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
					frappe
						.call({ method, args: { customers, ...values }, freeze: true })
						.then((res) => {
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
