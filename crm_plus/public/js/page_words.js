// Page-scoped words (README, "The words on crm_plus's pages").
//
// Some of the framework's own Chinese reads wrong on crm_plus's pages: the list's age column says
// "15米" (metres) for "{0} m" (minutes), status values such as "Open" read "开". Changing those strings
// in crm_plus's zh.csv would change every app's pages, so crm_plus's translations give them a context
// instead, and only on a crm_plus page does a string that has no translation for its caller's context (or
// no context: the framework labels fields with their DocType as context) look for one of crm_plus's:
//   1. the page's own DocType or report ("Open:CP Churn Alert"), then
//   2. "CRM Plus" ("{0} m:CRM Plus"): a framework string on any crm_plus page.
// A crm_plus page is the list, report view, form or print view of a crm_plus DocType, a crm_plus report or
// the CRM Plus workspace (frappe.boot.crm_plus_pages, crm_plus/utils/page_words.py). Everywhere else, and for
// every string without such a translation or called with a context of its own, __ answers exactly as
// the framework's (pinned by crm_plus/tests/test_browser_words.py, which also walks every crm_plus page).

frappe.provide("crm_plus.words");

Object.assign(crm_plus.words, {
	CONTEXT: "CRM Plus",
	framework_translate: frappe._,

	// the DocType or report a route shows, when it is crm_plus's; null on every other page
	page_of(route) {
		const pages = frappe.boot.crm_plus_pages;
		if (!pages || !Array.isArray(route) || !route.length) return null;
		const [view, name] = route;
		if (["List", "Form", "print", "Tree"].includes(view) && pages.doctypes.includes(name)) return name;
		if (view === "query-report" && pages.reports.includes(name)) return name;
		if (view === "Workspaces" && pages.workspaces.includes(route[route.length - 1])) {
			return crm_plus.words.CONTEXT;
		}
		return null;
	},

	// the strings crm_plus gives a page-scoped translation (built once, from the boot's translations)
	scoped() {
		const pages = frappe.boot && frappe.boot.crm_plus_pages;
		if (!pages) return new Set();
		if (!crm_plus.words._scoped) {
			const contexts = new Set([crm_plus.words.CONTEXT, ...pages.doctypes, ...pages.reports]);
			crm_plus.words._scoped = new Set();
			for (const key of Object.keys(frappe._messages || {})) {
				const at = key.lastIndexOf(":");
				if (at > 0 && contexts.has(key.slice(at + 1))) crm_plus.words._scoped.add(key.slice(0, at));
			}
		}
		return crm_plus.words._scoped;
	},

	// the context a string without one takes on the current page, or null (the framework's answer)
	context_for(txt) {
		if (!crm_plus.words.scoped().has(txt)) return null;
		const page = crm_plus.words.page_of(frappe.get_route && frappe.get_route());
		if (!page) return null;
		for (const context of [page, crm_plus.words.CONTEXT]) {
			if (frappe._messages[`${txt}:${context}`]) return context;
		}
		return null;
	},
});

frappe._ = function (txt, replace, context = null) {
	// a caller's own context wins when it has a translation (the framework's rule); otherwise, on a
	// crm_plus page, the page's words come before the framework's plain ones
	if (typeof txt === "string" && txt && !(context && (frappe._messages || {})[`${txt}:${context}`])) {
		context = crm_plus.words.context_for(txt) || context;
	}
	return crm_plus.words.framework_translate.call(this, txt, replace, context);
};
window.__ = frappe._;
