// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

// Import of customers, contacts and suppliers: upload → Validate (background job) → decide the close
// matches → Import (background job) → result and report. The jobs live in crm_plus/imports/jobs.py.

frappe.ui.form.on("CP Import", {
	refresh(frm) {
		frm.add_custom_button(__("Download Template"), () => {
			const type = frm.doc.import_type || "Customer";
			window.open(
				`/api/method/crm_plus.api.imports.download_template?import_type=${encodeURIComponent(type)}`
			);
		});
		if (frm.doc.report_file) {
			frm.add_custom_button(__("Download Report"), () => window.open(frm.doc.report_file));
		}
		if (frm.is_new()) return;
		const busy = ["Queued", "Validating", "Importing"].includes(frm.doc.status);
		if (busy) {
			frm.dashboard.set_headline(__("Running in the background: this page updates when it is done."));
		}
		if (!busy && frm.doc.status !== "Completed" && frm.doc.import_file) {
			frm.add_custom_button(__("Validate"), () => crm_plus_import_call(frm, "validate_file"));
		}
		if (frm.doc.status === "Validated") {
			frm.page.set_primary_action(__("Import"), () => crm_plus_import_start(frm));
			if ((frm.doc.decisions || []).some((d) => !d.decision)) {
				[
					["Merge", __("Merge All Undecided")],
					["Create New", __("Create New for All Undecided")],
					["Skip", __("Skip All Undecided")],
				].forEach(([decision, label]) =>
					frm.add_custom_button(
						label,
						() =>
							frappe
								.call("crm_plus.api.imports.decide_all", { name: frm.doc.name, decision })
								.then(() => frm.reload_doc()),
						__("Decisions")
					)
				);
			}
		}
		if (frm.doc.message) {
			const color = frm.doc.status === "Failed" ? "red" : frm.doc.status === "Completed" ? "green" : "blue";
			frm.dashboard.set_headline_alert(frappe.utils.escape_html(frm.doc.message), color);
		}
		frm.set_df_property("decisions", "cannot_add_rows", true);
		frm.set_df_property("decisions", "cannot_delete_rows", true);
	},
});

function crm_plus_import_call(frm, method) {
	const go = () =>
		frappe
			.call({ method: `crm_plus.api.imports.${method}`, args: { name: frm.doc.name }, freeze: true })
			.then(() => {
				frappe.show_alert({ message: __("Queued: the progress shows here."), indicator: "blue" });
				frm.reload_doc();
			});
	return frm.is_dirty() ? frm.save().then(go) : go();
}

function crm_plus_import_start(frm) {
	const errors = frm.doc.error_rows || 0;
	if (errors && !frm.doc.skip_bad_rows) {
		frappe.msgprint(
			__(
				"{0} rows have errors. Correct the file and validate again, or tick Skip Rows with Errors.",
				[errors]
			)
		);
		return;
	}
	frappe.confirm(__("Import the file now?"), () => crm_plus_import_call(frm, "start_import"));
}
