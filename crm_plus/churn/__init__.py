"""Churn alerts (客户流失预警, SPEC §5): a daily scan of all customers, set-based.

Rules (CP Churn Settings; each can be switched off, N is configurable):

    No Order              the customer has ordered before (any order but a Cancelled one counts), but
                          not in the last N days (default 90, 连续3个月无订单): days since its last order ≥ N
    Unresolved Complaint  a complaint not Resolved whose feedback date is more than N days ago
                          (default 7, 投诉未解决超7天); the oldest one counts
    No Follow-up          no follow-up dated in the last N days (default 60): days since the customer's
                          last follow-up date (or since the customer was created, if it never had one) ≥ N
    Grade Dropped         the customer's latest grade change within the last N days (default 30) moved it
                          to a tier with a lower minimum score

Customers marked Churned are not scanned (they are already lost).

``scan(customers=None)`` (None: all customers):

1. one query per enabled rule gives every (customer, cause) for which the rule holds, with the date the
   cause counts from (``since``);
2. a pair without an open alert gets one, written with INSERT IGNORE under a unique key ``open_key``
   (customer|cause while the alert is open, NULL once closed): two scans running at once can never
   raise the same open cause twice. The owners are notified (desk, in bulk, in their language; e-mail
   too when CP Churn Settings says so);
3. open alerts (Open or Acknowledged) whose cause went away are closed, and their key is released;
4. the days of the alerts still open are brought up to date;
5. an Open alert raised at least the configured number of days ago, not acknowledged and with no
   follow-up of the customer recorded since it was raised, is escalated once to the manager of the
   team the customer's owner belongs to, who is notified.

A handful of queries and batched writes for 100,000 customers (README, Benchmarks).
"""

from collections import namedtuple
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce, Max, Min
from frappe.utils import add_to_date, cint, flt, get_fullname, getdate, now_datetime
from pypika.functions import Date
from pypika.terms import ExistsCriterion

from crm_plus.exceptions import ChurnAlertError
from crm_plus.orders import CANCELLED
from crm_plus.utils.bulk import insert_rows, update_rows
from crm_plus.utils.notify import insert_notifications, notify_each_or_summary, recipients

ALERT = "CP Churn Alert"
CUSTOMER = "CP Customer"
SETTINGS = "CP Churn Settings"

NO_ORDER = "No Order"
UNRESOLVED_COMPLAINT = "Unresolved Complaint"
NO_FOLLOW_UP = "No Follow-up"
GRADE_DROPPED = "Grade Dropped"
CAUSES = (NO_ORDER, UNRESOLVED_COMPLAINT, NO_FOLLOW_UP, GRADE_DROPPED)

OPEN = "Open"
ACKNOWLEDGED = "Acknowledged"
CLOSED = "Closed"
OPEN_STATUSES = (OPEN, ACKNOWLEDGED)

CHURNED = "Churned"
RESOLVED = "Resolved"
REPORT_LINK = "/app/query-report/CP%20Churn%20Risk"
QUERY_CHUNK = 5_000


@dataclass(frozen=True)
class ChurnRules:
	no_order_enabled: bool = True
	no_order_days: int = 90
	complaint_enabled: bool = True
	complaint_days: int = 7
	no_follow_up_enabled: bool = True
	no_follow_up_days: int = 60
	grade_drop_enabled: bool = True
	grade_drop_days: int = 30
	escalation_enabled: bool = True
	escalation_days: int = 7
	send_email: bool = False


def load_rules() -> ChurnRules:
	settings = frappe.get_single(SETTINGS)
	defaults = ChurnRules()
	values = {}
	for name, default in defaults.__dict__.items():
		value = settings.get(name)
		values[name] = default if value is None else type(default)(cint(value))
	return ChurnRules(**values)


def open_key(customer: str, cause: str) -> str:
	return f"{customer}|{cause}"


def _chunks(customers: list[str] | None):
	if customers is None:
		yield None
		return
	for i in range(0, len(customers), QUERY_CHUNK):
		yield customers[i : i + QUERY_CHUNK]


# --- the rules: (customer, cause) -> since -------------------------------------------------------


ScannedCustomer = namedtuple("ScannedCustomer", "customer_name sales_owner quiet_since")


def scanned_customers(customers: list[str] | None) -> dict[str, ScannedCustomer]:
	"""The customers to scan (all but the Churned ones): name -> customer_name, sales_owner and the day
	their follow-up silence starts (their last follow-up date, or the day they were created)."""
	c = frappe.qb.DocType(CUSTOMER)
	rows = _run_per_chunk(
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


def _run_per_chunk(build, customers: list[str] | None, field) -> list[tuple]:
	rows = []
	for chunk in _chunks(customers):
		query = build()
		if chunk is not None:
			query = query.where(field.isin(chunk))
		rows += query.run()
	return rows


def _no_order(customers, today: date, days: int) -> dict[str, date]:
	o = frappe.qb.DocType("CP Order")
	cutoff = today - timedelta(days=days)
	last = Max(o.order_date)
	rows = _run_per_chunk(
		lambda: (
			frappe.qb.from_(o)
			.select(o.customer, last)
			.where(o.status != CANCELLED)
			.groupby(o.customer)
			.having(last <= cutoff)
		),
		customers,
		o.customer,
	)
	return {customer: getdate(day) for customer, day in rows}


def _unresolved_complaints(customers, today: date, days: int) -> dict[str, date]:
	cp = frappe.qb.DocType("CP Complaint")
	cutoff = today - timedelta(days=days)
	rows = _run_per_chunk(
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
	h = frappe.qb.DocType("CP Grade History")
	before = frappe.qb.DocType("CP Customer Grade").as_("before")
	after = frappe.qb.DocType("CP Customer Grade").as_("after")
	rows = _run_per_chunk(
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


# --- the scan ------------------------------------------------------------------------------------


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
	rows = _run_per_chunk(
		lambda: (
			frappe.qb.from_(a).select(*(a[f] for f in OpenAlert._fields)).where(a.status.isin(OPEN_STATUSES))
		),
		customers,
		a.customer,
	)
	return list(map(OpenAlert._make, rows))


def scan(
	customers: Iterable[str] | None = None, now: datetime | None = None, notify: bool = True
) -> ScanResult:
	"""Raise, close, update and escalate the churn alerts of `customers` (None: every customer)."""
	scope = None if customers is None else sorted({c for c in customers if c})
	result = ScanResult()
	if scope == []:
		return result
	now = now or now_datetime()
	today = now.date()
	rules = load_rules()
	scanned = scanned_customers(scope)
	causes = find_causes(scope, rules, now, scanned)
	existing = _open_alerts(scope)
	open_pairs = {(a.customer, a.cause) for a in existing}

	new_pairs = sorted(pair for pair in causes if pair not in open_pairs)
	raised = _raise(new_pairs, causes, now, scanned)
	result.raised = len(raised)

	gone = [a.name for a in existing if (a.customer, a.cause) not in causes]
	result.closed = close_alerts(gone, now)

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

	escalations = _escalate(scope, rules, now) if rules.escalation_enabled else []
	result.escalated = len(escalations)
	if notify:
		notified = notify_raised(raised)
		notified |= notify_escalated(escalations)
		if rules.send_email:
			email_summaries(notified)
	return result


def _raise(
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
				"name": frappe.generate_hash(length=10),
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
	names = [a["name"] for a in alerts]
	written = set()
	for i in range(0, len(names), QUERY_CHUNK):
		written |= set(
			frappe.get_all(ALERT, filters={"name": ("in", names[i : i + QUERY_CHUNK])}, pluck="name")
		)
	return [a for a in alerts if a["name"] in written]


def close_alerts(names: list[str], now: datetime) -> int:
	a = frappe.qb.DocType(ALERT)
	for i in range(0, len(names), QUERY_CHUNK):
		(
			frappe.qb.update(a)
			.set(a.status, CLOSED)
			.set(a.closed_on, now)
			.set(a.open_key, None)
			.where(a.name.isin(names[i : i + QUERY_CHUNK]) & a.status.isin(OPEN_STATUSES))
			.run()
		)
	return len(names)


def team_managers(users: Iterable[str]) -> dict[str, str]:
	"""sales rep -> the manager of the team they belong to (a rep belongs to one team)."""
	users = sorted({u for u in users if u})
	if not users:
		return {}
	member = frappe.qb.DocType("CP Sales Team Member")
	team = frappe.qb.DocType("CP Sales Team")
	rows = (
		frappe.qb.from_(member)
		.join(team)
		.on((member.parent == team.name) & (member.parenttype == "CP Sales Team"))
		.select(member.user, team.manager)
		.where(member.user.isin(users) & team.manager.isnotnull())
		.orderby(team.name)
		.run()
	)
	managers = {}
	for user, manager in rows:
		managers.setdefault(user, manager)
	return managers


def _escalate(scope: list[str] | None, rules: ChurnRules, now: datetime) -> list[dict]:
	a = frappe.qb.DocType(ALERT)
	c = frappe.qb.DocType(CUSTOMER)
	f = frappe.qb.DocType("CP Follow Up")
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
	for chunk in _chunks(scope):
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


# --- notifications -------------------------------------------------------------------------------


def _cause_text(cause: str, days: int, lang: str) -> str:
	texts = {
		NO_ORDER: _("no order for {0} days", lang=lang),
		UNRESOLVED_COMPLAINT: _("a complaint unresolved for {0} days", lang=lang),
		NO_FOLLOW_UP: _("no follow-up for {0} days", lang=lang),
		GRADE_DROPPED: _("grade dropped {0} days ago", lang=lang),
	}
	return texts[cause].format(days)


def notify_raised(alerts: list[dict]) -> set[str]:
	"""Tell the owners about their new alerts. Returns who was notified."""

	def subject(item, lang):
		a = item["alert"]
		return _("Churn risk: {0}, {1}.", lang=lang).format(
			frappe.bold(a["customer_name"] or a["customer"]), _cause_text(a["cause"], a["days"], lang)
		)

	def summary(owner, items, lang):
		return (
			_("{0} of your customers show a churn risk; see the churn risk report.", lang=lang).format(
				len({i["alert"]["customer"] for i in items})
			),
			REPORT_LINK,
		)

	items = [
		{"for_user": a["sales_owner"], "document_type": ALERT, "document_name": a["name"], "alert": a}
		for a in alerts
		if a["sales_owner"]
	]
	notify_each_or_summary(items, subject, summary)
	return {i["for_user"] for i in items}


def notify_escalated(escalations: list[dict]) -> set[str]:
	def subject(item, lang):
		a = item["alert"]
		return _("Escalated churn risk: {0}, {1}; owner {2} has not acted on it.", lang=lang).format(
			frappe.bold(a.customer_name or a.customer),
			_cause_text(a.cause, cint(a.days), lang),
			get_fullname(a.sales_owner),
		)

	def summary(manager, items, lang):
		return (
			_(
				"{0} churn alerts of your team were escalated to you; see the churn risk report.", lang=lang
			).format(len(items)),
			REPORT_LINK,
		)

	items = [
		{"for_user": a.manager, "document_type": ALERT, "document_name": a.name, "alert": a}
		for a in escalations
	]
	notify_each_or_summary(items, subject, summary)
	return {i["for_user"] for i in items}


def email_summaries(users: set[str]) -> int:
	"""One e-mail per notified user listing their unread churn notifications, for users who have not
	switched e-mail notifications off (Notification Settings), when the site has an outgoing e-mail
	account."""
	from frappe.desk.doctype.notification_settings.notification_settings import (
		is_email_notifications_enabled,
	)
	from frappe.email.doctype.email_account.email_account import EmailAccount

	if not EmailAccount.find_default_outgoing():
		return 0  # e-mail is not set up on this site: the desk notifications are all there is
	sent = 0
	for user, lang in recipients(users).items():
		if not is_email_notifications_enabled(user):
			continue
		email = frappe.db.get_value("User", user, "email")
		if not email:
			continue
		subjects = frappe.get_all(
			"Notification Log",
			filters={"for_user": user, "document_type": ALERT, "read": 0},
			pluck="subject",
			order_by="creation desc",
			limit=50,
		)
		if not subjects:
			continue
		frappe.sendmail(
			recipients=[email],
			subject=_("Churn alerts for your customers", lang=lang),
			message="<ul>" + "".join(f"<li>{s}</li>" for s in subjects) + "</ul>",
			reference_doctype=ALERT,
		)
		sent += 1
	return sent


# --- acting on an alert --------------------------------------------------------------------------


def acknowledge(alert: str):
	"""The owner (or anyone who may change the customer) has seen the alert and is acting on it: it is
	no longer escalated. It still closes by itself when its cause goes away."""
	doc = frappe.get_doc(ALERT, alert)
	if doc.status == CLOSED:
		frappe.throw(
			_("This churn alert was closed on {0}: its cause went away.").format(
				frappe.format(doc.closed_on, "Datetime")
			),
			ChurnAlertError,
			title=_("Alert Closed"),
		)
	if doc.status == ACKNOWLEDGED:
		return doc
	doc.status = ACKNOWLEDGED  # the controller records who and when
	doc.save()
	return doc


# --- jobs ----------------------------------------------------------------------------------------


def daily() -> None:
	"""Scheduler (daily_long): scan every customer."""
	scan()


def scan_all_job(user: str) -> dict:
	result = scan()
	for recipient, lang in recipients([user]).items():
		insert_notifications(
			[
				{
					"for_user": recipient,
					"subject": _(
						"Churn scan finished: {0} alerts raised, {1} closed, {2} escalated, {3} open.",
						lang=lang,
					).format(result.raised, result.closed, result.escalated, result.open),
					"document_type": ALERT,
					"link": REPORT_LINK,
				}
			]
		)
	return result.as_dict()
