// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

// Amounts and totals shown while typing; the server computes the stored ones (CP Order.compute_amounts).
function update_totals(frm) {
	let qty = 0;
	let amount = 0;
	(frm.doc.items || []).forEach((line) => {
		qty += flt(line.qty);
		amount += flt(line.amount);
	});
	frm.set_value("total_qty", qty);
	frm.set_value("total_amount", amount);
}

frappe.ui.form.on("CP Order", {
	setup(frm) {
		frm.set_query("product", "items", () => ({ filters: { disabled: 0 } }));
		frm.set_query("contract", () => ({ filters: { customer: frm.doc.customer } }));
	},

	items_remove(frm) {
		update_totals(frm);
	},
});

frappe.ui.form.on("CP Order Item", {
	product(frm, cdt, cdn) {
		const line = locals[cdt][cdn];
		if (line.product && !flt(line.rate)) {
			frappe.db.get_value("CP Product", line.product, "standard_price").then((r) => {
				if (r.message && flt(r.message.standard_price)) {
					frappe.model.set_value(cdt, cdn, "rate", r.message.standard_price);
				}
			});
		}
	},

	qty(frm, cdt, cdn) {
		const line = locals[cdt][cdn];
		frappe.model.set_value(cdt, cdn, "amount", flt(line.qty) * flt(line.rate));
		update_totals(frm);
	},

	rate(frm, cdt, cdn) {
		const line = locals[cdt][cdn];
		frappe.model.set_value(cdt, cdn, "amount", flt(line.qty) * flt(line.rate));
		update_totals(frm);
	},
});
