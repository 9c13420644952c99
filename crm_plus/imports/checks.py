"""Validation, de-duplication and anomaly flags of an import file, set-based.

``analyse(import_type, rows, user, ...)`` turns the file's rows into ``RowResult``s and decides what
each row would do: create a record, merge into an existing one (or into an earlier row of the file),
wait for a person's decision (close matches), be skipped, or be refused (errors). Nothing is written.

Everything the rows are compared with is loaded in bulk, one query per kind of key: the masters the
link columns name, the users, the existing records' normalised names / tax ids / phones (with a flag
saying whether the importing user may see each), and the order history of the records rows merge
into. No query runs per row.

Visibility (README, "Import"): of a customer a rep may not see, the rep learns what the duplicate policy
says (crm_plus.utils.duplicates: its name, record name and owner, as on the form): such a row is an error
(it can be neither merged nor created - the name is unique). Close matches and phone matches are
only looked for among the customers the user may see.
"""

import frappe
from frappe import _
from frappe.utils import cstr

from crm_plus.imports.cleaning import Cleaner
from crm_plus.imports.columns import (
	COLUMNS,
	CONTACT,
	match_headers,
)
from crm_plus.imports.contacts import analyse_contacts
from crm_plus.imports.parties import analyse_parties
from crm_plus.imports.rows import (
	ERROR,
	Analysis,
	RowResult,
)

DEFAULT_THRESHOLD = 0.8


def analyse(
	import_type: str,
	table: list[list],
	user: str | None = None,
	threshold: float = DEFAULT_THRESHOLD,
	decisions: dict | None = None,
	progress=None,
) -> Analysis:
	"""Validate the rows of `table` (the header row first) and decide what each would do.

	`decisions`: {(row_no, record or "row:N"): Merge / Create New / Skip} taken on close matches."""
	user = user or frappe.session.user
	progress = progress or (lambda pct, msg: None)
	columns = COLUMNS[import_type]
	header = table[0] if table else []
	mapped, unknown = match_headers(import_type, header)
	file_errors = []
	missing = [c for c in columns if c.required and c not in mapped.values()]
	for column in missing:
		file_errors.append(_("The file has no column {0} ({1}).").format(column.zh, column.en))
	analysis = Analysis(import_type, user, [], file_errors, unknown)
	if missing:
		return analysis

	cleaner = Cleaner(import_type, list(mapped.values()))
	user_positions = [p for p, c in mapped.items() if c.kind == "user"]
	cleaner.load_users({cstr(r[p]).strip() for r in table[1:] for p in user_positions if p < len(r) and r[p]})
	for offset, cells in enumerate(table[1:], start=2):
		if not any(cstr(c).strip() for c in cells):
			continue
		errors: list[str] = []
		values, contact = {}, {}
		for position, column in mapped.items():
			raw = cells[position] if position < len(cells) else None
			value = cleaner.clean(column, raw, errors)
			if value is not None:
				(contact if column.contact else values)[column.fieldname] = value
		analysis.rows.append(RowResult(offset, values, contact, errors=errors))
	progress(20, _("{0} rows read").format(len(analysis.rows)))

	if import_type == CONTACT:
		analyse_contacts(analysis)
	else:
		analyse_parties(analysis, threshold, decisions or {}, progress)
	_check_contact_columns(analysis)
	for row in analysis.rows:
		if row.errors:
			row.action = ERROR
	return analysis


def _check_contact_columns(analysis: Analysis) -> None:
	for row in analysis.rows:
		if row.contact and not row.contact.get("contact_name"):
			row.errors.append(_("Contact details are given without the contact's name."))
