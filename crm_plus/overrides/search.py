"""Link search (``frappe.desk.search.search_link`` / ``search_widget``) that keeps crm_plus's record rules.

Frappe 15's search drops every permission check when the client sends ``ignore_user_permissions=1``
and the user may read the DocType at all (``reference_doctype`` only changes which DocType that is
asked of), and it selects any ``searchfield`` / ``filter_fields`` the client names. For DocTypes
crm_plus guards (record rules, and the child tables of guarded DocTypes) the flag is dropped, so the
search lists only records the user may see, and naming a field above the user's permission level (cost,
margin) as search or filter field is refused. Every other DocType is searched by the framework as before.

A Link field's search ``query`` that crm_plus overrides is answered by the override here too (the
framework calls the query itself, past hooks' ``override_whitelisted_methods``).

``get_link_title`` (the title shown for a link value) reads the title of any record without a permission
check; for guarded DocTypes a record the user may not read keeps its bare name.
"""

import json

import frappe
from frappe import _
from frappe.desk import search

from crm_plus.overrides import Call, extends
from crm_plus.permissions import is_guarded, restricted_fieldnames

READS = ("doctype", "searchfield", "reference_doctype", "ignore_user_permissions")


@extends(search.search_link, reads=(*READS, "query"))
def search_link(call: Call):
	return searched(call)


@extends(search.search_widget, reads=(*READS, "filter_fields", "query"))
def search_widget(call: Call):
	return searched(call)


def searched(call: Call):
	changes = overridden_query(call)
	if guard(call):
		changes["ignore_user_permissions"] = False
	return call.with_arguments(**changes) if changes else call.original()


def overridden_query(call: Call) -> dict:
	"""A Link field's search `query` that crm_plus overrides, replaced by the override.

	The framework calls the query method itself (``frappe.call(query, ...)``), not through the request
	handler, so hooks' ``override_whitelisted_methods`` never apply to it: a picker crm_plus overrides
	because it ignores permissions (ERPNext 16's primary-contact query of the Customer form) answered
	unguarded through the desk's search."""
	query = call["query"]
	if not query or not isinstance(query, str):
		return {}
	target = frappe.override_whitelisted_method(query)
	if target != query and target.startswith("crm_plus.overrides."):
		return {"query": target}
	return {}


def guard(call: Call) -> bool:
	"""Whether the search is of a guarded DocType (then refuse restricted fields); False otherwise."""
	doctype = call["doctype"]
	if frappe.session.user == "Administrator" or not doctype or not is_guarded(doctype):
		return False
	named = [call["searchfield"]]
	if "filter_fields" in call.arguments and call["filter_fields"]:
		fields = call["filter_fields"]
		named += json.loads(fields) if isinstance(fields, str) else list(fields)
	restricted = restricted_fieldnames(doctype)
	for field in named:
		if field and str(field).strip().strip("`") in restricted:
			frappe.throw(
				_("You may not search by {0}.").format(field),
				frappe.PermissionError,
				title=_("Not Permitted"),
			)
	return True


@extends(search.get_link_title, reads=("doctype", "docname"))
def get_link_title(call: Call):
	doctype, docname = call["doctype"], call["docname"]
	if (
		frappe.session.user != "Administrator"
		and is_guarded(doctype)
		and frappe.db.exists(doctype, docname)
		and not frappe.has_permission(doctype, "read", doc=docname)
	):
		return docname
	return call.original()
