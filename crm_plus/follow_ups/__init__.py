"""Follow-ups (跟进记录; README, "Follow-ups, orders, contracts, complaints, suppliers"): the customer's / supplier's last follow-up date and the daily reminders.

- ``refresh_last_follow_up_dates``: a party's "last follow-up date" is the latest follow-up date among
  its follow-ups; it is recomputed set-based (one UPDATE with a correlated MAX) whenever follow-ups of
  the party are inserted, changed, moved to another party or deleted.
- ``send_due_reminders`` (daily): a follow-up is *due* when its next follow-up date has come (today or
  earlier) and no later follow-up of the same party has been recorded since. Its follow-up owner gets
  one desk notification for that date; ``reminder_sent_for`` remembers the date reminded about, so the
  reminder is never repeated (moving the next follow-up date to a new day makes it due again then); the
  owner's messaging robots get them too (crm_plus.messaging).
"""

from collections.abc import Iterable
from functools import partial

import frappe
from frappe import _
from frappe.query_builder.functions import Max
from frappe.query_builder.terms import SubQuery
from frappe.utils import formatdate, getdate, nowdate
from pypika.terms import ExistsCriterion

from crm_plus import messaging
from crm_plus.doctypes import FOLLOW_UP
from crm_plus.utils.jobs import commit_batch
from crm_plus.utils.notify import insert_notifications, recipients

# party_type -> (field on the follow-up, party DocType)
PARTIES = {"Customer": ("customer", "CP Customer"), "Supplier": ("supplier", "CP Supplier")}
REMINDER_BATCH = 2_000


def refresh_last_follow_up_dates(party_type: str, names: Iterable[str] | None = None) -> None:
	"""Set last_follow_up_date of the parties `names` (None: all of them) from their follow-ups."""
	field, doctype = PARTIES[party_type]
	if names is not None:
		names = sorted({n for n in names if n})
		if not names:
			return
	fu = frappe.qb.DocType(FOLLOW_UP)
	party = frappe.qb.DocType(doctype)
	latest = (
		frappe.qb.from_(fu)
		.select(Max(fu.follow_up_date))
		.where((fu.party_type == party_type) & (fu[field] == party.name))
	)
	query = frappe.qb.update(party).set(party.last_follow_up_date, SubQuery(latest))
	if names is not None:
		query = query.where(party.name.isin(names))
	query.run()
	for name in names or []:
		frappe.clear_document_cache(doctype, name)


def last_follow_up_date(party_type: str, name: str):
	field, _doctype = PARTIES[party_type]
	fu = frappe.qb.DocType(FOLLOW_UP)
	rows = (
		frappe.qb.from_(fu)
		.select(Max(fu.follow_up_date))
		.where((fu.party_type == party_type) & (fu[field] == name))
		.run()
	)
	return rows[0][0] if rows else None


def keep_last_follow_up_date(doc, method=None) -> None:
	"""CP Customer's and CP Supplier's validate: the field is computed from
	the follow-ups, so a form opened before a follow-up was added cannot write an older date back."""
	party_type = "Customer" if doc.doctype == "CP Customer" else "Supplier"
	doc.last_follow_up_date = None if doc.is_new() else last_follow_up_date(party_type, doc.name)


# --- reminders ---------------------------------------------------------------------------------------


def _due_query(party_type: str, today, limit: int):
	field, _doctype = PARTIES[party_type]
	f = frappe.qb.DocType(FOLLOW_UP).as_("f")
	later = frappe.qb.DocType(FOLLOW_UP).as_("later")
	superseded = (
		frappe.qb.from_(later)
		.select(1)
		.where(
			(later.party_type == party_type)
			& (later[field] == f[field])
			& (
				(later.follow_up_date > f.follow_up_date)
				| ((later.follow_up_date == f.follow_up_date) & (later.creation > f.creation))
			)
		)
	)
	return (
		frappe.qb.from_(f)
		.select(f.name, f.follow_up_owner, f.party_name, f.next_follow_up_date)
		.where(
			(f.party_type == party_type)
			& (f.next_follow_up_date <= today)
			& (f.reminder_sent_for.isnull() | (f.reminder_sent_for != f.next_follow_up_date))
			& ExistsCriterion(superseded).negate()
		)
		.limit(limit)
		.for_update()
	)


def due_follow_ups(today=None, limit: int = REMINDER_BATCH) -> list[dict]:
	"""Follow-ups whose owner has not yet been reminded of their (due or overdue) next follow-up."""
	today = getdate(today or nowdate())
	rows = []
	for party_type in PARTIES:
		rows += _due_query(party_type, today, limit).run(as_dict=True)
	return rows


def _subject(row, today, lang: str) -> str:
	party = frappe.bold(row.party_name or row.name)
	if getdate(row.next_follow_up_date) == today:
		return _("Follow-up with {0} is due today.", lang=lang).format(party)
	return _("Follow-up with {0} is overdue: it was due on {1}.", lang=lang).format(
		party, formatdate(row.next_follow_up_date)
	)


def send_due_reminders(today=None) -> int:
	"""Daily job: one notification per due follow-up to its follow-up owner, never repeated.

	Works in batches; each batch marks its follow-ups as reminded in the same transaction that writes
	the notifications, and is committed before the next, so a crash never repeats or loses a batch."""
	today = getdate(today or nowdate())
	sent = 0
	while rows := due_follow_ups(today):
		langs = recipients(r.follow_up_owner for r in rows)
		insert_notifications(
			[
				{
					"for_user": r.follow_up_owner,
					"subject": _subject(r, today, langs[r.follow_up_owner]),
					"document_type": FOLLOW_UP,
					"document_name": r.name,
				}
				for r in rows
				if r.follow_up_owner in langs
			]
		)
		messaging.post(
			messaging.FOLLOW_UPS_DUE,
			[
				messaging.Item(r.follow_up_owner, partial(_subject, r, today), f"/app/cp-follow-up/{r.name}")
				for r in rows
				if r.follow_up_owner in langs
			],
		)
		fu = frappe.qb.DocType(FOLLOW_UP)
		# the rows are locked (select ... for update): their next follow-up date is the one reminded of
		(
			frappe.qb.update(fu)
			.set(fu.reminder_sent_for, fu.next_follow_up_date)
			.where(fu.name.isin([r.name for r in rows]))
			.run()
		)
		sent += len(rows)
		commit_batch()  # each batch is complete on its own
	return sent
