// CRM Plus desk additions, loaded on every desk page (hooks.py app_include_js).
//
// Export Word / Export Excel on the list and form of every crm_plus DocType (the list in
// frappe.boot.crm_plus_exportable). Server side: crm_plus/api/exports.py, crm_plus/exports/.

frappe.provide("crm_plus.exports");

Object.assign(crm_plus.exports, {
	is_exportable(doctype) {
		return (frappe.boot.crm_plus_exportable || []).includes(doctype);
	},

	// the arguments that have a value (the server reads a missing one as "none")
	present(args) {
		return Object.fromEntries(
			Object.entries(args).filter(([, value]) => value !== null && value !== undefined)
		);
	},

	download(method, args) {
		open_url_post(`/api/method/${method}`, crm_plus.exports.present(args));
	},

	export_doc(frm) {
		if (frm.is_dirty()) {
			frappe.msgprint(__("Save the document first: the export shows its saved values."));
			return;
		}
		crm_plus.exports.download("crm_plus.api.exports.download_doc", {
			doctype: frm.doctype,
			name: frm.docname,
		});
	},

	// Selected rows if any, else everything the list's filters match, in the list's order.
	export_list(listview, file_format) {
		const names = listview.get_checked_items(true);
		const args = {
			doctype: listview.doctype,
			file_format: file_format,
			filters: names.length ? null : listview.get_filters_for_args(),
			names: names.length ? names : null,
			order_by: listview.sort_by ? `${listview.sort_by} ${listview.sort_order}` : null,
		};
		frappe
			.call({
				method: "crm_plus.api.exports.prepare_list_export",
				args: crm_plus.exports.present(args),
				freeze: true,
				freeze_message: __("Preparing the export..."),
			})
			.then((r) => {
				const { count, queued } = r.message;
				if (queued) {
					frappe.msgprint(
						__(
							"{0} records are being exported in the background. The file will be in your notifications when it is ready.",
							[count]
						),
						__("Export Started")
					);
				} else if (!count) {
					frappe.msgprint(__("There is nothing to export."));
				} else {
					crm_plus.exports.download("crm_plus.api.exports.download_list", args);
				}
			});
	},

	list_items(listview) {
		if (!crm_plus.exports.is_exportable(listview.doctype) || !frappe.model.can_export(listview.doctype)) {
			return [];
		}
		return [
			{
				label: __("Export Excel"),
				action: () => crm_plus.exports.export_list(listview, "xlsx"),
			},
			{
				label: __("Export Word"),
				action: () => crm_plus.exports.export_list(listview, "docx"),
			},
		];
	},
});

// Filters of crm_plus's script reports, one call each: a Select of [value, translated label] pairs and
// the common links; `more` adds or overrides properties (reqd, default, depends_on ...).
frappe.provide("crm_plus.reports");
Object.assign(crm_plus.reports, {
	select(fieldname, label, pairs, more = {}) {
		const options = pairs.map(([value, text]) => ({ value, label: text }));
		return { fieldname, label, fieldtype: "Select", options, ...more };
	},
	link(fieldname, label, options, more = {}) {
		return { fieldname, label, fieldtype: "Link", options, ...more };
	},
	date(fieldname, label, more = {}) {
		return { fieldname, label, fieldtype: "Date", ...more };
	},
	// the period of the sales reports (Month first)
	period(with_year = true) {
		const pairs = [
			["Month", __("Month")],
			["Quarter", __("Quarter")],
		];
		if (with_year) pairs.push(["Year", __("Year")]);
		return crm_plus.reports.select("period", __("Period"), pairs, { reqd: 1, default: "Month" });
	},
});

// "Link to ERPNext" on the CP Customer and CP Supplier forms, where ERPNext is installed
// (crm_plus/api/erpnext.py): `party` is "customer" or "supplier".
frappe.provide("crm_plus.erpnext");
crm_plus.erpnext.add_link_button = function (frm, party, linked_message) {
	if (!(frappe.boot.versions && frappe.boot.versions.erpnext && frm.perm[0] && frm.perm[0].write)) {
		return;
	}
	frm.add_custom_button(
		__("Link to ERPNext"),
		() =>
			frappe.call({
				method: `crm_plus.api.erpnext.link_${party}`,
				args: { [party]: frm.doc.name },
				freeze: true,
				callback: (r) => {
					frappe.show_alert({ message: linked_message(r.message), indicator: "green" });
					frm.reload_doc();
				},
			}),
		__("Actions")
	);
};

// link every unlinked customer or product to ERPNext at once (CP ERPNext Settings)
crm_plus.erpnext.start_bulk_link = function (what) {
	frappe
		.call({ method: "crm_plus.api.erpnext.link_in_bulk", args: { what }, freeze: true })
		.then((r) =>
			frappe.msgprint(
				r.message.queued
					? __("Linking runs in the background; its report will be in your notifications.")
					: __("Linking is already running; its report will be in your notifications.")
			)
		);
};

// the list's menu (and the Actions menu when rows are selected). The framework has no hook for the menu
// of every list, so its two builders are wrapped: lists of other DocTypes get exactly the framework's
// items (pinned by crm_plus/tests/test_browser_smoke.py, which also fails if the builders disappear).
const list_view_prototype = frappe.views.ListView.prototype;
crm_plus.exports.framework_list_menus = {};
for (const method of ["get_menu_items", "get_actions_menu_items"]) {
	const original = list_view_prototype[method];
	if (typeof original !== "function") {
		console.warn(`crm_plus: frappe.views.ListView.${method} is gone; Export Excel/Word not in lists`);
		continue;
	}
	crm_plus.exports.framework_list_menus[method] = original;
	list_view_prototype[method] = function () {
		const items = original.apply(this, arguments);
		const ours = crm_plus.exports.list_items(this);
		return ours.length && Array.isArray(items) ? items.concat(ours) : items;
	};
}

// the form's menu
$(document).on("form-refresh", (event, frm) => {
	if (frm.is_new() || !crm_plus.exports.is_exportable(frm.doctype) || !frappe.model.can_read(frm.doctype)) {
		return;
	}
	frm.page.add_menu_item(__("Export Word"), () => crm_plus.exports.export_doc(frm));
});
