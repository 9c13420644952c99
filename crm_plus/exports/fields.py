"""Which fields an export shows, read from the DocType's metadata and the user's permission levels.

A field the user may not read at their permission level (a cost price at level 1 for a sales rep)
is left out entirely, label and all, as the form leaves it out. Callers have already established
that the user may read the record(s) themselves, so level 0 is always readable here.
"""

from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.model import default_fields, no_value_fields, table_fields

# value fields that make no sense in a document or a sheet
SKIPPED_FIELDTYPES = ("Password", "Signature", "Geolocation", "JSON", "Button")
LONG_TEXT_FIELDTYPES = ("Text Editor", "HTML Editor", "Markdown Editor", "Text", "Long Text", "Code")
NAME_LABEL = "ID"


def readable_levels(doctype: str, user: str | None = None, parent_doctype: str | None = None) -> set | None:
	"""Permission levels of `doctype` the user may read; None when the DocType defines none (all)."""
	meta = frappe.get_meta(doctype)
	if not meta.get_permissions(parenttype=parent_doctype):
		return None
	levels = set(meta.get_permlevel_access("read", parenttype=parent_doctype, user=user))
	levels.add(0)
	return levels


def is_readable(df, levels: set | None) -> bool:
	return levels is None or (df.permlevel or 0) in levels


def value_fields(doctype: str, user: str | None = None, parent_doctype: str | None = None) -> list:
	"""The DocFields with a value that the user may read, in form order (hidden ones included)."""
	levels = readable_levels(doctype, user, parent_doctype)
	return [
		df
		for df in frappe.get_meta(doctype).fields
		if df.fieldtype not in no_value_fields
		and df.fieldtype not in SKIPPED_FIELDTYPES
		and is_readable(df, levels)
	]


def readable_values(doc, user: str | None = None) -> dict:
	"""`doc` as plain values (child rows as lists of dicts) without the fields the user may not read."""
	meta = frappe.get_meta(doc.doctype)
	levels = readable_levels(doc.doctype, user, doc.get("parenttype") if meta.istable else None)
	values = {key: doc.get(key) for key in default_fields if key != "doctype"}
	for df in meta.fields:
		if not is_readable(df, levels) or df.fieldtype in SKIPPED_FIELDTYPES:
			continue
		if df.fieldtype in table_fields:
			values[df.fieldname] = [readable_values(row, user) for row in doc.get(df.fieldname) or []]
		elif df.fieldtype not in no_value_fields:
			values[df.fieldname] = doc.get(df.fieldname)
	return values


@dataclass
class Column:
	fieldname: str
	label: str
	fieldtype: str = "Data"
	options: str | None = None

	@classmethod
	def of(cls, df) -> "Column":
		return cls(df.fieldname, _(df.label or df.fieldname), df.fieldtype, df.options)

	@classmethod
	def name_column(cls, meta) -> "Column":
		return cls("name", _(NAME_LABEL), "Data")


def child_fields(child_doctype: str, parent_doctype: str, user: str | None = None) -> list:
	"""The fields of a child table a form export shows: its list-view fields, or all visible ones."""
	fields = [df for df in value_fields(child_doctype, user, parent_doctype) if not df.hidden]
	return [df for df in fields if df.in_list_view] or fields


@dataclass
class Section:
	label: str
	fields: list = field(default_factory=list)


def form_sections(doctype: str, user: str | None = None) -> list[Section]:
	"""The form's sections with the fields (and tables) the user may read, hidden and print-hidden
	fields left out, labels translated; a tab's label names the section that opens it, unless that
	section has a label of its own."""
	meta = frappe.get_meta(doctype)
	levels = readable_levels(doctype, user)
	sections = [Section("")]
	for df in meta.fields:
		if df.fieldtype in ("Tab Break", "Section Break"):
			label = _(df.label) if df.label else ""
			if df.fieldtype == "Section Break" and not sections[-1].fields:
				# a section opening a tab (or the form) takes the place of the empty one before it
				sections[-1].label = label or sections[-1].label
			else:
				sections.append(Section(label))
			continue
		if df.hidden or df.print_hide or not is_readable(df, levels):
			continue
		if df.fieldtype in table_fields or (
			df.fieldtype not in no_value_fields and df.fieldtype not in SKIPPED_FIELDTYPES
		):
			sections[-1].fields.append(df)
	return [s for s in sections if s.fields]
