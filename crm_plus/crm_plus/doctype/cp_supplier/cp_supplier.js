// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

const STATUS_COLOURS = { "On Time": "green", Late: "orange", Overdue: "red", Pending: "blue" };

function render_cooperation(frm) {
	const history = (frm.doc.__onload || {}).cooperation || { deliveries: [], evaluations: [] };
	const esc = frappe.utils.escape_html;
	const date = (d) => (d ? frappe.datetime.str_to_user(d) : "");
	const deliveries = history.deliveries
		.map(
			(d) => `<tr>
				<td><a href="/app/cp-supplier-delivery/${encodeURIComponent(d.name)}">${esc(d.description || d.name)}</a></td>
				<td>${date(d.promised_date)}</td>
				<td>${date(d.actual_date)}</td>
				<td><span class="indicator-pill ${STATUS_COLOURS[d.delivery_status] || "gray"}">${__(d.delivery_status, null, "CP Supplier Delivery")}</span></td>
			</tr>`
		)
		.join("");
	const evaluations = history.evaluations
		.map(
			(e) => `<tr>
				<td><a href="/app/cp-supplier-quality-evaluation/${encodeURIComponent(e.name)}">${date(e.evaluation_date)}</a></td>
				<td>${"★".repeat(e.score)}${"☆".repeat(5 - e.score)}</td>
				<td>${esc(e.note || "")}</td>
			</tr>`
		)
		.join("");
	const empty = `<p class="text-muted">${__("None yet")}</p>`;
	frm.get_field("cooperation_html").$wrapper.html(`
		<div class="row">
			<div class="col-md-7">
				<h6>${__("Latest Deliveries")}</h6>
				${
					deliveries
						? `<table class="table table-sm table-bordered"><thead><tr>
							<th>${__("Goods / Services")}</th><th>${__("Promised Delivery Date")}</th>
							<th>${__("Actual Delivery Date")}</th><th>${__("Delivery Status")}</th>
						</tr></thead><tbody>${deliveries}</tbody></table>`
						: empty
				}
			</div>
			<div class="col-md-5">
				<h6>${__("Latest Quality Evaluations")}</h6>
				${
					evaluations
						? `<table class="table table-sm table-bordered"><thead><tr>
							<th>${__("Evaluation Date")}</th><th>${__("Quality Score")}</th><th>${__("Evaluation Note")}</th>
						</tr></thead><tbody>${evaluations}</tbody></table>`
						: empty
				}
			</div>
		</div>`);
}

frappe.ui.form.on("CP Supplier", {
	refresh(frm) {
		frappe.dynamic_link = { doc: frm.doc, fieldname: "name", doctype: "CP Supplier" };
		frm.toggle_display(["address_contacts_section", "history_section"], !frm.is_new());
		if (frm.is_new()) {
			frappe.contacts.clear_address_and_contact(frm);
			return;
		}
		frappe.contacts.render_address_and_contact(frm);
		render_cooperation(frm);
		if (frm.doc.customer) {
			frm.dashboard.set_headline_alert(
				__("This supplier is also a customer: {0}", [
					`<a href="/app/cp-customer/${encodeURIComponent(frm.doc.customer)}">${frappe.utils.escape_html(
						frm.doc.customer_name || frm.doc.customer
					)}</a>`,
				]),
				"blue"
			);
		}
		crm_plus.erpnext.add_link_button(frm, "supplier", (name) =>
			__("Linked to ERPNext supplier {0}", [name])
		);
	},
});
