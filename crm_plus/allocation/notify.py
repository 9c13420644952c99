"""Desk notifications (Notification Log) about moves: one per user per move, never one per customer.

Where an outgoing e-mail account is configured, the notification is of the default type, which the
framework also e-mails to users who keep e-mail notifications on (Notification Settings, on by
default). Without one it is an Alert, which the framework never e-mails (no failed sends, no error
logs). Messages are written in the recipient's language."""

import frappe
from frappe import _
from frappe.utils import get_fullname

from crm_plus import messaging
from crm_plus.allocation import LOG

POOL_REPORT_ROUTE = "/app/query-report/CP Customer Pool"


def _lang(user: str) -> str | None:
	return frappe.db.get_value("User", user, "language") or None


def email_configured() -> bool:
	from frappe.email.doctype.email_account.email_account import EmailAccount

	return bool(EmailAccount.find_outgoing())


def _send(for_user: str, text, link: str, from_user: str | None = None, kind: str = "") -> None:
	"""text(lang) -> the message in `lang`: the desk notification in the user's, the robots' in theirs."""
	messaging.post(messaging.ALLOCATION_RESULTS, [messaging.Item(for_user, text, link)])
	subject = text(_lang(for_user))
	if not kind and not email_configured():
		kind = "Alert"
	if kind != "Alert":
		link = frappe.utils.get_url(link)  # e-mailed: the link must work outside the desk
	frappe.get_doc(
		{
			"doctype": "Notification Log",
			"for_user": for_user,
			"from_user": from_user,
			"type": kind,
			"subject": subject,
			"link": link,
		}
	).insert(ignore_permissions=True)


def log_link(batch_id: str) -> str:
	"""The owner-change log filtered to one move: the list of the customers it moved."""
	return f"/app/{frappe.scrub(LOG).replace('_', '-')}?batch_id={batch_id}"


def new_owner(
	to_owner: str | None,
	count: int,
	operation: str,
	batch_id: str,
	moved_by: str,
	customer: str | None = None,
) -> None:
	"""The new owner learns how many customers they got, from whom and where to find them."""
	if not to_owner or not count or to_owner == moved_by:
		return
	by = get_fullname(moved_by)
	if count == 1 and customer:
		title = frappe.db.get_value("CP Customer", customer, "customer_name") or customer

		def text(lang):
			return _("Customer {0} was given to you by {1} ({2}).", lang=lang).format(
				title, by, _(operation, lang=lang)
			)

		link = f"/app/cp-customer/{customer}"
	else:

		def text(lang):
			return _("{0} customers were given to you by {1} ({2}).", lang=lang).format(
				count, by, _(operation, lang=lang)
			)

		link = log_link(batch_id)
	_send(to_owner, text, link, from_user=moved_by)


def returned_to_pool(by_owner: dict[str, int], days: int) -> None:
	"""Previous owners learn how many of their customers went back to the pool (auto-return)."""
	for owner, count in by_owner.items():
		if not owner or not count:
			continue
		_send(
			owner,
			lambda lang, count=count: _(
				"{0} of your customers were returned to the unassigned pool: not followed up for {1} days.",
				lang=lang,
			).format(count, days),
			POOL_REPORT_ROUTE,
		)


def return_warning(owner: str, count: int, first_due, link: str) -> None:
	due = frappe.format(first_due, {"fieldtype": "Date"})
	_send(
		owner,
		lambda lang: _(
			"{0} of your customers will return to the unassigned pool unless followed up, the first on {1}.",
			lang=lang,
		).format(count, due),
		link,
	)


def move_finished(user: str, moved: int, skipped: int, batch_id: str) -> None:
	"""The result of a background move, for the user who started it."""
	_send(
		user,
		lambda lang: _("Moving customers finished: {0} moved, {1} skipped.", lang=lang).format(
			moved, skipped
		),
		log_link(batch_id),
		kind="Alert",
	)


def move_failed(user: str, moved: int, error: str, batch_id: str) -> None:
	_send(
		user,
		lambda lang: _("Moving customers stopped after {0} customers: {1}", lang=lang).format(moved, error),
		log_link(batch_id),
		kind="Alert",
	)
