"""The daily jobs of price files (定期更新 / 定期审核): expire what is past its valid-to date, and remind the
customer's owner before a price file or its contract ends and when its review date comes due.

Each reminder is sent once per file and cause: the file remembers the date a reminder was about
(``expiry_reminder_for`` = the valid-to date, ``contract_reminder_for`` = the contract's end date,
``review_reminder_for`` = the review date), so running the job again, or every day, sends nothing new;
a date that moves (a contract extended, a review rescheduled) is a new cause. The owners' messaging robots
get the reminders too (crm_plus.messaging). Both jobs are a few
set-based queries whatever the number of files.
"""

from datetime import date, timedelta
from functools import partial

import frappe
from frappe import _
from frappe.utils import cint, getdate, now_datetime, nowdate

from crm_plus import messaging
from crm_plus.integrations.erpnext.prices import withdraw as withdraw_prices
from crm_plus.pricing import APPROVED, EXPIRED, PRICE_FILE
from crm_plus.utils.naming import random_name

EXPIRY = "expiry"
CONTRACT = "contract"
REVIEW = "review"
SENT_FIELD = {EXPIRY: "expiry_reminder_for", CONTRACT: "contract_reminder_for", REVIEW: "review_reminder_for"}


def expire_price_files(today: date | None = None) -> int:
	"""Approved files whose valid-to date has passed become Expired. Returns how many."""
	today = today or getdate(nowdate())
	pf = frappe.qb.DocType(PRICE_FILE)
	condition = (pf.docstatus == 1) & (pf.status == APPROVED) & (pf.valid_to < today)
	names = frappe.qb.from_(pf).select(pf.name).where(condition).run(pluck=True)
	if names:
		frappe.qb.update(pf).set(pf.status, EXPIRED).set(pf.modified, now_datetime()).where(condition).run()
		withdraw_prices(names)  # their ERPNext prices stop applying
	return len(names)


def due_reminders(today: date | None = None) -> list[dict]:
	"""One row per (approved file, cause) whose reminder is due and was not sent for that date."""
	today = today or getdate(nowdate())
	settings = frappe.get_cached_doc("CP Price File Settings")
	expiry_until = today + timedelta(days=cint(settings.expiry_reminder_days))
	contract_until = today + timedelta(days=cint(settings.contract_reminder_days))

	pf = frappe.qb.DocType(PRICE_FILE)
	customer = frappe.qb.DocType("CP Customer")
	contract = frappe.qb.DocType("CP Contract")
	expiry_due = (
		(pf.valid_to >= today)
		& (pf.valid_to <= expiry_until)
		& _not_sent(pf.expiry_reminder_for, pf.valid_to)
	)
	contract_due = (
		(contract.end_date >= today)
		& (contract.end_date <= contract_until)
		& _not_sent(pf.contract_reminder_for, contract.end_date)
	)
	review_due = (pf.review_date <= today) & _not_sent(pf.review_reminder_for, pf.review_date)
	rows = (
		frappe.qb.from_(pf)
		.join(customer)
		.on(customer.name == pf.customer)
		.left_join(contract)
		.on(contract.name == pf.contract)
		.select(
			pf.name,
			pf.title,
			pf.valid_to,
			pf.review_date,
			pf.contract,
			contract.end_date.as_("contract_end_date"),
			customer.sales_owner,
			pf.owner,
			pf.expiry_reminder_for,
			pf.contract_reminder_for,
			pf.review_reminder_for,
		)
		.where((pf.docstatus == 1) & (pf.status == APPROVED) & (expiry_due | contract_due | review_due))
		.run(as_dict=True)
	)
	due = []
	for row in rows:
		recipient = row.sales_owner or row.owner
		if row.valid_to and today <= row.valid_to <= expiry_until:
			due.append({**row, "cause": EXPIRY, "date": row.valid_to, "recipient": recipient})
		if row.contract_end_date and today <= row.contract_end_date <= contract_until:
			due.append({**row, "cause": CONTRACT, "date": row.contract_end_date, "recipient": recipient})
		if row.review_date and row.review_date <= today:
			due.append({**row, "cause": REVIEW, "date": row.review_date, "recipient": recipient})
	return [d for d in due if d["date"] != _sent_for(d)]


def _not_sent(sent_field, reference):
	return sent_field.isnull() | (sent_field != reference)


def _sent_for(reminder: dict):
	return reminder.get(SENT_FIELD[reminder["cause"]])


def send_price_file_reminders(today: date | None = None) -> int:
	"""Notify the owners of what is due (desk notifications) and remember it. Returns how many."""
	due = due_reminders(today)
	if not due:
		return 0
	languages = _languages({d["recipient"] for d in due})
	now = now_datetime()
	logs = []
	for reminder in due:
		lang = languages.get(reminder["recipient"])
		if lang is None:  # a disabled or deleted user: remember the cause, notify nobody
			continue
		logs.append(
			(
				random_name(),
				_subject(reminder, lang),
				reminder["recipient"],
				"Alert",
				PRICE_FILE,
				reminder["name"],
				0,
				now,
				now,
				"Administrator",
				"Administrator",
			)
		)
	if logs:
		frappe.db.bulk_insert(
			"Notification Log",
			[
				"name",
				"subject",
				"for_user",
				"type",
				"document_type",
				"document_name",
				"read",
				"creation",
				"modified",
				"owner",
				"modified_by",
			],
			logs,
		)
	messaging.post(
		messaging.PRICE_FILE_REMINDERS,
		[
			messaging.Item(r["recipient"], partial(_subject, r), f"/app/cp-price-file/{r['name']}")
			for r in due
			if r["recipient"] in languages
		],
	)
	_remember(due)
	_tell_the_desk({log[2] for log in logs})
	return len(logs)


def _subject(reminder: dict, lang: str) -> str:
	title = frappe.bold(reminder["title"])
	if reminder["cause"] == EXPIRY:
		return _(
			"Price file {0} expires on {1}: review it and make a new revision in time.", lang=lang
		).format(title, reminder["date"])
	if reminder["cause"] == CONTRACT:
		return _("The contract {0} of price file {1} ends on {2}.", lang=lang).format(
			frappe.bold(reminder["contract"]), title, reminder["date"]
		)
	return _("The periodic review of price file {0} was due on {1}.", lang=lang).format(
		title, reminder["date"]
	)


def _languages(users: set[str]) -> dict[str, str]:
	"""Enabled recipients -> the language their notification is written in."""
	default = frappe.db.get_default("lang") or "en"
	rows = frappe.get_all(
		"User", filters={"name": ("in", list(users)), "enabled": 1}, fields=["name", "language"]
	)
	return {r.name: r.language or default for r in rows}


def _remember(due: list[dict]) -> None:
	"""Store, per cause, the date each file was reminded about: one UPDATE per cause."""
	pf = frappe.qb.DocType(PRICE_FILE)
	contract = frappe.qb.DocType("CP Contract")
	names = {cause: [d["name"] for d in due if d["cause"] == cause] for cause in SENT_FIELD}
	if names[EXPIRY]:
		frappe.qb.update(pf).set(pf.expiry_reminder_for, pf.valid_to).where(pf.name.isin(names[EXPIRY])).run()
	if names[REVIEW]:
		frappe.qb.update(pf).set(pf.review_reminder_for, pf.review_date).where(
			pf.name.isin(names[REVIEW])
		).run()
	if names[CONTRACT]:
		(
			frappe.qb.update(pf)
			.join(contract)
			.on(contract.name == pf.contract)
			.set(pf.contract_reminder_for, contract.end_date)
			.where(pf.name.isin(names[CONTRACT]))
			.run()
		)


def _tell_the_desk(users: set[str]) -> None:
	from frappe.desk.doctype.notification_log.notification_log import set_notifications_as_unseen

	for user in users:
		set_notifications_as_unseen(user)
		frappe.publish_realtime("notification", after_commit=True, user=user)
