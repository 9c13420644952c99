// The desk's side of crm_plus/compat.py: a difference between Frappe 15 and Frappe 16 that the
// browser meets (README, "Frappe v16"). Loaded on every desk page (hooks.py app_include_js).
//
// Workflow actions in the form. Frappe 16's form reads its workflow's `enable_action_confirmation`
// with frappe.db.get_value("Workflow", {document_type: ...}, "enable_action_confirmation") before
// each action. That call needs read permission on Workflow, which only a System Manager has, so a
// Price Manager approving a price file got "No permission for Workflow" (frappe/frappe#34991).
// Frappe fixed it upstream (frappe/frappe#36955) by reading the value from the workflow the form has
// already loaded with its DocType (frappe.workflow.workflows), not by granting read on Workflow; this
// answers that one call the same way, so no role gets read on every workflow of the site. Any other
// get_value goes to the server as before. Frappe 15's form never makes this call.
// Pinned by crm_plus/tests/test_price_file_browser.py.

frappe.provide("crm_plus.compat");

crm_plus.compat.WORKFLOW_SETTINGS = ["enable_action_confirmation"];

// the form's own copy of a workflow setting, or undefined when the form has not loaded that workflow
crm_plus.compat.loaded_workflow_setting = function (doctype, filters, fieldname) {
	if (doctype !== "Workflow" || !crm_plus.compat.WORKFLOW_SETTINGS.includes(fieldname)) return;
	const document_type = filters && typeof filters === "object" ? filters.document_type : null;
	if (!document_type || Object.keys(filters).length !== 1) return;
	const workflow = frappe.workflow && frappe.workflow.workflows[document_type];
	if (!workflow) return;
	return { [fieldname]: workflow[fieldname] || 0 };
};

(function () {
	const get_value = frappe.db.get_value;
	frappe.db.get_value = function (doctype, filters, fieldname, callback, parent_doc) {
		const message = crm_plus.compat.loaded_workflow_setting(doctype, filters, fieldname);
		if (message === undefined) return get_value.apply(this, arguments);
		callback && callback(message);
		return Promise.resolve({ message });
	};
})();
