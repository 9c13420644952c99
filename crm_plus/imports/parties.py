"""Customers and suppliers in an import file: duplicates of existing records and of earlier rows (by
normalised name, tax id and phone), close matches (similar names) waiting for a decision, the owner
rules, and anomalies against the order history. Everything compared is loaded in bulk."""

from collections import defaultdict, namedtuple

import frappe
from frappe import _
from frappe.utils import flt, getdate, nowdate

from crm_plus.imports import anomalies
from crm_plus.imports.columns import (
	CUSTOMER,
	NAME_FIELD,
	TARGET_DOCTYPE,
)
from crm_plus.imports.rights import may_set_any_owner
from crm_plus.imports.rows import (
	CREATE,
	D_CREATE,
	D_MERGE,
	D_SKIP,
	DECIDE,
	MERGE,
	MERGE_ROW,
	SAME_PHONE,
	SAME_PHONE_FILE,
	SIMILAR_NAME,
	SIMILAR_NAME_FILE,
	SKIP,
	Analysis,
	Candidate,
	RowResult,
)
from crm_plus.imports.similarity import SimilarityIndex
from crm_plus.permissions.customer import customer_condition, is_sales_manager, managed_reps
from crm_plus.utils.duplicates import NAME, TAX_ID, duplicate_customer_message
from crm_plus.utils.normalize import normalize_party_name, normalize_phone

Existing = namedtuple("Existing", "name title normalized_name tax_id phone owner visible")


def _existing_parties(doctype: str, user: str) -> list[Existing]:
	"""name, normalised name, tax id, phone, owner and whether `user` may see it, of every record: one
	query, read as tuples (at 1,000,000 customers dicts cost gigabytes)."""
	name_field = "customer_name" if doctype == "CP Customer" else "supplier_name"
	owner = "sales_owner" if doctype == "CP Customer" else "purchaser"
	condition = customer_condition(user) if doctype == "CP Customer" else ""
	visible = f"({condition})" if condition else "1"
	# the condition is the permission module's own SQL (no client values in it)
	rows = frappe.db.sql(
		f"""select name, {name_field}, normalized_name, tax_id, phone, {owner}, {visible}
		from `tab{doctype}`""",  # nosemgrep
	)
	return list(map(Existing._make, rows))


def analyse_parties(analysis: Analysis, threshold: float, decisions: dict, progress) -> None:
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
	by_key, by_tax, by_phone = {}, {}, {}
	for rec in existing:
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
				_("The name matches {0} ({1}) but the unified social credit code matches {2} ({3}).").format(
					by_n.title, by_n.name, by_t.title, by_t.name
				)
			)
			continue
		match = by_t or by_n
		if not match:
			continue
		if (
			not match.visible
		):  # the duplicate policy: name the customer and its owner (crm_plus.utils.duplicates)
			row.errors.append(
				duplicate_customer_message(
					match.title, match.name, match.owner, TAX_ID if by_t else NAME, bold=False
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
