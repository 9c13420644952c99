"""Validation, de-duplication and anomaly flags of an import file, set-based.

``analyse(import_type, rows, user, ...)`` turns the file's rows into ``RowResult``s and decides what
each row would do: create a record, merge into an existing one (or into an earlier row of the file),
wait for a person's decision (close matches), be skipped, or be refused (errors). Nothing is written.

Everything the rows are compared with is loaded in bulk, one query per kind of key: the masters the
link columns name, the users, the existing records' normalised names / tax ids / phones (with a flag
saying whether the importing user may see each), and the order history of the records rows merge
into. No query runs per row.

Visibility (decided for issue 9): a rep learns nothing about customers they may not see beyond "a
customer with this name (or tax id) already exists, owned by another rep": such a row is an error
(it can be neither merged nor created - the name is unique). Close matches and phone matches are
only looked for among the customers the user may see.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

import frappe
from frappe import _
from frappe.utils import cstr, flt, getdate, nowdate

from crm_plus.imports import anomalies
from crm_plus.imports.columns import (
	COLUMNS,
	CONTACT,
	CUSTOMER,
	NAME_FIELD,
	SUPPLIER,
	TARGET_DOCTYPE,
	Column,
	match_headers,
)
from crm_plus.imports.similarity import SimilarityIndex
from crm_plus.permissions.customer import customer_condition, is_sales_manager, managed_reps
from crm_plus.permissions.roles import PURCHASING, is_crm_admin
from crm_plus.utils.normalize import normalize_email, normalize_party_name, normalize_phone, normalize_tax_id
from crm_plus.utils.validation import validate_email, validate_phone, validate_tax_id

# row actions
CREATE, MERGE, MERGE_ROW, DECIDE, SKIP, ERROR = "create", "merge", "merge_row", "decide", "skip", "error"
# decisions a person takes on a close match
D_MERGE, D_CREATE, D_SKIP = "Merge", "Create New", "Skip"
# kinds of close match
SIMILAR_NAME, SAME_PHONE = "Similar Name", "Same Phone"
SIMILAR_NAME_FILE, SAME_PHONE_FILE = "Similar Name in File", "Same Phone in File"

DEFAULT_THRESHOLD = 0.8


@dataclass
class Candidate:
	kind: str
	similarity: float
	record: str | None = None  # an existing record ...
	title: str | None = None
	row_no: int | None = None  # ... or an earlier row of the file


@dataclass
class RowResult:
	row_no: int
	values: dict
	contact: dict
	key: str = ""  # normalised name (parties) / "customer|name" (contacts)
	errors: list[str] = field(default_factory=list)
	anomalies: list[str] = field(default_factory=list)
	notes: list[str] = field(default_factory=list)
	action: str = CREATE
	target: str | None = None  # existing record a merge goes into
	target_row: int | None = None  # earlier row a merge_row goes into
	duplicate: str | None = None  # how it was found a duplicate (for the report)
	candidate: Candidate | None = None
	decision: str | None = None
	# filled by the import
	record: str | None = None
	outcome: str | None = None

	@property
	def title(self) -> str:
		return cstr(
			self.values.get("customer_name")
			or self.values.get("supplier_name")
			or self.values.get("first_name")
		)


@dataclass
class Analysis:
	import_type: str
	user: str
	rows: list[RowResult]
	file_errors: list[str]
	unknown_headers: list[str]

	def count(self, predicate) -> int:
		return sum(1 for r in self.rows if predicate(r))

	@property
	def error_rows(self) -> list[RowResult]:
		return [r for r in self.rows if r.errors]

	def summary(self) -> dict:
		return {
			"total_rows": len(self.rows),
			"error_rows": self.count(lambda r: r.errors),
			"duplicate_rows": self.count(
				lambda r: not r.errors and r.action in (MERGE, MERGE_ROW) and r.duplicate
			),
			"close_match_rows": self.count(lambda r: not r.errors and r.candidate is not None),
			"anomaly_rows": self.count(lambda r: not r.errors and r.anomalies),
		}


# --- permissions --------------------------------------------------------------------------------


def may_import(import_type: str, user: str) -> bool:
	"""Customers and contacts: the CRM's sales roles; suppliers: CP Purchasing and administrators."""
	if is_crm_admin(user):
		return True
	if import_type == SUPPLIER:
		return PURCHASING in frappe.get_roles(user)
	return frappe.has_permission(TARGET_DOCTYPE[import_type], "create", user=user)


def may_set_any_owner(user: str) -> bool:
	return is_crm_admin(user)


# --- cleaning one row ---------------------------------------------------------------------------


def _message_of(validator, *args) -> str:
	"""The translated message the DocTypes' own validator gives for an invalid value."""
	muted = frappe.flags.mute_messages
	frappe.flags.mute_messages = True
	try:
		validator(*args)
	except frappe.ValidationError as e:
		return cstr(e)
	finally:
		frappe.flags.mute_messages = muted
	return ""


class Cleaner:
	"""Turns the cells of a row into field values, collecting errors; the reference data (masters,
	select options, users) loaded once for the whole file."""

	def __init__(self, import_type: str, columns: list[Column]):
		self.import_type = import_type
		self.masters: dict[str, set[str]] = {}
		self.selects: dict[str, dict[str, str]] = {}
		for column in columns:
			if column.kind == "link" and column.options not in self.masters:
				self.masters[column.options] = set(frappe.get_all(column.options, pluck="name"))
			elif column.kind == "select":
				self.selects[column.fieldname] = select_options(column)
		self.users: dict[str, dict] = {}

	def load_users(self, values: set[str]) -> None:
		"""Users named in the file, by e-mail / user id or full name (enabled desk users only)."""
		if not values:
			return
		found = frappe.get_all(
			"User",
			filters={"enabled": 1, "user_type": "System User"},
			or_filters={"name": ("in", list(values)), "full_name": ("in", list(values))},
			fields=["name", "full_name"],
		)
		for user in found:
			self.users[user.name.casefold()] = user
			self.users.setdefault(cstr(user.full_name).casefold(), user)

	def clean(self, column: Column, raw, errors: list[str]):
		label = f"{column.zh}（{_(column.en)}）" if frappe.local.lang == "zh" else _(column.en)
		if isinstance(raw, str):
			raw = raw.strip()
		if raw is None or raw == "":
			if column.required:
				errors.append(_("{0} is required.").format(label))
			return None
		kind = column.kind
		if kind == "link":
			value = cstr(raw)
			if value not in self.masters[column.options]:
				errors.append(_("{0}: {1} does not exist.").format(label, value))
				return None
			return value
		if kind == "select":
			value = self.selects[column.fieldname].get(cstr(raw).casefold())
			if value is None:
				errors.append(
					_("{0}: {1} is not one of the allowed values ({2}).").format(
						label, raw, "、".join(dict.fromkeys(self.selects[column.fieldname].values()))
					)
				)
			return value
		if kind == "user":
			user = self.users.get(cstr(raw).casefold())
			if not user:
				errors.append(_("{0}: no enabled user {1}.").format(label, raw))
				return None
			return user.name
		if kind == "phone":
			value = cstr(raw)
			if value.endswith(".0") and value[:-2].isdigit():  # a number cell read as float
				value = value[:-2]
			if not normalize_phone(value):
				errors.append(_message_of(validate_phone, value, column.en))
				return None
			return value
		if kind == "email":
			value = cstr(raw)
			if not normalize_email(value):
				errors.append(_message_of(validate_email, value, column.en))
				return None
			return value
		if kind == "tax_id":
			value = normalize_tax_id(cstr(raw))
			if not value:
				errors.append(_message_of(validate_tax_id, cstr(raw), "Unified Social Credit Code"))
			return value
		if kind == "date":
			try:
				return getdate(raw) if not isinstance(raw, datetime) else raw.date()
			except Exception:
				errors.append(_("{0}: {1} is not a date (use YYYY-MM-DD).").format(label, raw))
				return None
		if kind == "currency":
			try:
				value = float(cstr(raw).replace(",", "").replace("，", "").replace("¥", "").replace("￥", ""))
			except ValueError:
				errors.append(_("{0}: {1} is not a number.").format(label, raw))
				return None
			if value < 0:
				errors.append(_("{0} cannot be negative.").format(label))
				return None
			return value
		return cstr(raw)


def select_options(column: Column) -> dict[str, str]:
	"""Accepted spellings of a Select field's options (the value, its translation and its Chinese) -> value."""
	if column.fieldname == "cp_decision_role":
		options = frappe.get_meta("Contact").get_field("cp_decision_role").options
	else:
		options = frappe.get_meta(column.options).get_field(column.fieldname).options
	accepted = {}
	for option in (options or "").split("\n"):
		if option:
			accepted[option.casefold()] = option
			# the user's wording and the Chinese one (the template's lists), whatever the user's language
			accepted[_(option).casefold()] = option
			accepted[_(option, lang="zh").casefold()] = option
	return accepted


# --- the analysis -------------------------------------------------------------------------------


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
		_analyse_contacts(analysis)
	else:
		_analyse_parties(analysis, threshold, decisions or {}, progress)
	_check_contact_columns(analysis)
	for row in analysis.rows:
		if row.errors:
			row.action = ERROR
	return analysis


def _check_contact_columns(analysis: Analysis) -> None:
	for row in analysis.rows:
		if row.contact and not row.contact.get("contact_name"):
			row.errors.append(_("Contact details are given without the contact's name."))


# --- customers and suppliers --------------------------------------------------------------------


def _existing_parties(doctype: str, user: str) -> list[dict]:
	"""name, normalised name, tax id, phone, owner and whether `user` may see it, of every record:
	one query."""
	name_field = "customer_name" if doctype == "CP Customer" else "supplier_name"
	owner = "sales_owner" if doctype == "CP Customer" else "purchaser"
	condition = customer_condition(user) if doctype == "CP Customer" else ""
	visible = f"({condition})" if condition else "1"
	# the condition is the permission module's own SQL (no client values in it)
	return frappe.db.sql(
		f"""select name, {name_field} as title, normalized_name, tax_id, phone, {owner} as owner,
			{visible} as visible
		from `tab{doctype}`""",  # nosemgrep
		as_dict=True,
	)


def _analyse_parties(analysis: Analysis, threshold: float, decisions: dict, progress) -> None:
	import_type = analysis.import_type
	doctype = TARGET_DOCTYPE[import_type]
	name_field = NAME_FIELD[import_type]
	user = analysis.user
	rows = analysis.rows
	for row in rows:
		row.key = normalize_party_name(row.values.get(name_field))
		if row.values.get(name_field) and not row.key:
			row.errors.append(
				_("The name {0} is nothing but punctuation.").format(row.values.get(name_field))
			)
	if import_type == CUSTOMER:
		_check_owners(rows, user)

	existing = _existing_parties(doctype, user)
	progress(35, _("{0} existing records loaded").format(len(existing)))
	by_key, by_tax, by_phone, records = {}, {}, {}, {}
	for rec in existing:
		records[rec.name] = rec
		if rec.normalized_name:
			by_key[rec.normalized_name] = rec
		if rec.tax_id:
			by_tax[rec.tax_id] = rec
		phone = normalize_phone(rec.phone) if rec.phone else None
		if phone and rec.visible:
			by_phone.setdefault(phone, rec)

	good = [r for r in rows if not r.errors]
	# exact matches against the database: tax id first, then the normalised name
	for row in good:
		tax = row.values.get("tax_id")
		by_t = by_tax.get(tax) if tax else None
		by_n = by_key.get(row.key)
		if by_t and by_n and by_t.name != by_n.name:
			row.errors.append(
				_("The name matches one existing record and the unified social credit code another.")
				if not (by_t.visible and by_n.visible)
				else _(
					"The name matches {0} ({1}) but the unified social credit code matches {2} ({3})."
				).format(by_n.title, by_n.name, by_t.title, by_t.name)
			)
			continue
		match = by_t or by_n
		if not match:
			continue
		if not match.visible:
			row.errors.append(
				_("A customer with this name already exists, owned by another sales rep.")
				if by_n
				else _(
					"A customer with this unified social credit code already exists, owned by another sales rep."
				)
			)
			continue
		row.action, row.target = MERGE, match.name
		row.duplicate = _("Same unified social credit code") if by_t else _("Same name")
		row.notes.append(_("Matches existing record {0} ({1}).").format(match.title, match.name))

	# exact duplicates within the file: a later row with the same name or tax id joins the first
	first_by_key, first_by_tax = {}, {}
	for row in good:
		if row.errors:
			continue
		tax = row.values.get("tax_id")
		earlier = first_by_key.get(row.key) or (first_by_tax.get(tax) if tax else None)
		if earlier and earlier is not row:
			if row.action == MERGE and earlier.action == MERGE and row.target != earlier.target:
				row.errors.append(
					_("Duplicates row {0}, which matches a different record.").format(earlier.row_no)
				)
				continue
			row.action, row.target_row = MERGE_ROW, earlier.row_no
			row.target = row.target or earlier.target
			row.duplicate = _("Duplicate of row {0} in the file").format(earlier.row_no)
			continue
		first_by_key.setdefault(row.key, row)
		if tax:
			first_by_tax.setdefault(tax, row)
	progress(45, _("Exact duplicates found"))

	# close matches of the rows that would create a record: similar names and the same phone,
	# among the records the user may see and the earlier rows of the file
	creating = [r for r in good if not r.errors and r.action == CREATE]
	visible_keys = [rec.normalized_name for rec in existing if rec.visible and rec.normalized_name]
	file_rows = {}
	for row in creating:
		file_rows.setdefault(row.key, row)
	index = SimilarityIndex(visible_keys + list(file_rows), threshold)
	progress(60, _("Similar names indexed"))
	first_by_phone = {}
	for row in creating:
		candidate = None
		for key, score in index.matches(row.key):
			rec = by_key.get(key)
			if rec is not None:
				candidate = Candidate(SIMILAR_NAME, score, record=rec.name, title=rec.title)
				break
			earlier = file_rows.get(key)
			if earlier is not None and earlier.row_no < row.row_no:
				candidate = Candidate(SIMILAR_NAME_FILE, score, row_no=earlier.row_no, title=earlier.title)
				break
		phone = normalize_phone(row.values.get("phone")) if row.values.get("phone") else None
		if candidate is None and phone:
			rec = by_phone.get(phone)
			earlier = first_by_phone.get(phone)
			if rec is not None:
				candidate = Candidate(SAME_PHONE, 1.0, record=rec.name, title=rec.title)
			elif earlier is not None:
				candidate = Candidate(SAME_PHONE_FILE, 1.0, row_no=earlier.row_no, title=earlier.title)
		if phone:
			first_by_phone.setdefault(phone, row)
		if candidate:
			row.candidate = candidate
			_apply_decision(row, decisions.get((row.row_no, decision_key(candidate))))
	progress(75, _("Close matches found"))
	if import_type == CUSTOMER:
		_flag_anomalies(rows)


def decision_key(candidate: Candidate) -> str:
	return candidate.record if candidate.record else f"row:{candidate.row_no}"


def _apply_decision(row: RowResult, decision: str | None) -> None:
	row.decision = decision or None
	candidate = row.candidate
	if not decision:
		row.action = DECIDE
	elif decision == D_SKIP:
		row.action = SKIP
	elif decision == D_CREATE:
		row.action = CREATE
	elif decision == D_MERGE:
		if candidate.record:
			row.action, row.target = MERGE, candidate.record
		else:
			row.action, row.target_row = MERGE_ROW, candidate.row_no


def _check_owners(rows: list[RowResult], user: str) -> None:
	"""A rep's new customers are theirs (an owner column naming someone else is an error); a manager
	may name the reps of their teams, a CRM administrator anyone."""
	if may_set_any_owner(user):
		return
	team = set(managed_reps(user)) | {user} if is_sales_manager(user) else {user}
	for row in rows:
		owner = row.values.get("sales_owner")
		if owner and owner not in team:
			row.errors.append(
				_(
					"Only a sales manager (for their team) or a CRM administrator may set the owner; leave the column empty or put yourself."
				)
			)
		elif not owner and not is_sales_manager(user):
			row.values["sales_owner"] = user


def _flag_anomalies(rows: list[RowResult]) -> None:
	"""Annual amounts far above the customer's yearly order totals (or, for new customers, above the
	file's amounts); implausible first-cooperation dates. One query for the order history."""
	today = getdate(nowdate())
	targets = {
		r.target for r in rows if not r.errors and r.target and r.values.get("annual_amount") is not None
	}
	history = yearly_order_totals(targets)
	amounts = [
		r.values["annual_amount"] for r in rows if not r.errors and r.values.get("annual_amount") is not None
	]
	population_limit = anomalies.outlier_limit(amounts, min_history=30)
	for row in rows:
		if row.errors:
			continue
		amount = row.values.get("annual_amount")
		if amount is not None:
			past = history.get(row.target) if row.target else None
			if past:
				limit = anomalies.outlier_limit(past)
				if limit is not None and amount > limit:
					row.anomalies.append(
						_(
							"Annual amount {0} is more than {1} standard deviations above the customer's yearly order totals (up to {2} expected)."
						).format(
							frappe.format_value(amount, {"fieldtype": "Currency"}),
							int(anomalies.SIGMAS),
							frappe.format_value(limit, {"fieldtype": "Currency"}),
						)
					)
			elif population_limit is not None and amount > population_limit:
				row.anomalies.append(
					_(
						"Annual amount {0} is more than {1} standard deviations above the other amounts in the file."
					).format(frappe.format_value(amount, {"fieldtype": "Currency"}), int(anomalies.SIGMAS))
				)
		verdict = anomalies.implausible_date(row.values.get("first_cooperation_date"), today)
		if verdict == "future":
			row.anomalies.append(
				_("First cooperation date {0} is in the future.").format(row.values["first_cooperation_date"])
			)
		elif verdict:
			row.anomalies.append(
				_("First cooperation date {0} is implausibly early.").format(
					row.values["first_cooperation_date"]
				)
			)


def yearly_order_totals(customers: set[str]) -> dict[str, list[float]]:
	"""{customer: [order total of each calendar year with orders]} (cancelled orders left out)."""
	if not customers:
		return {}
	result = defaultdict(list)
	for customer, total in frappe.db.sql(
		"""select customer, sum(total_amount) from `tabCP Order`
		where customer in %(customers)s and status != 'Cancelled'
		group by customer, year(order_date)""",
		{"customers": list(customers)},
	):
		result[customer].append(flt(total))
	return result


# --- contacts -----------------------------------------------------------------------------------


def _analyse_contacts(analysis: Analysis) -> None:
	"""Contacts of customers: the customer (code or name) must be one the user may see; a contact the
	customer already has (same name, mobile or e-mail) is merged, as is a repeat within the file."""
	user = analysis.user
	condition = customer_condition(user)
	visible = frappe.db.sql(
		f"""select name, customer_name, normalized_name from `tabCP Customer`
		{"where " + condition if condition else ""}""",  # nosemgrep: the permission module's SQL
		as_dict=True,
	)
	by_code = {c.name.casefold(): c for c in visible}
	by_key = {c.normalized_name: c for c in visible if c.normalized_name}
	for row in analysis.rows:
		ref = cstr(row.values.get("customer"))
		customer = by_code.get(ref.casefold()) or by_key.get(normalize_party_name(ref))
		if ref and not customer:
			row.errors.append(_("Customer {0} does not exist or you may not see it.").format(ref))
		elif customer:
			row.values["customer"] = customer.name
			row.values["company_name"] = customer.customer_name
	existing = existing_contacts("CP Customer", {r.values["customer"] for r in analysis.rows if not r.errors})
	seen: dict[tuple, RowResult] = {}
	for row in analysis.rows:
		if row.errors:
			continue
		keys = contact_keys(
			row.values.get("customer"),
			row.values.get("first_name"),
			row.values.get("mobile_no") or row.values.get("phone"),
			row.values.get("email_id"),
		)
		match = next((existing[k] for k in keys if k in existing), None)
		earlier = next((seen[k] for k in keys if k in seen), None)
		if match:
			row.action, row.target = MERGE, match
			row.duplicate = _("Same contact of the customer")
			row.notes.append(_("Matches existing contact {0}.").format(match))
		elif earlier:
			row.action, row.target_row = MERGE_ROW, earlier.row_no
			row.duplicate = _("Duplicate of row {0} in the file").format(earlier.row_no)
		else:
			for k in keys:
				seen.setdefault(k, row)


def contact_keys(
	party: str | None, full_name: str | None, phone: str | None, email: str | None
) -> list[tuple]:
	keys = []
	if full_name:
		keys.append((party, "name", cstr(full_name).strip().casefold()))
	if phone and normalize_phone(phone):
		keys.append((party, "phone", normalize_phone(phone)))
	if email and normalize_email(email):
		keys.append((party, "email", normalize_email(email).casefold()))
	return keys


def existing_contacts(party_doctype: str, parties: set[str]) -> dict[tuple, str]:
	"""{(party, kind, value): contact} of the contacts linked to `parties`: one query."""
	if not parties:
		return {}
	rows = frappe.db.sql(
		"""select dl.link_name as party, c.name, c.full_name, c.first_name, c.mobile_no, c.phone, c.email_id
		from `tabDynamic Link` dl join `tabContact` c on c.name = dl.parent
		where dl.parenttype = 'Contact' and dl.link_doctype = %(doctype)s and dl.link_name in %(parties)s""",
		{"doctype": party_doctype, "parties": list(parties)},
		as_dict=True,
	)
	found = {}
	for r in rows:
		for phone in (r.mobile_no, r.phone):
			for key in contact_keys(r.party, r.full_name or r.first_name, phone, r.email_id):
				found.setdefault(key, r.name)
	return found


def today() -> date:
	return getdate(nowdate())
