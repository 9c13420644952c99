// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

// 公海: unassigned customers (limited fields); tick rows and claim them.
frappe.query_reports["CP Customer Pool"] = {
	filters: [
		{ fieldname: "search", label: __("Search"), fieldtype: "Data" },
		{
			fieldname: "customer_category",
			label: __("Customer Category"),
			fieldtype: "Link",
			options: "CP Customer Category",
		},
		{
			fieldname: "customer_source",
			label: __("Customer Source"),
			fieldtype: "Link",
			options: "CP Customer Source",
		},
		crm_plus.reports.link("region", __("Region"), "CP Region"),
		crm_plus.reports.link("industry", __("Industry"), "CP Industry"),
		crm_plus.reports.link("grade", __("Customer Grade"), "CP Customer Grade"),
	],

	get_datatable_options(options) {
		return Object.assign(options, { checkboxColumn: true });
	},

	onload(report) {
		// the pool's one action, a primary button: on a phone too it is on the screen, not in a menu
		report.page.set_primary_action(__("Claim Selected"), () => {
			const customers = report.get_checked_items(true);
			if (!customers.length) {
				frappe.msgprint(__("Tick the customers you want to claim."));
				return;
			}
			frappe.confirm(__("Claim {0} customers? They become yours.", [customers.length]), () =>
				frappe.call({
					method: "crm_plus.api.allocation.claim",
					args: { customers },
					freeze: true,
					callback: (r) => {
						if (r.message) {
							frappe.show_alert({ message: r.message.message, indicator: "green" });
							report.refresh();
						}
					},
				})
			);
		});
	},
};
