"""A list export: what the list view shows, validated, read through ``frappe.get_list``.

The filters, the selected records and the sort order come from the list view. Every field they
name must exist (UnknownFieldError, a clear 417, otherwise) and be readable at the user's permission
level (a filter on a field one may not read would tell its values: PermissionError). The rows are
read with the SQL ``frappe.get_list`` builds for the user — role permissions, crm_plus's record
rules, shares and field levels apply exactly as in the list — streamed through an unbuffered cursor
so a hundred thousand rows never sit in memory at once.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

import frappe
from frappe import _
from frappe.model import default_fields, optional_fields, table_fields
from frappe.utils import nowdate

from crm_plus.compat import count_field, list_sql
from crm_plus.exceptions import UnknownFieldError
from crm_plus.exports import check_list_permission
from crm_plus.exports.fields import NAME_LABEL, Column, is_readable, readable_levels, value_fields

FORMATS = {"xlsx": "Excel", "docx": "Word"}
_ORDER_BY = re.compile(
	r"^\s*(?:`?tab(?P<doctype>[^`.]+)`?\.)?`?(?P<field>\w+)`?(?:\s+(?P<dir>asc|desc))?\s*$", re.I
)
# Word tables get the list view's columns; a sheet gets every readable field
WORD_DEFAULT_MAX_COLUMNS = 8


@dataclass
class ListExport:
	doctype: str
	file_format: str
	columns: list[Column]
	filters: list
	order_by: str
	joins_children: bool = False

	@classmethod
	def prepare(
		cls,
		doctype: str,
		file_format: str = "xlsx",
		filters=None,
		names=None,
		fields=None,
		order_by: str | None = None,
	) -> "ListExport":
		"""Check the user may export `doctype`, then validate what the client asked for."""
		meta = check_list_permission(doctype)
		if file_format not in FORMATS:
			frappe.throw(
				_("Unknown export format {0}: use one of {1}.").format(
					frappe.bold(file_format), ", ".join(FORMATS)
				),
				frappe.ValidationError,
			)
		filters, joins_children = _filters(meta, _json(filters) or [])
		names = _json(names)
		if names:
			if not isinstance(names, list) or not all(isinstance(n, str | int) for n in names):
				frappe.throw(_("The selected records must be a list of names."), frappe.ValidationError)
			filters.append([doctype, "name", "in", names])
		return cls(
			doctype=doctype,
			file_format=file_format,
			columns=_columns(meta, _json(fields), file_format),
			filters=filters,
			order_by=_order_by(meta, order_by),
			joins_children=joins_children,
		)

	def _list_args(self) -> dict:
		args = {"filters": self.filters, "order_by": self.order_by, "limit_page_length": 0}
		if self.joins_children:  # a filter on a child table joins it: one row per record still
			args["group_by"] = f"`tab{self.doctype}`.`name`"
		return args

	def count(self) -> int:
		result = frappe.get_list(
			self.doctype,
			fields=[count_field(self.doctype, distinct_names=True)],
			filters=self.filters,
			as_list=True,
			limit_page_length=0,
		)
		return int(result[0][0]) if result else 0

	def rows(self) -> Iterator[list]:
		"""The records' values, column by column, streamed from the database."""
		sql = list_sql(
			self.doctype,
			fields=[f"`tab{self.doctype}`.`{c.fieldname}`" for c in self.columns],
			**self._list_args(),
		)
		with frappe.db.unbuffered_cursor():
			yield from frappe.db.sql(sql, as_list=True, as_iterator=True)

	def filename(self) -> str:
		return f"{frappe.scrub(self.doctype)}-{nowdate()}.{self.file_format}"

	def describe_filters(self) -> list[str]:
		"""The filters as a reader would say them: "Status = Active"."""
		described = []
		for dt, fieldname, operator, value in self.filters:
			if fieldname == "name" and operator == "in" and isinstance(value, list):
				described.append(_("{0} selected records").format(len(value)))
				continue
			df = frappe.get_meta(dt).get_field(fieldname)
			label = _(df.label) if df else _(STANDARD_LABELS.get(fieldname, fieldname))
			shown = ", ".join(map(str, value)) if isinstance(value, list | tuple) else value
			described.append(f"{label} {operator} {shown}")
		return described


STANDARD_LABELS = {
	"name": NAME_LABEL,
	"owner": "Created By",
	"modified": "Last Updated On",
	"creation": "Created On",
}


def _json(value):
	"""A value a client sent, as JSON text or already parsed; None when empty."""
	if value in (None, "", "null"):
		return None
	if isinstance(value, str):
		try:
			return frappe.parse_json(value)
		except ValueError:
			frappe.throw(_("Invalid JSON: {0}").format(frappe.bold(value[:100])), frappe.ValidationError)
	return value


def _field_exists(meta, fieldname: str) -> bool:
	return fieldname in default_fields or fieldname in optional_fields or bool(meta.get_field(fieldname))


def _unknown(fieldname, doctype):
	frappe.throw(
		_("{0} has no field {1}.").format(_(doctype), frappe.bold(fieldname)),
		UnknownFieldError,
		title=_("Unknown Field"),
	)


def _filters(meta, raw) -> tuple[list, bool]:
	"""Filters in the list view's form [doctype, field, operator, value], each checked."""
	if isinstance(raw, dict):
		raw = [[meta.name, k, *(v if isinstance(v, list | tuple) else ["=", v])] for k, v in raw.items()]
	if not isinstance(raw, list):
		frappe.throw(_("Filters must be a list or a dictionary."), frappe.ValidationError)
	children = {df.options: df for df in meta.fields if df.fieldtype in table_fields}
	filters, joins_children = [], False
	for f in raw:
		if not isinstance(f, list | tuple) or len(f) not in (3, 4, 5):
			frappe.throw(_("Invalid filter: {0}").format(frappe.as_json(f)), frappe.ValidationError)
		# the operator is checked by the framework's own filter parsing (frappe.get_list)
		dt, fieldname, operator, value = f[:4] if len(f) >= 4 else (meta.name, *f)
		if dt != meta.name and dt not in children:
			frappe.throw(
				_("{0} cannot be filtered on {1}.").format(_(meta.name), frappe.bold(dt)), UnknownFieldError
			)
		target = frappe.get_meta(dt)
		if not _field_exists(target, fieldname):
			_unknown(fieldname, dt)
		df = target.get_field(fieldname)
		levels = readable_levels(dt, parent_doctype=meta.name if dt != meta.name else None)
		if df and not is_readable(df, levels):
			frappe.throw(
				_("You are not permitted to filter on {0}.").format(_(df.label)), frappe.PermissionError
			)
		joins_children = joins_children or dt != meta.name
		filters.append([dt, fieldname, operator, value])
	return filters, joins_children


def _columns(meta, requested, file_format: str) -> list[Column]:
	"""The columns asked for (unknown ones refused, unreadable ones left out) or the defaults: every
	visible field for a sheet; the name, title and list-view fields for a Word table."""
	readable = {df.fieldname: df for df in value_fields(meta.name)}
	if requested:
		if not isinstance(requested, list):
			frappe.throw(_("Fields must be a list of field names."), frappe.ValidationError)
		columns = []
		for fieldname in requested:
			if fieldname == "name":
				columns.append(Column.name_column(meta))
			elif not isinstance(fieldname, str) or not meta.get_field(fieldname):
				_unknown(fieldname, meta.name)
			elif fieldname in readable:
				columns.append(Column.of(readable[fieldname]))
		return columns or [Column.name_column(meta)]

	visible = [df for df in readable.values() if not df.hidden and df.fieldtype != "Attach Image"]
	if file_format == "docx":
		title = meta.get_title_field()
		chosen = [df for df in visible if df.in_list_view or df.fieldname == title]
		visible = (chosen or visible)[:WORD_DEFAULT_MAX_COLUMNS]
	return [Column.name_column(meta), *(Column.of(df) for df in visible if df.fieldname != "name")]


def _order_by(meta, order_by: str | None) -> str:
	default = f"`tab{meta.name}`.`{meta.sort_field or 'modified'}` {meta.sort_order or 'desc'}"
	if not order_by:
		return default
	match = _ORDER_BY.match(order_by)
	if not match or (match["doctype"] and match["doctype"] != meta.name):
		frappe.throw(_("Invalid sort order: {0}").format(frappe.bold(order_by)), frappe.ValidationError)
	if not _field_exists(meta, match["field"]):
		_unknown(match["field"], meta.name)
	df = meta.get_field(match["field"])
	if df and not is_readable(df, readable_levels(meta.name)):
		frappe.throw(_("You are not permitted to sort by {0}.").format(_(df.label)), frappe.PermissionError)
	return f"`tab{meta.name}`.`{match['field']}` {(match['dir'] or 'asc').lower()}"
