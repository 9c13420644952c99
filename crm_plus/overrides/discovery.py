"""Discovery endpoints that list documents by something other than a list query, with record rules.

- ``frappe.utils.global_search.search`` (the awesome bar's full-text search) returns every indexed
  record of a DocType the user may read at all, with its indexed text (a customer's name);
- ``frappe.desk.doctype.tag.tag.get_tagged_docs`` returns the names of every record of a DocType that
  carries a tag.

For DocTypes crm_plus guards, only the records the user may see are kept (the framework's own
permitted query decides); everything else is the framework's answer unchanged.
"""

import frappe
from frappe.desk.doctype.tag import tag
from frappe.utils import global_search

from crm_plus.overrides import Call, extends
from crm_plus.permissions import has_record_rules


def visible_names(doctype: str, names: list[str]) -> set[str]:
	if not names:
		return set()
	return set(frappe.get_list(doctype, filters={"name": ("in", list(names))}, pluck="name", limit=0))


@extends(global_search.search, reads=())
def search(call: Call):
	results = call.original()
	by_doctype: dict[str, list[str]] = {}
	for r in results:
		if has_record_rules(r.get("doctype")):
			by_doctype.setdefault(r["doctype"], []).append(r["name"])
	if not by_doctype:
		return results
	visible = {dt: visible_names(dt, names) for dt, names in by_doctype.items()}
	return [r for r in results if r.get("doctype") not in visible or r["name"] in visible[r["doctype"]]]


@extends(tag.get_tagged_docs, reads=("doctype",))
def get_tagged_docs(call: Call):
	result = call.original()
	doctype = call["doctype"]
	if not has_record_rules(doctype):
		return result
	visible = visible_names(doctype, [row[0] for row in result])
	return [row for row in result if row[0] in visible]
