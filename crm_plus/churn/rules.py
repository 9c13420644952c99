"""The churn rules: for a set of customers (None: all), every (customer, cause) for which an enabled rule
holds, with the day the cause counts from — one query per rule (README, "Churn alerts")."""

from collections import namedtuple
from datetime import date, datetime, timedelta

import frappe
from frappe.query_builder.functions import Coalesce, Min
from frappe.utils import flt, getdate
from pypika.functions import Date

from crm_plus.churn.settings import (
	CHURNED,
	GRADE_DROPPED,
	NO_FOLLOW_UP,
	NO_ORDER,
	QUERY_CHUNK,
	RESOLVED,
	UNRESOLVED_COMPLAINT,
	ChurnRules,
)
from crm_plus.doctypes import COMPLAINT, CUSTOMER, CUSTOMER_GRADE, GRADE_HISTORY
from crm_plus.orders.source import placed_sql
from crm_plus.utils.jobs import chunks

ScannedCustomer = namedtuple("ScannedCustomer", "customer_name sales_owner quiet_since")


def scanned_customers(customers: list[str] | None) -> dict[str, ScannedCustomer]:
	"""The customers to scan (all but the Churned ones): name -> customer_name, sales_owner and the day
	their follow-up silence starts (their last follow-up date, or the day they were created)."""
	c = frappe.qb.DocType(CUSTOMER)
	rows = per_chunk(
		lambda: (
			frappe.qb.from_(c)
			.select(
				c.name,
				c.customer_name,
				c.sales_owner,
				Coalesce(c.last_follow_up_date, Date(c.creation)),
			)
			.where(c.status != CHURNED)
		),
		customers,
		c.name,
	)
	return {
		name: ScannedCustomer(customer_name, owner, getdate(quiet))
		for name, customer_name, owner, quiet in rows
	}


def per_chunk(build, customers: list[str] | None, field) -> list[tuple]:
	"""Rows of the query build() makes, for `customers` in IN (...) lists of QUERY_CHUNK (None: all)."""
	rows = []
	for chunk in chunks(customers, QUERY_CHUNK):
		query = build()
		if chunk is not None:
			query = query.where(field.isin(chunk))
		rows += query.run()
	return rows


def _no_order(customers, today: date, days: int) -> dict[str, date]:
	"""Customers whose last order placed (of the configured source: crm_plus.orders.source) is at least
	`days` old."""
	cutoff = today - timedelta(days=days)
	rows = []
	for chunk in chunks(customers, QUERY_CHUNK):
		where = "where `p`.`customer` in %(chunk)s" if chunk is not None else ""
		rows += frappe.db.sql(
			f"""select `p`.`customer`, max(`p`.`order_date`) from ({placed_sql()}) `p` {where}
			group by `p`.`customer` having max(`p`.`order_date`) <= %(cutoff)s""",  # nosemgrep
			{"chunk": chunk, "cutoff": cutoff},
		)
	return {customer: getdate(day) for customer, day in rows}


def _unresolved_complaints(customers, today: date, days: int) -> dict[str, date]:
	cp = frappe.qb.DocType(COMPLAINT)
	cutoff = today - timedelta(days=days)
	rows = per_chunk(
		lambda: (
			frappe.qb.from_(cp)
			.select(cp.customer, Min(cp.complaint_date))
			.where((cp.status != RESOLVED) & (cp.complaint_date < cutoff))
			.groupby(cp.customer)
		),
		customers,
		cp.customer,
	)
	return {customer: getdate(day) for customer, day in rows}


def _grade_dropped(customers, now: datetime, days: int) -> dict[str, date]:
	"""Customers whose latest grade change within `days` lowered their tier (to one with a lower minimum
	score). A first grading (no grade before) is never a drop and never follows one, so only changes
	from a grade are read: after the first run that is a handful of rows, not one per customer."""
	h = frappe.qb.DocType(GRADE_HISTORY)
	before = frappe.qb.DocType(CUSTOMER_GRADE).as_("before")
	after = frappe.qb.DocType(CUSTOMER_GRADE).as_("after")
	rows = per_chunk(
		lambda: (
			frappe.qb.from_(h)
			.left_join(before)
			.on(before.name == h.from_grade)
			.left_join(after)
			.on(after.name == h.to_grade)
			.select(h.customer, h.changed_on, h.name, before.min_score, after.min_score)
			.where((h.changed_on >= now - timedelta(days=days)) & h.from_grade.isnotnull())
		),
		customers,
		h.customer,
	)
	latest: dict[str, tuple] = {}
	for customer, changed_on, name, was, now_min in rows:
		if customer not in latest or (changed_on, name) > latest[customer][:2]:
			latest[customer] = (changed_on, name, was, now_min)
	return {
		customer: getdate(changed_on)
		for customer, (changed_on, _name, was, now_min) in latest.items()
		if was is not None and now_min is not None and flt(now_min) < flt(was)
	}


def find_causes(
	customers: list[str] | None, rules: ChurnRules, now: datetime, scanned: dict[str, dict] | None = None
) -> dict[tuple[str, str], date]:
	"""(customer, cause) -> since, for every enabled rule that holds."""
	today = now.date()
	scanned = scanned_customers(customers) if scanned is None else scanned
	found: dict[tuple[str, str], date] = {}
	for enabled, cause, rule, arg, days in (
		(rules.no_order_enabled, NO_ORDER, _no_order, today, rules.no_order_days),
		(rules.complaint_enabled, UNRESOLVED_COMPLAINT, _unresolved_complaints, today, rules.complaint_days),
		(rules.grade_drop_enabled, GRADE_DROPPED, _grade_dropped, now, rules.grade_drop_days),
	):
		if enabled:
			found.update(
				{
					(customer, cause): since
					for customer, since in rule(customers, arg, days).items()
					if customer in scanned
				}
			)
	if rules.no_follow_up_enabled:
		cutoff = today - timedelta(days=rules.no_follow_up_days)
		found.update(
			{
				(name, NO_FOLLOW_UP): row.quiet_since
				for name, row in scanned.items()
				if row.quiet_since <= cutoff
			}
		)
	return found
