"""Escalation: an Open alert raised at least N days ago, not acknowledged and with no follow-up of the
customer recorded since it was raised, goes once to the manager of the owner's sales team."""

from collections.abc import Iterable
from datetime import datetime

import frappe
from frappe.utils import add_to_date
from pypika.terms import ExistsCriterion

from crm_plus.churn.settings import OPEN, QUERY_CHUNK, ChurnRules
from crm_plus.doctypes import CHURN_ALERT as ALERT
from crm_plus.doctypes import CUSTOMER, FOLLOW_UP, SALES_TEAM, SALES_TEAM_MEMBER
from crm_plus.utils.bulk import update_rows
from crm_plus.utils.jobs import chunks


def team_managers(users: Iterable[str]) -> dict[str, str]:
	"""sales rep -> the manager of the team they belong to (a rep belongs to one team)."""
	users = sorted({u for u in users if u})
	if not users:
		return {}
	member = frappe.qb.DocType(SALES_TEAM_MEMBER)
	team = frappe.qb.DocType(SALES_TEAM)
	rows = (
		frappe.qb.from_(member)
		.join(team)
		.on((member.parent == team.name) & (member.parenttype == SALES_TEAM))
		.select(member.user, team.manager)
		.where(member.user.isin(users) & team.manager.isnotnull())
		.orderby(team.name)
		.run()
	)
	managers = {}
	for user, manager in rows:
		managers.setdefault(user, manager)
	return managers


def escalate(scope: list[str] | None, rules: ChurnRules, now: datetime) -> list[dict]:
	a = frappe.qb.DocType(ALERT)
	c = frappe.qb.DocType(CUSTOMER)
	f = frappe.qb.DocType(FOLLOW_UP)
	cutoff = add_to_date(now, days=-rules.escalation_days)
	followed_up = (
		frappe.qb.from_(f)
		.select(1)
		.where((f.party_type == "Customer") & (f.customer == a.customer) & (f.creation >= a.raised_on))
	)

	def build():
		return (
			frappe.qb.from_(a)
			.join(c)
			.on(c.name == a.customer)
			.select(a.name, a.customer, a.customer_name, a.cause, a.days, a.raised_on, c.sales_owner)
			.where(
				(a.status == OPEN)
				& a.escalated_on.isnull()
				& (a.raised_on <= cutoff)
				& c.sales_owner.isnotnull()
				& ExistsCriterion(followed_up).negate()
			)
		)

	rows = []
	for chunk in chunks(scope, QUERY_CHUNK):
		query = build()
		if chunk is not None:
			query = query.where(a.customer.isin(chunk))
		rows += query.run(as_dict=True)
	managers = team_managers(r.sales_owner for r in rows)
	escalations = []
	for row in rows:
		manager = managers.get(row.sales_owner)
		if manager and manager != row.sales_owner:
			row.manager = manager
			escalations.append(row)
	written = update_rows(
		ALERT,
		("escalated_to", "escalated_on"),
		((r.name, r.manager, now) for r in escalations),
		where="t.`escalated_on` is null",
	)
	if written < len(escalations):
		# another scan escalated some of them at the same moment: notify about ours only
		ours = set(
			frappe.get_all(
				ALERT,
				filters={"name": ("in", [r.name for r in escalations]), "escalated_on": now},
				pluck="name",
			)
		)
		escalations = [r for r in escalations if r.name in ours]
	return escalations
