"""Page-scoped words: which desk pages are crm_plus's (crm_plus/public/js/page_words.js).

On these pages a string the desk translates without a context first looks for a translation with the
page's DocType or report, then "CRM Plus", as its context (crm_plus/translations/zh.csv); every other
page keeps the framework's words. README, "The words on crm_plus's pages".
"""

import frappe

# the context of framework strings translated for every crm_plus page ("{0} m:CRM Plus")
CONTEXT = "CRM Plus"


def crm_plus_pages() -> dict[str, list[str]]:
	"""crm_plus's DocTypes, reports and workspaces, by name."""
	modules = frappe.get_module_list("crm_plus")
	by_module = {"module": ("in", modules)}
	return {
		"doctypes": frappe.get_all("DocType", filters=by_module, pluck="name", order_by="name"),
		"reports": frappe.get_all("Report", filters=by_module, pluck="name", order_by="name"),
		"workspaces": frappe.get_all("Workspace", filters=by_module, pluck="name", order_by="name"),
	}


def boot_session(bootinfo) -> None:
	if frappe.session.user != "Guest":
		bootinfo.crm_plus_pages = crm_plus_pages()
