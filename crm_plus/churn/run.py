"""The churn scan of a set of customers (None: all), set-based (README, "Churn alerts").

1. the causes that hold (crm_plus.churn.rules): one query per enabled rule;
2. a (customer, cause) without an open alert gets one, written with INSERT IGNORE under the unique key
   ``open_key`` (customer|cause while open, NULL once closed): two scans at once never raise the same
   open cause twice; the owners are notified;
3. open alerts whose cause went away are closed and their key released;
4. the days of the alerts still open are brought up to date;
5. alerts left unanswered are escalated (crm_plus.churn.escalation).

A scan is one transaction: a worker killed mid-scan leaves nothing of it, and running it again raises
each alert once. Full scans hold the database lock ``crm_plus:churn_scan`` (two never run at once, on
any number of hosts, so an alert is escalated and notified once).
"""

from collections import namedtuple
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

import frappe
from frappe import _
from frappe.utils import cint, getdate, now_datetime

from crm_plus.churn.escalation import escalate
from crm_plus.churn.notify import email_summaries, notify_escalated, notify_raised, notify_result
from crm_plus.churn.rules import find_causes, per_chunk, scanned_customers
from crm_plus.churn.settings import CLOSED, OPEN, OPEN_STATUSES, QUERY_CHUNK, load_rules, open_key
from crm_plus.doctypes import CHURN_ALERT as ALERT
from crm_plus.rollup.marks import touch as touch_owners
from crm_plus.rollup.marks import touch_customers
from crm_plus.utils import jobs
from crm_plus.utils.bulk import insert_rows, update_rows
from crm_plus.utils.jobs import chunks
from crm_plus.utils.naming import random_name

LOCK = "crm_plus:churn_scan"
LOCK_WAIT = 3600


@dataclass
class ScanResult:
	raised: int = 0
	closed: int = 0
	escalated: int = 0
	open: int = 0

	def as_dict(self) -> dict:
		return dict(self.__dict__)


OpenAlert = namedtuple("OpenAlert", "name customer cause since days")


def _open_alerts(customers: list[str] | None) -> list[OpenAlert]:
	a = frappe.qb.DocType(ALERT)
	rows = per_chunk(
		lambda: (
			frappe.qb.from_(a).select(*(a[f] for f in OpenAlert._fields)).where(a.status.isin(OPEN_STATUSES))
		),
		customers,
		a.customer,
	)
	return list(map(OpenAlert._make, rows))


def scan(
	customers: Iterable[str] | None = None,
	now: datetime | None = None,
	notify: bool = True,
	progress: Callable[[float, str], None] | None = None,
) -> ScanResult:
	"""Raise, close, update and escalate the churn alerts of `customers` (None: every customer)."""
	step = progress or (lambda percent, message: None)
	scope = None if customers is None else sorted({c for c in customers if c})
	result = ScanResult()
	if scope == []:
		return result
	now = now or now_datetime()
	today = now.date()
	step(5, _("Finding customers at risk"))
	rules = load_rules()
	scanned = scanned_customers(scope)
	causes = find_causes(scope, rules, now, scanned)
	existing = _open_alerts(scope)
	open_pairs = {(a.customer, a.cause) for a in existing}

	step(40, _("Raising churn alerts"))
	new_pairs = sorted(pair for pair in causes if pair not in open_pairs)
	raised = raise_alerts(new_pairs, causes, now, scanned)
	result.raised = len(raised)

	step(60, _("Closing alerts whose cause went away"))
	gone = [a for a in existing if (a.customer, a.cause) not in causes]
	result.closed = close_alerts([a.name for a in gone], now)
	# the owners whose open alerts changed (rep performance reads them from crm_plus.rollup)
	touch_owners(
		{a["sales_owner"] for a in raised}
		| {scanned[a.customer].sales_owner for a in gone if a.customer in scanned}
	)
	touch_customers({a.customer for a in gone if a.customer not in scanned})  # churned meanwhile

	stale = []
	for a in existing:
		since = causes.get((a.customer, a.cause))
		if since is None:
			continue
		days = (today - since).days
		if getdate(a.since) != since or cint(a.days) != days:
			stale.append((a.name, since, days))
	update_rows(ALERT, ("since", "days"), stale)
	result.open = len(existing) - len(gone) + len(raised)

	step(80, _("Escalating unanswered alerts"))
	escalations = escalate(scope, rules, now) if rules.escalation_enabled else []
	result.escalated = len(escalations)
	if notify:
		since = now_datetime()
		notified = notify_raised(raised)
		notified |= notify_escalated(escalations)
		if rules.send_email:
			email_summaries(notified, since)
	step(100, _("Done"))
	return result


def raise_alerts(
	pairs: list[tuple[str, str]], causes: dict, now: datetime, customers: dict[str, dict] | None = None
) -> list[dict]:
	"""Insert one alert per pair; returns the alerts this scan wrote (a pair another scan raised at the
	same moment is skipped by the unique open_key)."""
	if not pairs:
		return []
	today = now.date()
	customers = customers if customers is not None else scanned_customers(sorted({c for c, _x in pairs}))
	alerts = []
	for customer, cause in pairs:
		info = customers.get(customer)
		if not info:
			continue
		since = causes[(customer, cause)]
		alerts.append(
			{
				"name": random_name(),
				"customer": customer,
				"customer_name": info.customer_name,
				"cause": cause,
				"since": since,
				"days": (today - since).days,
				"sales_owner": info.sales_owner,
			}
		)
	columns = ("name", "customer", "customer_name", "cause", "since", "days", "sales_owner")
	inserted = insert_rows(
		ALERT,
		(*columns, "open_key"),
		((*(a[c] for c in columns), open_key(a["customer"], a["cause"])) for a in alerts),
		constants={"status": OPEN, "raised_on": now},
		ignore_duplicates=True,
		timestamp=now,
	)
	if inserted == len(alerts):
		return alerts
	# another scan raised some of the same causes at the same moment: ours are the rows that exist
	written = set()
	for chunk in chunks([a["name"] for a in alerts], QUERY_CHUNK):
		written |= set(frappe.get_all(ALERT, filters={"name": ("in", chunk)}, pluck="name"))
	return [a for a in alerts if a["name"] in written]


def close_alerts(names: list[str], now: datetime) -> int:
	a = frappe.qb.DocType(ALERT)
	for chunk in chunks(names, QUERY_CHUNK):
		(
			frappe.qb.update(a)
			.set(a.status, CLOSED)
			.set(a.closed_on, now)
			.set(a.open_key, None)
			.where(a.name.isin(chunk) & a.status.isin(OPEN_STATUSES))
			.run()
		)
	return len(names)


def scan_all(**kwargs) -> ScanResult:
	"""Scan every customer, after any full scan running elsewhere (under its lock, in a fresh transaction
	so that what that one wrote is read)."""
	return jobs.after_others(LOCK, LOCK_WAIT, scan, **kwargs)


def daily() -> None:
	"""Scheduler (daily_long): scan every customer."""
	scan_all()


def enqueue_scan_all(user: str) -> bool:
	"""Scan every customer in the background (once, however often it is asked for meanwhile)."""
	return jobs.enqueue("crm_plus.churn.run.scan_all_job", title=_("Churn scan of all customers"), user=user)


def scan_all_job(user: str) -> dict:
	result = scan_all(progress=jobs.Progress(_("Churn scan of all customers")))
	notify_result(user, result)
	return result.as_dict()
