"""Writing an analysed import: new records in multi-row INSERTs, merges through the documents.

- Rows that create a record (with the later rows of the file that duplicate them) become one new
  CP Customer / CP Supplier each, written with ``crm_plus.utils.bulk.insert_rows`` under names taken
  from the DocType's naming series in one step. The values were checked by the same rules the
  DocTypes' validate uses (crm_plus.imports.checks); the unique normalised name in the database
  is the last guard against a record created meanwhile.
- Rows that merge into an existing record fill only its empty fields, through ``doc.save()`` as the
  importing user: the DocType's validation, permission check and Version history apply. A value the
  record already has is kept and the row's different value is reported, never written.
- Contacts of the rows (or the rows of a contact import) are appended unless the party already has
  that contact (same name, mobile or e-mail); new ones in bulk, existing ones filled like records.

The caller runs this inside one transaction (savepoint): an exception leaves nothing written.
"""

import re
from collections import defaultdict
from datetime import date

import frappe
from frappe import _
from frappe.utils import cstr

from crm_plus.allocation.pool import check_holding_limit
from crm_plus.contacts.bulk import NewContact
from crm_plus.contacts.bulk import insert_contacts as insert_new_contacts
from crm_plus.exceptions import ImportRefused
from crm_plus.imports.columns import COLUMNS, CONTACT, CUSTOMER, NAME_FIELD, TARGET_DOCTYPE
from crm_plus.imports.contacts import contact_keys, existing_contacts
from crm_plus.imports.rows import DECIDE, ERROR, MERGE, MERGE_ROW, SKIP, Analysis, RowResult
from crm_plus.utils.bulk import column_defaults, insert_rows
from crm_plus.utils.naming import reserve_names
from crm_plus.utils.normalize import normalize_email, normalize_phone

_MOBILE = re.compile(r"^1\d{10}$")
CREATED, MERGED, SKIPPED, NOT_IMPORTED = "Created", "Merged", "Skipped", "Not Imported"
OWNER_FIELDS = ("sales_owner", "purchaser")


def check_importable(analysis: Analysis, skip_bad_rows: bool) -> None:
	"""Refuse a file with errors (unless bad rows are to be skipped) or undecided close matches."""
	if analysis.file_errors:
		frappe.throw("<br>".join(analysis.file_errors), ImportRefused, title=_("Cannot Import"))
	if not analysis.rows:
		frappe.throw(_("The file has no rows to import."), ImportRefused, title=_("Cannot Import"))
	errors = len(analysis.error_rows)
	if errors and not skip_bad_rows:
		frappe.throw(
			_(
				"{0} rows have errors: nothing was imported. Correct the file, or tick Skip Rows with Errors to import the other rows."
			).format(errors),
			ImportRefused,
			title=_("Cannot Import"),
		)
	undecided = analysis.count(lambda r: r.action == DECIDE)
	if undecided:
		frappe.throw(
			_(
				"{0} close matches wait for a decision (merge, create new or skip): nothing was imported."
			).format(undecided),
			ImportRefused,
			title=_("Cannot Import"),
		)


def execute(analysis: Analysis, skip_bad_rows: bool, progress=None) -> dict:
	"""Write the analysed rows; returns the counts. Sets each row's outcome and record."""
	progress = progress or (lambda pct, msg: None)
	check_importable(analysis, skip_bad_rows)
	groups = _groups(analysis.rows)
	if analysis.import_type == CONTACT:
		_write_contacts_import(analysis, groups)
	else:
		_write_parties(analysis, groups, progress)
	progress(95, _("Records written"))
	return {
		"created_count": analysis.count(lambda r: r.outcome == CREATED),
		"merged_count": analysis.count(lambda r: r.outcome == MERGED),
		"skipped_count": analysis.count(lambda r: r.outcome in (SKIPPED, NOT_IMPORTED)),
	}


def _groups(rows: list[RowResult]) -> dict[tuple, list[RowResult]]:
	"""("new", first row) or ("existing", record) -> the rows that end up in that record."""
	groups: dict[tuple, list[RowResult]] = {}
	group_of: dict[int, tuple] = {}
	for row in rows:
		if row.action == ERROR:
			row.outcome = NOT_IMPORTED
			continue
		if row.action == SKIP:
			row.outcome = SKIPPED
			continue
		if row.action == MERGE_ROW:
			key = group_of.get(row.target_row)
			if key is None:
				row.outcome = SKIPPED
				row.notes.append(
					_("Row {0}, which this row duplicates, was not imported.").format(row.target_row)
				)
				continue
		elif row.action == MERGE:
			key = ("existing", row.target)
		else:
			key = ("new", row.row_no)
		groups.setdefault(key, []).append(row)
		group_of[row.row_no] = key
	return groups


def _label(import_type: str, fieldname: str) -> str:
	column = next((c for c in COLUMNS[import_type] if c.fieldname == fieldname), None)
	return column.zh if column and frappe.local.lang == "zh" else (_(column.en) if column else fieldname)


def _fill(import_type: str, target: dict, rows: list[RowResult], kept_from: str, leave=()) -> dict:
	"""Values of `rows` for the fields `target` has empty; a different value for a field already set
	is reported on its row ("kept ...") and not used. Returns the filled fields. Fields in `leave`
	are not touched."""
	filled = {}
	for row in rows:
		for fieldname, value in row.values.items():
			if fieldname in leave:
				continue
			current = target.get(fieldname)
			if current in (None, "") or (
				isinstance(current, int | float) and not current and fieldname not in filled
			):
				if value not in (None, ""):
					target[fieldname] = value
					filled[fieldname] = value
			elif _differs(current, value):
				row.notes.append(
					_("Kept {0} {1} of {2}; the file's {3} was not used.").format(
						_label(import_type, fieldname), _show(current), kept_from, _show(value)
					)
				)
	return filled


def _differs(current, value) -> bool:
	if isinstance(current, int | float) and isinstance(value, int | float):
		return abs(float(current) - float(value)) > 0.005
	if isinstance(current, date) or isinstance(value, date):
		return cstr(current)[:10] != cstr(value)[:10]
	return cstr(current).strip() != cstr(value).strip()


def _show(value) -> str:
	return cstr(value)


# --- customers and suppliers --------------------------------------------------------------------


def _write_parties(analysis: Analysis, groups: dict, progress) -> None:
	import_type = analysis.import_type
	doctype = TARGET_DOCTYPE[import_type]
	name_field = NAME_FIELD[import_type]
	party_fields = [c.fieldname for c in COLUMNS[import_type] if not c.contact]

	# merges into existing records: load them in one query, fill the empty fields, save each changed one
	existing_names = [key[1] for key in groups if key[0] == "existing"]
	stored = (
		{
			r.name: r
			for r in frappe.get_all(
				doctype, filters={"name": ("in", existing_names)}, fields=["name", *party_fields]
			)
		}
		if existing_names
		else {}
	)
	merged = 0
	for key, rows in groups.items():
		if key[0] != "existing":
			continue
		record = stored.get(key[1])
		if record is None:
			frappe.throw(
				_("{0} {1} no longer exists: validate the file again.").format(_(doctype), key[1]),
				ImportRefused,
			)
		# merging never changes who owns a record (that is allocation's business)
		filled = _fill(import_type, dict(record), rows, _("the existing record"), leave=OWNER_FIELDS)
		if filled:
			doc = frappe.get_doc(doctype, key[1])
			doc.update(filled)
			doc.save(ignore_version=False)  # a Version records the merge (also under run-tests)
		for row in rows:
			row.outcome, row.record = MERGED, key[1]
			if filled and row is rows[0]:
				row.notes.append(_("Filled: {0}.").format("、".join(_label(import_type, f) for f in filled)))
		merged += 1
		if merged % 200 == 0:
			progress(75 + 10 * merged / max(len(existing_names), 1), _("{0} records merged").format(merged))

	# new records
	new_groups = [(key, rows) for key, rows in groups.items() if key[0] == "new"]
	values = []
	for _key, rows in new_groups:
		target: dict = {}
		_fill(import_type, target, rows, _("row {0}").format(rows[0].row_no))
		values.append(target)
	if import_type == CUSTOMER:
		per_owner = defaultdict(int)
		for v in values:
			if v.get("sales_owner"):
				per_owner[v["sales_owner"]] += 1
		for owner, count in per_owner.items():
			check_holding_limit(owner, count)
	names = reserve_names(doctype, len(values))
	_insert_new_parties(doctype, name_field, names, values)
	for name, (_key, rows) in zip(names, new_groups, strict=True):
		for row in rows:
			row.outcome, row.record = (CREATED if row is rows[0] else MERGED), name
	progress(90, _("{0} new records written").format(len(names)))

	# contacts of every imported row
	_append_contacts(analysis, doctype, groups)


def _insert_new_parties(doctype: str, name_field: str, names: list[str], values: list[dict]) -> None:
	from crm_plus.utils.normalize import normalize_party_name

	if not names:
		return
	defaults = column_defaults(doctype)
	owners = {v.get("sales_owner") for v in values if v.get("sales_owner")}
	full_names = (
		dict(
			frappe.get_all(
				"User", filters={"name": ("in", list(owners))}, fields=["name", "full_name"], as_list=True
			)
		)
		if owners
		else {}
	)
	columns = ["name", *defaults]
	rows = []
	for name, v in zip(names, values, strict=True):
		record = {**defaults, **{k: v[k] for k in v if k in defaults}}
		record["normalized_name"] = normalize_party_name(record[name_field])
		if "sales_owner_name" in record:
			record["sales_owner_name"] = full_names.get(record.get("sales_owner"))
		rows.append([name, *(record[c] for c in defaults)])
	user = frappe.session.user
	insert_rows(doctype, columns, rows, owner=user)


# --- contacts -----------------------------------------------------------------------------------


def _party_contact(row: RowResult) -> dict | None:
	c = row.contact
	if not c.get("contact_name"):
		return None
	number = c.get("contact_mobile")
	is_mobile = bool(number) and _MOBILE.match(normalize_phone(number) or "") is not None
	return {
		"first_name": c["contact_name"],
		"designation": c.get("contact_designation"),
		"mobile_no": number if is_mobile else None,
		"phone": number if number and not is_mobile else None,
		"email_id": c.get("contact_email"),
	}


def _append_contacts(analysis: Analysis, doctype: str, groups: dict) -> None:
	"""The contacts of the rows, appended to their record unless it has them already."""
	existing_parties = {rows[0].record for key, rows in groups.items() if key[0] == "existing"}
	known = existing_contacts(doctype, existing_parties)
	titles = {}
	new = []
	for rows in groups.values():
		party = rows[0].record
		titles[party] = rows[0].title
		for row in rows:
			contact = _party_contact(row)
			if not contact:
				continue
			keys = contact_keys(
				party, contact["first_name"], contact["mobile_no"] or contact["phone"], contact["email_id"]
			)
			if any(k in known for k in keys):
				row.notes.append(
					_("Contact {0} already exists and was not added again.").format(contact["first_name"])
				)
				continue
			for k in keys:
				known[k] = "new"
			new.append((doctype, party, titles[party], contact))
	insert_contacts(new)


def insert_contacts(contacts: list[tuple[str, str, str, dict]]) -> list[str]:
	"""New Contacts [(party doctype, party, party title, values)] with their Dynamic Link, phone and
	e-mail rows, in multi-row INSERTs. Returns their names ("<full name>-<party>")."""
	if not contacts:
		return []
	wanted = [f"{c[3]['first_name']}-{c[1]}" for c in contacts]
	taken = set(frappe.get_all("Contact", filters={"name": ("in", wanted)}, pluck="name"))
	names = []
	for base in wanted:
		name, n = base, 1
		while name in taken:
			n += 1
			name = f"{base}-{n}"
		taken.add(name)
		names.append(name)
	defaults = column_defaults("Contact")
	defaults["status"] = "Passive"
	insert_new_contacts(
		(
			NewContact(
				name,
				party_doctype,
				party,
				{
					**defaults,
					**{k: v for k, v in values.items() if k in defaults},
					"full_name": values["first_name"],
					"company_name": title,
				},
			)
			for name, (party_doctype, party, title, values) in zip(names, contacts, strict=True)
		),
		owner=frappe.session.user,
	)
	return names


def _write_contacts_import(analysis: Analysis, groups: dict) -> None:
	"""A contact import: new contacts in bulk; a contact the customer already has is filled (empty
	fields only, phone numbers and e-mails added) through the document."""
	new = []
	new_groups = []
	for key, rows in groups.items():
		if key[0] == "existing":
			doc = frappe.get_doc("Contact", key[1])
			changed = []
			for row in rows:
				v = row.values
				for field in ("designation", "cp_decision_role"):
					if v.get(field) and not doc.get(field):
						doc.set(field, v[field])
						changed.append(field)
					elif v.get(field) and _differs(doc.get(field), v[field]):
						row.notes.append(
							_("Kept {0} {1} of the existing contact; the file's {2} was not used.").format(
								_label(CONTACT, field), doc.get(field), v[field]
							)
						)
				phones = {normalize_phone(p.phone) for p in doc.phone_nos}
				for field in ("mobile_no", "phone"):
					if v.get(field) and normalize_phone(v[field]) not in phones:
						doc.add_phone(
							v[field],
							is_primary_mobile_no=int(field == "mobile_no" and not doc.mobile_no),
							is_primary_phone=int(field == "phone" and not doc.phone),
						)
						phones.add(normalize_phone(v[field]))
						changed.append(field)
				emails = {normalize_email(e.email_id) for e in doc.email_ids}
				if v.get("email_id") and normalize_email(v["email_id"]) not in emails:
					doc.add_email(v["email_id"], is_primary=int(not doc.email_id))
					changed.append("email_id")
				row.outcome, row.record = MERGED, doc.name
			if changed:
				doc.save(ignore_version=False)
				rows[0].notes.append(
					_("Filled: {0}.").format("、".join(dict.fromkeys(_label(CONTACT, f) for f in changed)))
				)
		else:
			target: dict = {}
			_fill(CONTACT, target, rows, _("row {0}").format(rows[0].row_no))
			values = {
				k: target.get(k)
				for k in ("first_name", "designation", "cp_decision_role", "mobile_no", "phone", "email_id")
			}
			new.append(("CP Customer", target["customer"], target.get("company_name"), values))
			new_groups.append(rows)
	names = insert_contacts(new)
	for name, rows in zip(names, new_groups, strict=True):
		for row in rows:
			row.outcome, row.record = (CREATED if row is rows[0] else MERGED), name
