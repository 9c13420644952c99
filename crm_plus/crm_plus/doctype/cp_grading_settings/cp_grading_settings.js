// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

function render_tiers(frm) {
	const tiers = (frm.doc.__onload || {}).tiers || [];
	const esc = frappe.utils.escape_html;
	const rows = tiers
		.map(
			(t) => `<tr>
				<td><a href="/app/cp-customer-grade/${encodeURIComponent(t.name)}">${esc(t.name)}</a></td>
				<td class="text-right">${format_number(t.min_score, null, 1)}</td>
				<td class="text-right">${cint(t.sequence)}</td>
				<td>${esc(t.service_policy || "")}</td>
			</tr>`
		)
		.join("");
	frm.get_field("tiers_html").$wrapper.html(`
		<table class="table table-bordered table-sm">
			<thead><tr>
				<th>${__("Customer Grade")}</th>
				<th class="text-right">${__("Minimum Score")}</th>
				<th class="text-right">${__("Rank")}</th>
				<th>${__("Service Policy")}</th>
			</tr></thead>
			<tbody>${rows || `<tr><td colspan="4">${__("No tiers yet.")}</td></tr>`}</tbody>
		</table>
		<a href="/app/cp-customer-grade">${__("Edit the tiers")}</a>
	`);
}

frappe.ui.form.on("CP Grading Settings", {
	refresh(frm) {
		render_tiers(frm);
		if (frappe.user.has_role(["CP CRM Administrator", "System Manager"])) {
			frm.add_custom_button(__("Re-grade All Customers"), () =>
				frappe.call({
					method: "crm_plus.api.grading.regrade_all",
					callback: () =>
						frappe.show_alert({
							message: __("Re-grading started; you will be notified when it is done."),
							indicator: "blue",
						}),
				})
			);
		}
		frm.add_custom_button(__("Grade History"), () => frappe.set_route("List", "CP Grade History"));
	},
});
