"""The form's timeline without values above the user's permission level.

Frappe 15's getdoc strips fields the user may not read (cost and margin of price lines, permlevel 1)
from the document, but the timeline it sends along (docinfo.versions) carries every changed value of
every Version record, those fields included. These overrides call the framework exactly as they were
called and then remove, from each version, the changes of fields the user may not read; users who may
read everything get the framework's answer unchanged.
"""

import json

import frappe
from frappe.desk.form import load

from crm_plus.overrides import Call, extends


@extends(load.getdoc, reads=("doctype",))
def getdoc(call: Call):
	result = call.original()
	scrub_docinfo_versions(call["doctype"])
	return result


@extends(load.get_docinfo, reads=("doc", "doctype"))
def get_docinfo(call: Call):
	result = call.original()
	doc = call["doc"]
	scrub_docinfo_versions(doc.doctype if doc else call["doctype"])
	return result


def unreadable_fields(doctype: str, user: str | None = None) -> dict[str, set[str]]:
	"""{"": parent fields, table fieldname: child fields} above the levels `user` may read."""
	user = user or frappe.session.user
	meta = frappe.get_meta(doctype)
	readable = set(meta.get_permlevel_access("read", user=user))
	hidden = {"": {df.fieldname for df in meta.fields if df.permlevel and df.permlevel not in readable}}
	for table in meta.get_table_fields():
		hidden[table.fieldname] = {
			df.fieldname
			for df in frappe.get_meta(table.options).fields
			if df.permlevel and df.permlevel not in readable
		}
	return {k: v for k, v in hidden.items() if v}


def scrub_version_data(data: dict, hidden: dict[str, set[str]]) -> dict:
	parent = hidden.get("", set())
	data["changed"] = [c for c in data.get("changed") or [] if c[0] not in parent]
	for key in ("added", "removed"):
		for table, row in data.get(key) or []:
			for fieldname in hidden.get(table, ()):
				row.pop(fieldname, None)
	row_changed = []
	for table, idx, row_name, changes in data.get("row_changed") or []:
		kept = [c for c in changes if c[0] not in hidden.get(table, ())]
		if kept:
			row_changed.append([table, idx, row_name, kept])
	data["row_changed"] = row_changed
	return data


def scrub_docinfo_versions(doctype: str | None) -> None:
	docinfo = frappe.response.get("docinfo")
	if not doctype or not docinfo or frappe.session.user == "Administrator":
		return
	hidden = unreadable_fields(doctype)
	if not hidden:
		return
	for version in docinfo.get("versions") or []:
		try:
			data = json.loads(version.data)
		except (TypeError, ValueError):
			continue
		version.data = json.dumps(scrub_version_data(data, hidden), default=str)
