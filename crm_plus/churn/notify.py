"""Telling owners about new churn alerts, managers about escalated ones (desk, in bulk, in each
recipient's language; their messaging robots too; e-mail when CP Churn Settings says so), and a requester about a scan."""

from functools import partial

import frappe
from frappe import _
from frappe.utils import cint, get_fullname, get_url

from crm_plus import messaging
from crm_plus.churn.settings import GRADE_DROPPED, NO_FOLLOW_UP, NO_ORDER, REPORT_LINK, UNRESOLVED_COMPLAINT
from crm_plus.doctypes import CHURN_ALERT as ALERT
from crm_plus.utils import jobs
from crm_plus.utils.notify import in_language, notify_each_or_summary, outgoing_email_configured, recipients


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
	_post_to_robots(items, subject)
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
	_post_to_robots(items, subject)
	return {i["for_user"] for i in items}


def _post_to_robots(items: list[dict], subject) -> None:
	messaging.post(
		messaging.CHURN_ALERTS,
		[
			messaging.Item(i["for_user"], partial(subject, i), f"/app/cp-churn-alert/{i['document_name']}")
			for i in items
		],
	)


EMAIL_SAVEPOINT = "crm_plus_churn_email"


def email_summaries(users: set[str], since=None) -> int:
	"""One e-mail per notified user listing their unread churn notifications (those written since `since`,
	when given: this scan's), for users who have not switched e-mail notifications off (Notification
	Settings), when the site has a default outgoing e-mail account. Each e-mail is written in its
	recipient's language (the whole of it: frappe.local.lang is theirs while it is made). An e-mail that
	cannot be queued is logged (Error Log) and the others still go: the scan's alerts never depend on mail."""
	from frappe.desk.doctype.notification_settings.notification_settings import (
		is_email_notifications_enabled,
	)

	if not outgoing_email_configured():
		return 0  # e-mail is not set up on this site: the desk notifications are all there is
	sent = 0
	for user, lang in recipients(users).items():
		if not is_email_notifications_enabled(user):
			continue
		email = frappe.db.get_value("User", user, "email")
		if not email:
			continue
		filters = {"for_user": user, "document_type": ALERT, "read": 0}
		if since:
			filters["creation"] = (">=", since)
		subjects = frappe.get_all(
			"Notification Log",
			filters=filters,
			pluck="subject",
			order_by="creation desc",
			limit=50,
		)
		if not subjects:
			continue
		frappe.db.savepoint(EMAIL_SAVEPOINT)
		try:
			with in_language(lang):
				frappe.sendmail(
					recipients=[email],
					subject=_("Churn alerts for your customers"),
					message=_email_body(subjects),
					reference_doctype=ALERT,
				)
		except Exception:
			frappe.db.rollback(save_point=EMAIL_SAVEPOINT)
			frappe.log_error(title=f"crm_plus: churn alert e-mail to {user} not queued")
			continue
		sent += 1
	return sent


def _email_body(subjects: list[str]) -> str:
	"""In frappe.local.lang; the subjects are the desk notifications' (already in the user's language)."""
	intro = _("These customers show a churn risk:")
	items = "".join(f"<li>{s}</li>" for s in subjects)
	report = _("Open the churn risk report")
	return f'<p>{intro}</p><ul>{items}</ul><p><a href="{get_url(REPORT_LINK)}">{report}</a></p>'


def notify_result(user: str, result) -> None:
	"""The result of a scan of all customers, for the user who asked for it."""
	jobs.notify(
		user,
		lambda lang: _(
			"Churn scan finished: {0} alerts raised, {1} closed, {2} escalated, {3} open.", lang=lang
		).format(result.raised, result.closed, result.escalated, result.open),
		document_type=ALERT,
		link=REPORT_LINK,
	)
