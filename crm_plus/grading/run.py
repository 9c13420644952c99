"""Re-grading: value scores and grades of a set of customers (None: all), set-based (README, "Grading").

1. the figures of every customer in scope are read at once (crm_plus.grading.figures);
2. the value scores and grades are computed in memory (the formula: crm_plus.grading.score);
3. changed scores and grades are written with one ``UPDATE ... JOIN`` per 5,000 customers
   (crm_plus.utils.bulk), ``last_graded_on`` with one UPDATE per chunk, one CP Grade History row per
   grade change in multi-row INSERTs, and the owners are notified in bulk in their language.

Two re-grades never run at once, on any number of hosts: each holds the database lock
``crm_plus:regrade`` (crm_plus.utils.jobs.db_lock); the second reads the grades the first wrote, so a
grade change gets one history row however often it is asked for. A re-grade is one transaction: a
worker killed mid-run leaves no score, grade or history row of it, and running it again does all of it.

Never a doc.save per customer. Scores and grades are written without touching the customers'
``modified``; the grade history is their audit trail. A customer whose grade is overridden
(``grade_locked``) keeps its grade until the override is removed; its value score is still kept current.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.utils import flt, getdate, now_datetime, nowdate

from crm_plus.doctypes import CUSTOMER, GRADE_HISTORY
from crm_plus.grading.figures import customer_rows, read_figures
from crm_plus.grading.notify import notify_owners, notify_result
from crm_plus.grading.score import Figures, grade_for, value_score
from crm_plus.grading.settings import ON_DEMAND, QUERY_CHUNK, SCHEDULED, load_rules, load_tiers
from crm_plus.rollup.marks import touch as touch_owners
from crm_plus.utils import jobs
from crm_plus.utils.bulk import insert_rows, update_rows
from crm_plus.utils.jobs import chunks
from crm_plus.utils.naming import random_name

LOCK = "crm_plus:regrade"
LOCK_WAIT = 30  # seconds a re-grade of a few customers waits for a full one
FULL_LOCK_WAIT = 3600


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
	lock_wait: int = LOCK_WAIT,
) -> Result:
	"""Re-grade `customers` (None: every customer). Returns what changed. Waits up to `lock_wait` seconds
	for a re-grade running elsewhere (JobBusyError after that)."""
	scope = _scope(customers)
	result = Result()
	if scope == []:
		return result
	today = getdate(today or nowdate())
	user = user or frappe.session.user
	step = progress or (lambda percent, message: None)

	with jobs.db_lock(
		LOCK, wait=lock_wait, busy_message=_("All customers are being re-graded; try again soon.")
	):
		return _regrade(scope, result, source, today, user, reason, notify, step)


def _regrade(scope, result, source, today, user, reason, notify, step) -> Result:
	step(5, _("Reading orders, order lines and complaints"))
	rules = load_rules()
	tiers = load_tiers()
	figures = read_figures(scope, rules, today)
	# the current grades of a chosen few are read locking (the latest committed ones, whatever this
	# transaction read before the lock); a full re-grade starts a fresh transaction under the lock instead
	rows = customer_rows(scope, for_update=scope is not None)

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
	for chunk in chunks(scope, QUERY_CHUNK):
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
	for chunk in chunks(names, QUERY_CHUNK):
		locked |= set(
			frappe.get_all(CUSTOMER, filters={"name": ("in", chunk), "grade_locked": 1}, pluck="name")
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
	touch_owners(c.sales_owner for c in changes)  # their grades and grade movement (crm_plus.rollup)
	return insert_rows(
		GRADE_HISTORY,
		("name", "customer", "customer_name", "sales_owner", "from_grade", "to_grade", "score"),
		(
			(
				random_name(),
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


# --- jobs ----------------------------------------------------------------------------------------


def regrade_all(**kwargs) -> Result:
	"""Re-grade every customer, after any re-grade running elsewhere (under its lock, in a fresh
	transaction so that what that one wrote is read)."""
	return jobs.after_others(LOCK, FULL_LOCK_WAIT, regrade, **kwargs)


def daily() -> None:
	"""Scheduler (daily_long): re-grade every customer."""
	regrade_all(source=SCHEDULED, user="Administrator")


def enqueue_regrade_all(user: str) -> bool:
	"""Re-grade every customer in the background (once, however often it is asked for meanwhile)."""
	return jobs.enqueue("crm_plus.grading.run.regrade_all_job", title=_("Re-grading customers"), user=user)


def regrade_all_job(user: str) -> dict:
	"""Background job of "Re-grade all customers": progress to the requester, and a notification of the
	result when done."""
	result = regrade_all(source=ON_DEMAND, user=user, progress=jobs.Progress(_("Re-grading customers")))
	notify_result(user, result)
	return result.as_dict()
