"""Customer grading (客户级别, SPEC §4): value scores, grades, overrides and their history, set-based.

``regrade(customers=None, ...)`` grades the given customers (None: all of them):

1. four aggregate queries read every figure the score needs, for all the customers at once: counted
   orders per customer (in the period, and all-time for CLV), distinct products on the counted orders
   of the period (order lines), complaints in the period, and the customers themselves;
2. the value scores and grades are computed in memory (the formula: crm_plus.grading.score);
3. changed scores and grades are written with one ``UPDATE ... JOIN`` per 2,000 customers
   (crm_plus.utils.bulk), ``last_graded_on`` with one UPDATE, one CP Grade History row per grade
   change with one multi-row INSERT per batch, and the owners are notified in bulk in their language
   (an owner with more than 20 changes in one run gets one summary instead).

Never a doc.save per customer: grading 100,000 customers is a handful of queries (README, Benchmarks).
Scores and grades are written without touching the customers' ``modified``; the grade history is
their audit trail. A customer whose grade is overridden (``grade_locked``) keeps its grade until the
override is removed; its value score is still kept current.

It runs daily (``daily``, scheduler, long queue) and on demand (crm_plus.api.grading) for one
customer or for all of them (a background job with progress and a result notification).
"""

from collections import namedtuple
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import date

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Min, Sum
from frappe.utils import cint, flt, get_fullname, getdate, now_datetime, nowdate
from pypika.terms import Case

from crm_plus.exceptions import GradeOverrideError
from crm_plus.grading.score import Figures, Rules, Tier, grade_for, period_start, sort_tiers, value_score
from crm_plus.orders import COUNTED_STATUSES
from crm_plus.utils.bulk import insert_rows, update_rows
from crm_plus.utils.notify import insert_notifications, notify_each_or_summary, recipients

CUSTOMER = "CP Customer"
GRADE = "CP Customer Grade"
HISTORY = "CP Grade History"
SETTINGS = "CP Grading Settings"

# sources of a grade change (CP Grade History.source)
SCHEDULED = "Scheduled Re-grade"
ON_DEMAND = "On Demand"
MANUAL_OVERRIDE = "Manual Override"
OVERRIDE_REMOVED = "Override Removed"

# the grading fields of CP Customer: written here, never by saving a customer
COMPUTED_FIELDS = ("grade", "value_score", "grade_locked", "grade_override_reason", "last_graded_on")
QUERY_CHUNK = 5_000


@dataclass
class Change:
	customer: str
	customer_name: str
	sales_owner: str | None
	from_grade: str | None
	to_grade: str | None
	score: float


@dataclass
class Result:
	customers: int = 0
	scores_changed: int = 0
	grades_changed: int = 0
	locked: int = 0
	changes: list[Change] = field(default_factory=list, repr=False)

	def as_dict(self) -> dict:
		return {
			"customers": self.customers,
			"scores_changed": self.scores_changed,
			"grades_changed": self.grades_changed,
			"locked": self.locked,
		}


# --- settings ------------------------------------------------------------------------------------


def load_rules() -> Rules:
	settings = frappe.get_single(SETTINGS)
	defaults = Rules()
	values = {}
	for f in fields(Rules):
		value = settings.get(f.name)
		if value is None:
			value = getattr(defaults, f.name)
		values[f.name] = cint(value) if f.name == "period_months" else flt(value)
	return Rules(**values)


def load_tiers() -> list[Tier]:
	return sort_tiers(
		[
			Tier(t.name, flt(t.min_score), cint(t.sequence))
			for t in frappe.get_all(GRADE, fields=["name", "min_score", "sequence"])
		]
	)


# --- reading the figures -------------------------------------------------------------------------


def _chunks(customers: list[str] | None) -> Iterable[list[str] | None]:
	if customers is None:
		yield None
		return
	for i in range(0, len(customers), QUERY_CHUNK):
		yield customers[i : i + QUERY_CHUNK]


def _order_figures(customers: list[str] | None, start: date, today: date) -> dict[str, tuple]:
	"""customer -> (period amount, period orders, all-time amount, all-time orders, first order date)."""
	o = frappe.qb.DocType("CP Order")
	in_period = o.order_date > start
	figures = {}
	for chunk in _chunks(customers):
		query = (
			frappe.qb.from_(o)
			.select(
				o.customer,
				Sum(Case().when(in_period, o.total_amount).else_(0)),
				Sum(Case().when(in_period, 1).else_(0)),
				Sum(o.total_amount),
				Count("*"),
				Min(o.order_date),
			)
			.where(o.status.isin(COUNTED_STATUSES) & (o.order_date <= today))
			.groupby(o.customer)
		)
		if chunk is not None:
			query = query.where(o.customer.isin(chunk))
		figures.update({row[0]: row[1:] for row in query.run()})
	return figures


def _product_counts(customers: list[str] | None, start: date, today: date) -> dict[str, int]:
	"""customer -> distinct products on its counted orders of the period."""
	o = frappe.qb.DocType("CP Order")
	i = frappe.qb.DocType("CP Order Item")
	counts = {}
	for chunk in _chunks(customers):
		query = (
			frappe.qb.from_(o)
			.join(i)
			# order lines belong to orders only (CP Order Item is CP Order's table): joined by parent
			# alone, the (parent, product) index answers without reading the lines
			.on(i.parent == o.name)
			.select(o.customer, Count(i.product).distinct())
			.where(o.status.isin(COUNTED_STATUSES) & (o.order_date > start) & (o.order_date <= today))
			.groupby(o.customer)
		)
		if chunk is not None:
			query = query.where(o.customer.isin(chunk))
		counts.update(dict(query.run()))
	return counts


def _complaint_counts(customers: list[str] | None, start: date, today: date) -> dict[str, int]:
	c = frappe.qb.DocType("CP Complaint")
	counts = {}
	for chunk in _chunks(customers):
		query = (
			frappe.qb.from_(c)
			.select(c.customer, Count("*"))
			.where((c.complaint_date > start) & (c.complaint_date <= today))
			.groupby(c.customer)
		)
		if chunk is not None:
			query = query.where(c.customer.isin(chunk))
		counts.update(dict(query.run()))
	return counts


CustomerRow = namedtuple("CustomerRow", "name customer_name sales_owner grade grade_locked value_score")


def _customers(customers: list[str] | None) -> list[CustomerRow]:
	cu = frappe.qb.DocType(CUSTOMER)
	rows = []
	for chunk in _chunks(customers):
		query = frappe.qb.from_(cu).select(*(cu[f] for f in CustomerRow._fields))
		if chunk is not None:
			query = query.where(cu.name.isin(chunk))
		rows += map(CustomerRow._make, query.run())  # tuples: a third of the cost of dicts at 100,000
	return rows


def read_figures(customers: list[str] | None, rules: Rules, today: date) -> dict[str, Figures]:
	"""The scoring figures of `customers` (None: all); customers without orders are left out."""
	start = period_start(today, rules.period_months)
	orders = _order_figures(customers, start, today)
	products = _product_counts(customers, start, today)
	complaints = _complaint_counts(customers, start, today)
	figures = {}
	for customer in orders.keys() | complaints.keys():
		amount, count, clv_amount, clv_orders, first = orders.get(customer, (0, 0, 0, 0, None))
		figures[customer] = Figures(
			amount=flt(amount),
			orders=cint(count),
			products=cint(products.get(customer)),
			complaints=cint(complaints.get(customer)),
			clv_amount=flt(clv_amount),
			clv_orders=cint(clv_orders),
			first_order=getdate(first) if first else None,
		)
	return figures


# --- grading -------------------------------------------------------------------------------------


def _scope(customers: Iterable[str] | None) -> list[str] | None:
	if customers is None:
		return None
	return sorted({c for c in customers if c})


def regrade(
	customers: Iterable[str] | None = None,
	source: str = SCHEDULED,
	today=None,
	user: str | None = None,
	reason: str | None = None,
	notify: bool = True,
	progress: Callable[[int, str], None] | None = None,
) -> Result:
	"""Re-grade `customers` (None: every customer). Returns what changed."""
	scope = _scope(customers)
	result = Result()
	if scope == []:
		return result
	today = getdate(today or nowdate())
	user = user or frappe.session.user
	step = progress or (lambda percent, message: None)

	step(5, _("Reading orders, order lines and complaints"))
	rules = load_rules()
	tiers = load_tiers()
	figures = read_figures(scope, rules, today)
	rows = _customers(scope)

	step(40, _("Computing value scores"))
	unlocked, locked_scores = [], []
	for row in rows:
		score = value_score(figures.get(row.name) or Figures(), rules, today)
		if row.grade_locked:
			result.locked += 1
			if flt(row.value_score, 1) != score:
				locked_scores.append((row.name, score))
			continue
		grade = grade_for(score, tiers)
		if flt(row.value_score, 1) != score or grade != row.grade:
			unlocked.append((row.name, score, grade))
		if grade != row.grade:
			result.changes.append(
				Change(row.name, row.customer_name, row.sales_owner, row.grade, grade, score)
			)
	result.customers = len(rows)

	step(60, _("Writing scores and grades"))
	# a customer overridden while this ran keeps its override (and gets no history row from here)
	written = update_rows(CUSTOMER, ("value_score", "grade"), unlocked, where="t.`grade_locked` = 0")
	if written < len(unlocked) and result.changes:
		result.changes = _drop_locked_meanwhile(result.changes)
	update_rows(CUSTOMER, ("value_score",), locked_scores)
	result.scores_changed = len(unlocked) + len(locked_scores)
	result.grades_changed = len(result.changes)
	cu = frappe.qb.DocType(CUSTOMER)
	stamp = now_datetime()
	query = frappe.qb.update(cu).set(cu.last_graded_on, stamp)
	for chunk in _chunks(scope):
		(query.where(cu.name.isin(chunk)) if chunk is not None else query).run()

	step(80, _("Recording grade history"))
	record_history(result.changes, source, user=user, reason=reason, when=stamp)
	_clear_cache(scope)
	if notify:
		step(90, _("Notifying sales owners"))
		notify_owners(result.changes, source, user=user)
	step(100, _("Done"))
	return result


def _drop_locked_meanwhile(changes: list[Change]) -> list[Change]:
	names = [c.customer for c in changes]
	locked = set()
	for i in range(0, len(names), QUERY_CHUNK):
		locked |= set(
			frappe.get_all(
				CUSTOMER,
				filters={"name": ("in", names[i : i + QUERY_CHUNK]), "grade_locked": 1},
				pluck="name",
			)
		)
	return [c for c in changes if c.customer not in locked]


def _clear_cache(scope: list[str] | None) -> None:
	if scope is None:
		frappe.clear_document_cache(CUSTOMER)
		return
	for name in scope:
		frappe.clear_document_cache(CUSTOMER, name)


def record_history(
	changes: list[Change], source: str, user: str | None = None, reason: str | None = None, when=None
) -> int:
	"""One CP Grade History row per change, in multi-row INSERTs."""
	when = when or now_datetime()
	user = user or frappe.session.user
	return insert_rows(
		HISTORY,
		("name", "customer", "customer_name", "sales_owner", "from_grade", "to_grade", "score"),
		(
			(
				frappe.generate_hash(length=10),
				c.customer,
				c.customer_name,
				c.sales_owner,
				c.from_grade,
				c.to_grade,
				c.score,
			)
			for c in changes
		),
		constants={"changed_on": when, "source": source, "changed_by": user, "reason": reason},
		owner=user,
		timestamp=when,
	)


# --- notifications -------------------------------------------------------------------------------


def _grade_label(grade: str | None, lang: str) -> str:
	return grade if grade else _("no grade", lang=lang)


def notify_owners(changes: list[Change], source: str, user: str | None = None) -> int:
	"""Tell each owner about their customers' grade changes (not about the changes they made themselves)."""
	user = user or frappe.session.user

	def subject(item, lang):
		c = item["change"]
		customer = frappe.bold(c.customer_name or c.customer)
		if source == MANUAL_OVERRIDE:
			return _("{0} set the grade of {1} from {2} to {3}.", lang=lang).format(
				get_fullname(user), customer, _grade_label(c.from_grade, lang), frappe.bold(c.to_grade)
			)
		return _("The grade of {0} changed from {1} to {2} (value score {3}).", lang=lang).format(
			customer,
			_grade_label(c.from_grade, lang),
			frappe.bold(_grade_label(c.to_grade, lang)),
			c.score,
		)

	def summary(owner, items, lang):
		return (
			_("The grades of {0} of your customers changed; see their grade history.", lang=lang).format(
				len(items)
			),
			f"/app/cp-grade-history?sales_owner={owner}",
		)

	items = [
		{"for_user": c.sales_owner, "document_type": CUSTOMER, "document_name": c.customer, "change": c}
		for c in changes
		if c.sales_owner and c.sales_owner != user
	]
	return notify_each_or_summary(items, subject, summary)


# --- manual override -----------------------------------------------------------------------------


def _locked_row(customer: str) -> CustomerRow:
	cu = frappe.qb.DocType(CUSTOMER)
	rows = (
		frappe.qb.from_(cu)
		.select(*(cu[f] for f in CustomerRow._fields))
		.where(cu.name == customer)
		.for_update()
		.run()
	)
	if not rows:
		raise frappe.DoesNotExistError(_("Customer {0} not found").format(customer))
	return CustomerRow._make(rows[0])


def override_grade(customer: str, grade: str, reason: str, user: str | None = None) -> Change:
	"""Pin `customer` to `grade` until the override is removed; recorded in the grade history."""
	user = user or frappe.session.user
	reason = (reason or "").strip()
	if not reason:
		frappe.throw(
			_("Give the reason for overriding the grade."), GradeOverrideError, title=_("Reason Missing")
		)
	if not grade or not frappe.db.exists(GRADE, grade):
		frappe.throw(
			_("{0} is not a customer grade.").format(frappe.bold(grade)),
			GradeOverrideError,
			title=_("Unknown Grade"),
		)
	row = _locked_row(customer)
	cu = frappe.qb.DocType(CUSTOMER)
	(
		frappe.qb.update(cu)
		.set(cu.grade, grade)
		.set(cu.grade_locked, 1)
		.set(cu.grade_override_reason, reason)
		.where(cu.name == customer)
		.run()
	)
	change = Change(customer, row.customer_name, row.sales_owner, row.grade, grade, flt(row.value_score, 1))
	record_history([change], MANUAL_OVERRIDE, user=user, reason=reason)
	frappe.clear_document_cache(CUSTOMER, customer)
	if row.grade != grade:
		notify_owners([change], MANUAL_OVERRIDE, user=user)
	return change


def remove_override(customer: str, reason: str | None = None, user: str | None = None) -> Result:
	"""Unpin the grade of `customer` and grade it again at once."""
	user = user or frappe.session.user
	row = _locked_row(customer)
	if not row.grade_locked:
		frappe.throw(
			_("The grade of {0} is not overridden.").format(frappe.bold(row.customer_name)),
			GradeOverrideError,
			title=_("No Override"),
		)
	cu = frappe.qb.DocType(CUSTOMER)
	(
		frappe.qb.update(cu)
		.set(cu.grade_locked, 0)
		.set(cu.grade_override_reason, None)
		.where(cu.name == customer)
		.run()
	)
	reason = (reason or "").strip() or None
	result = regrade([customer], source=OVERRIDE_REMOVED, user=user, reason=reason)
	if not result.changes:
		# the computed grade is the one that was pinned: the removal is still part of the history
		score = frappe.db.get_value(CUSTOMER, customer, "value_score")
		record_history(
			[Change(customer, row.customer_name, row.sales_owner, row.grade, row.grade, flt(score, 1))],
			OVERRIDE_REMOVED,
			user=user,
			reason=reason,
		)
	return result


# --- CP Customer ---------------------------------------------------------------------------------


def keep_computed_grade(doc, method=None) -> None:
	"""doc_events validate of CP Customer: the grading fields are written by the grading and the
	override action only, so saving a form opened before a re-grade, or a REST call, cannot change
	them. A new customer may bring a grade (an import of existing grades); the next re-grade replaces it."""
	if doc.is_new():
		doc.value_score = 0
		doc.grade_locked = 0
		doc.grade_override_reason = None
		doc.last_graded_on = None
		return
	stored = frappe.db.get_value(CUSTOMER, doc.name, COMPUTED_FIELDS, as_dict=True)
	if stored:
		doc.update(stored)


# --- jobs ----------------------------------------------------------------------------------------


def daily() -> None:
	"""Scheduler (daily_long): re-grade every customer."""
	regrade(source=SCHEDULED, user="Administrator")


def regrade_all_job(user: str) -> dict:
	"""Background job of "Re-grade all customers": progress to the requester, and a notification of the
	result when done."""

	def progress(percent, message):
		frappe.publish_progress(percent, title=_("Re-grading customers"), description=message)

	result = regrade(source=ON_DEMAND, user=user, progress=progress)
	notify_result(user, result)
	return result.as_dict()


def notify_result(user: str, result: Result) -> None:
	for recipient, lang in recipients([user]).items():
		insert_notifications(
			[
				{
					"for_user": recipient,
					"subject": _(
						"Re-grading finished: {0} customers graded, {1} grade changes, {2} overridden grades kept.",
						lang=lang,
					).format(result.customers, result.grades_changed, result.locked),
					"document_type": HISTORY,
					"link": "/app/cp-grade-history",
				}
			]
		)
