// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

const PRICE_FILE_API = "crm_plus.api.price_file";

frappe.ui.form.on("CP Price File", {
	setup(frm) {
		frm.set_query("customer", () => ({ query: `${PRICE_FILE_API}.customer_query` }));
		frm.set_query("contract", () => ({ filters: { customer: frm.doc.customer || "" } }));
		// a Table MultiSelect takes its link query on the table field itself
		frm.set_query("shared_with", () => ({ filters: { enabled: 1, user_type: "System User" } }));
	},

	refresh(frm) {
		if (frm.is_new()) return;
		crm_plus_price_file.add_version_buttons(frm);
		crm_plus_price_file.add_excel_word_buttons(frm);
	},
});

frappe.ui.form.on("CP Price File Item", {
	unit_price: (frm, cdt, cdn) => crm_plus_price_file.set_net_price(cdt, cdn),
	discount: (frm, cdt, cdn) => crm_plus_price_file.set_net_price(cdt, cdn),
});

const crm_plus_price_file = {
	set_net_price(cdt, cdn) {
		const row = locals[cdt][cdn];
		const net = flt(row.unit_price) * (1 - flt(row.discount) / 100);
		frappe.model.set_value(cdt, cdn, "net_price", net);
	},

	add_version_buttons(frm) {
		const group = __("Versions");
		const kept = frm.doc.docstatus === 1;
		if (kept && ["Approved", "Expired"].includes(frm.doc.status)) {
			frm.add_custom_button(__("New Revision"), () =>
				crm_plus_price_file.make_draft(frm, "new_revision")
			);
		}
		if (kept) {
			frm.add_custom_button(
				__("Restore as New Draft"),
				() => crm_plus_price_file.make_draft(frm, "restore"),
				group
			);
		}
		frm.add_custom_button(__("Version History"), () => crm_plus_price_file.history(frm), group);
		frm.add_custom_button(__("Compare Versions"), () => crm_plus_price_file.compare(frm), group);
	},

	add_excel_word_buttons(frm) {
		const group = __("Excel / Word");
		const download = (method) =>
			window.open(
				frappe.urllib.get_full_url(
					`/api/method/${PRICE_FILE_API}.${method}?name=${encodeURIComponent(frm.doc.name)}`
				)
			);
		frm.add_custom_button(__("Export Excel"), () => download("export_xlsx"), group);
		frm.add_custom_button(__("Export Word"), () => download("export_docx"), group);
		const editable = frm.doc.docstatus === 0 && ["Draft", "Rejected"].includes(frm.doc.status);
		if (editable && frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(__("Import Lines"), () => crm_plus_price_file.import_lines(frm), group);
			frm.add_custom_button(
				__("Download Import Template"),
				() =>
					window.open(
						frappe.urllib.get_full_url(`/api/method/${PRICE_FILE_API}.download_template`)
					),
				group
			);
		}
	},

	make_draft(frm, method) {
		const message =
			method === "restore"
				? __("Make a new draft with the lines of version {0}?", [frm.doc.version])
				: __("Make a new draft revision of version {0}?", [frm.doc.version]);
		frappe.confirm(message, () =>
			frappe
				.call({ method: `${PRICE_FILE_API}.${method}`, args: { name: frm.doc.name }, freeze: true })
				.then((r) => r.message && frappe.set_route("Form", "CP Price File", r.message))
		);
	},

	versions(frm) {
		return frappe
			.call(`${PRICE_FILE_API}.version_history`, { name: frm.doc.name })
			.then((r) => r.message || []);
	},

	history(frm) {
		crm_plus_price_file.versions(frm).then((versions) => {
			const rows = versions
				.map(
					(v) => `<tr>
						<td>${v.version}</td>
						<td><a href="/app/cp-price-file/${encodeURIComponent(v.name)}">${frappe.utils.escape_html(v.title)}</a></td>
						<td>${__(v.status)}</td>
						<td>${frappe.datetime.str_to_user(v.valid_from)} ~ ${frappe.datetime.str_to_user(v.valid_to)}</td>
						<td>${v.approved_on ? frappe.datetime.str_to_user(v.approved_on) : ""}</td>
					</tr>`
				)
				.join("");
			frappe.msgprint({
				title: __("Version History"),
				wide: true,
				message: `<table class="table table-bordered table-condensed">
					<thead><tr><th>${__("Version")}</th><th>${__("Title")}</th><th>${__("Status")}</th>
					<th>${__("Validity Period")}</th><th>${__("Approved On")}</th></tr></thead>
					<tbody>${rows}</tbody></table>`,
			});
		});
	},

	compare(frm) {
		crm_plus_price_file.versions(frm).then((versions) => {
			if (versions.length < 2) {
				frappe.msgprint(__("This price file has only one version."));
				return;
			}
			const options = versions.map((v) => ({
				value: v.name,
				label: `${__("Version")} ${v.version} · ${__(v.status)}`,
			}));
			const current = versions.findIndex((v) => v.name === frm.doc.name);
			const dialog = new frappe.ui.Dialog({
				title: __("Compare Versions"),
				size: "extra-large",
				fields: [
					{
						fieldname: "from_name",
						fieldtype: "Select",
						label: __("From"),
						options,
						default: versions[Math.min(Math.max(current, 0) + 1, versions.length - 1)].name,
					},
					{ fieldtype: "Column Break" },
					{
						fieldname: "to_name",
						fieldtype: "Select",
						label: __("To"),
						options,
						default: frm.doc.name,
					},
					{ fieldtype: "Section Break" },
					{ fieldname: "result", fieldtype: "HTML" },
				],
				primary_action_label: __("Compare"),
				primary_action(values) {
					frappe
						.call(`${PRICE_FILE_API}.compare_versions`, values)
						.then((r) =>
							dialog.fields_dict.result.$wrapper.html(
								crm_plus_price_file.render_comparison(r.message, frm.doc.currency)
							)
						);
				},
			});
			dialog.show();
			dialog.primary_action(dialog.get_values());
		});
	},

	render_comparison(diff, currency) {
		const esc = frappe.utils.escape_html;
		const money = (v) => format_currency(v, currency);
		const name = (l) =>
			`${esc(l.product_name || l.product)}${l.specification ? " · " + esc(l.specification) : ""}`;
		const number = (v) => format_number(v, null, Number.isInteger(v) ? 0 : 2);
		const qty = (l) => number(l.min_qty);
		const value = (v) =>
			v === null || v === undefined || v === "" ? "" : typeof v === "number" ? number(v) : esc(v);
		const pct = (v) =>
			v === null || v === undefined
				? ""
				: `<span class="${v > 0 ? "text-danger" : "text-success"}">${v > 0 ? "+" : ""}${format_number(v, null, 2)}%</span>`;
		const table = (title, head, rows) =>
			rows.length
				? `<h5>${title} (${rows.length})</h5><table class="table table-bordered table-condensed">
					<thead><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead>
					<tbody>${rows.join("")}</tbody></table>`
				: "";
		const product = __("Product");
		const min_qty = __("Minimum Quantity");
		let html = `<p>${__("From {0} to {1}: {2} added, {3} removed, {4} changed, {5} unchanged.", [
			`${__("Version")} ${diff.from.version}`,
			`${__("Version")} ${diff.to.version}`,
			diff.added.length,
			diff.removed.length,
			diff.changed.length,
			diff.unchanged,
		])}</p>`;
		html += table(
			__("Changed"),
			[product, min_qty, __("Old Price"), __("New Price"), __("Change"), __("Other Changes")],
			diff.changed.map(
				(c) => `<tr><td>${name(c)}</td><td>${qty(c)}</td><td>${money(c.old_price)}</td>
					<td>${money(c.new_price)}</td><td>${pct(c.change_percent)}</td>
					<td>${c.changes
						.filter((f) => f.field !== "unit_price")
						.map((f) => `${esc(f.label)}: ${value(f.old)} → ${value(f.new)}`)
						.join("<br>")}</td></tr>`
			)
		);
		const simple = (l) =>
			`<tr><td>${name(l)}</td><td>${qty(l)}</td><td>${money(l.unit_price)}</td><td>${number(
				l.discount || 0
			)}</td></tr>`;
		const head = [product, min_qty, __("Unit Price"), __("Discount (%)")];
		html += table(__("Added"), head, diff.added.map(simple));
		html += table(__("Removed"), head, diff.removed.map(simple));
		return html;
	},

	import_lines(frm) {
		const dialog = new frappe.ui.Dialog({
			title: __("Import Lines"),
			fields: [
				{
					fieldname: "mode",
					fieldtype: "Select",
					label: __("Import Mode"),
					options: [
						{ value: "replace", label: __("Replace all lines") },
						{ value: "append", label: __("Add to the lines") },
					],
					default: "replace",
				},
				{
					fieldtype: "HTML",
					options: `<p class="text-muted">${__(
						"Choose an .xlsx workbook laid out like the import template. If any row has a problem, nothing is imported."
					)}</p>`,
				},
			],
			primary_action_label: __("Choose Workbook"),
			primary_action({ mode }) {
				dialog.hide();
				new frappe.ui.FileUploader({
					doctype: frm.doctype,
					docname: frm.docname,
					restrictions: { allowed_file_types: [".xlsx"] },
					allow_multiple: false,
					on_success(file) {
						frappe
							.call({
								method: `${PRICE_FILE_API}.import_lines`,
								args: { name: frm.doc.name, file_url: file.file_url, mode },
								freeze: true,
								freeze_message: __("Checking every row ..."),
							})
							.then((r) => crm_plus_price_file.show_import_result(frm, r.message));
					},
				});
			},
		});
		dialog.show();
	},

	show_import_result(frm, result) {
		if (result.ok) {
			frappe.show_alert({
				message: __("Imported {0} price lines.", [result.imported]),
				indicator: "green",
			});
			frm.reload_doc();
			return;
		}
		const esc = frappe.utils.escape_html;
		const shown = result.errors.slice(0, 500);
		const rows = shown
			.map(
				(e) =>
					`<tr><td>${e.row || ""}</td><td>${esc(e.column)} ${esc(e.column_label)}</td><td>${e.message}</td></tr>`
			)
			.join("");
		const dialog = new frappe.ui.Dialog({
			title: __("Nothing was imported: {0} problems", [result.errors.length]),
			size: "large",
			fields: [
				{
					fieldtype: "HTML",
					options: `<table class="table table-bordered table-condensed">
						<thead><tr><th>${__("Row")}</th><th>${__("Column")}</th><th>${__("Problem")}</th></tr></thead>
						<tbody>${rows}</tbody></table>`,
				},
			],
			primary_action_label: __("Download Error Report"),
			primary_action() {
				const data = [[__("Row"), __("Column"), __("Problem")]].concat(
					result.errors.map((e) => [
						e.row || "",
						`${e.column} ${e.column_label}`.trim(),
						$("<div>").html(e.message).text(),
					])
				);
				frappe.tools.downloadify(data, null, __("Import Errors"));
			},
		});
		dialog.show();
	},
};
