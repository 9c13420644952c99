"""Script report columns and summary cards.

A report's fixed columns are data in its Report JSON (`columns`: fieldname, label, fieldtype, options,
width), read by `report_columns`; columns that change with the filters or the user (a second view, a
label chosen by a filter, links the user may not open) are built in code with `column`.
"""

import frappe
from frappe import _


def column(
	fieldname: str, label: str, fieldtype: str = "Data", width: int = 120, options: str | None = None, **more
) -> dict:
	"""A report column: `label` already translated (``_("...")`` at the call)."""
	spec = {"fieldname": fieldname, "label": label, "fieldtype": fieldtype, "width": width, **more}
	if options:
		spec["options"] = options
	return spec


def report_columns(report: str) -> list[dict]:
	"""The columns the standard Report `report` declares in its JSON, labels translated in the report's
	context (the framework's own for report columns, so one report may word a label otherwise).

	Read from the JSON file shipped with the code, not from the synced Report record: a site whose code
	is newer than its last migrate still gets every column."""
	context = f"Column of report '{report}'"
	slug = frappe.scrub(report)
	declared = frappe.get_file_json(frappe.get_module_path("CRM Plus", "report", slug, f"{slug}.json"))
	return [
		column(c["fieldname"], _(c["label"], context=context), c["fieldtype"], c["width"], c.get("options"))
		for c in declared["columns"]
	]


def card(label: str, value, datatype: str = "Int", indicator: str = "Blue") -> dict:
	"""A report summary card: `label` already translated."""
	return {"label": label, "value": value, "datatype": datatype, "indicator": indicator}
