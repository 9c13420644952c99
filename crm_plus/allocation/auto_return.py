"""Customers not followed up for N days go back to the pool; their owner is warned M days before.

Off by default (CP Pool Settings). Runs daily (hooks.py scheduler_events, the long queue).

A customer's days are counted from its last follow-up (CP Customer.last_follow_up_date), else its first
cooperation date, else its creation — but never from before its owner got it (the latest
CP Owner Change Log row giving it to its owner, else its creation): a customer just claimed or
allocated is not taken away the next night for its previous owner's silence.

The warning is sent once per customer and cycle: a CP Pool Return Warning row remembers customer,
owner and the day it is due; a follow-up (a new due day) or a new owner starts a new cycle.
"""

from datetime import date

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce, Date, Max
from frappe.utils import add_days, getdate
from pypika.terms import CustomFunction

from crm_plus.allocation import AUTO_RETURN, CUSTOMER, LOG, WARNING, notify
from crm_plus.allocation.move import MoveRequest, execute_move, plan_move
from crm_plus.allocation.pool import settings
from crm_plus.allocation.selection import Selection
from crm_plus.utils.bulk import insert_rows
from crm_plus.utils.jobs import commit_batch
from crm_plus.utils.naming import random_name

Greatest = CustomFunction("GREATEST", ["a", "b"])
WARNING_ROUTE = "/app/cp-pool-return-warning"


def run_daily() -> None:
	"""scheduler_events: warn owners of customers due soon, then return the overdue ones."""
	config = settings()
	if not config.auto_return_enabled or config.return_after_days <= 0:
		return
	today = getdate()
	send_warnings(config.return_after_days, config.warning_days, today)
	return_overdue(config.return_after_days, today)
	w = frappe.qb.DocType(WARNING)
	frappe.qb.from_(w).delete().where(w.due_date < today).run()  # past cycles


def counted_from(t):
	"""The day a customer's days without follow-up are counted from (see the module docstring)."""
	log = frappe.qb.DocType(LOG)
	took_over = (
		frappe.qb.from_(log)
		.select(Max(log.changed_on))
		.where((log.customer == t.name) & (log.to_owner == t.sales_owner))
	)
	activity = Coalesce(t.last_follow_up_date, t.first_cooperation_date, Date(t.creation))
	return Greatest(activity, Date(Coalesce(took_over, t.creation)))


def customers_counted_from(
	on_or_before: date, after: date | None = None, names: list[str] | None = None, lock: bool = False
) -> list[frappe._dict]:
	"""Owned customers whose count started on or before `on_or_before` (and after `after`); with
	`lock`, a locking read (it sees what other transactions committed since this one began)."""
	t = frappe.qb.DocType(CUSTOMER)
	start = counted_from(t)
	query = (
		frappe.qb.from_(t)
		.select(t.name, t.customer_name, t.sales_owner, start.as_("counted_from"))
		.where(t.sales_owner.notnull() & (t.sales_owner != "") & (start <= on_or_before))
		.orderby(t.name)
	)
	if after:
		query = query.where(start > after)
	if names is not None:
		query = query.where(t.name.isin(names))
	if lock:
		query = query.for_update()
	return query.run(as_dict=True)


def send_warnings(days: int, warning_days: int, today: date) -> int:
	"""Warn each owner once about their customers that return within `warning_days` days."""
	if warning_days <= 0:
		return 0
	due_soon = customers_counted_from(
		add_days(today, -(days - min(warning_days, days))), after=add_days(today, -days)
	)
	w = frappe.qb.DocType(WARNING)
	warned = set(
		frappe.qb.from_(w).select(w.customer, w.sales_owner, w.due_date).where(w.due_date >= today).run()
	)
	rows = []
	for c in due_soon:
		due = getdate(add_days(c.counted_from, days))
		if (c.name, c.sales_owner, due) not in warned:
			name = random_name()
			rows.append((name, c.name, c.customer_name, c.sales_owner, c.counted_from, due, today))
	if not rows:
		return 0
	insert_rows(
		WARNING,
		("name", "customer", "customer_name", "sales_owner", "counted_from", "due_date", "warning_date"),
		rows,
	)
	by_owner: dict[str, list[date]] = {}
	for row in rows:
		by_owner.setdefault(row[3], []).append(row[5])
	for owner, due_days in by_owner.items():
		link = f"{WARNING_ROUTE}?sales_owner={owner}&warning_date={today}"
		notify.return_warning(owner, len(due_days), min(due_days), link)
	return len(rows)


def return_overdue(days: int, today: date) -> int:
	"""Return to the pool every owned customer not followed up for `days` days."""
	cutoff = add_days(today, -days)
	overdue = [c.name for c in customers_counted_from(cutoff)]
	if not overdue:
		return 0
	request = MoveRequest(
		AUTO_RETURN,
		Selection(customers=sorted(overdue)),
		to_owner=None,
		reason=_("Not followed up for {0} days").format(days),
		user=frappe.session.user,
	)

	def still_overdue(batch: list[str]) -> set[str]:
		# a follow-up recorded since the plan was made saves the customer
		return {c.name for c in customers_counted_from(cutoff, names=batch, lock=True)}

	result = execute_move(
		plan_move(request), after_batch=lambda done, total, moved: commit_batch(), recheck=still_overdue
	)
	notify.returned_to_pool(result.by_owner, days)
	return result.moved
