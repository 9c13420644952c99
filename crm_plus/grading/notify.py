"""Telling sales owners about their customers' grade changes, and the requester about a run."""

from functools import partial

import frappe
from frappe import _
from frappe.utils import get_fullname

from crm_plus import messaging
from crm_plus.doctypes import CUSTOMER, GRADE_HISTORY
from crm_plus.grading.settings import MANUAL_OVERRIDE
from crm_plus.utils import jobs
from crm_plus.utils.notify import notify_each_or_summary


def _grade_label(grade: str | None, lang: str) -> str:
	return grade if grade else _("no grade", lang=lang)


def notify_owners(changes: list, source: str, user: str | None = None) -> int:
	"""Tell each owner about their customers' grade changes (not about the changes they made themselves)."""
	user = user or frappe.session.user

	def subject(item, lang):
		c = item["change"]
		customer = frappe.bold(c.customer_name or c.customer)
		if source == MANUAL_OVERRIDE:
			return _("{0} set the grade of {1} from {2} to {3}.", lang=lang).format(
				get_fullname(user), customer, _grade_label(c.from_grade, lang), frappe.bold(c.to_grade)
			)
		return _("The grade of {0} changed from {1} to {2} (value score {3}).", lang=lang).format(
			customer,
			_grade_label(c.from_grade, lang),
			frappe.bold(_grade_label(c.to_grade, lang)),
			c.score,
		)

	def summary(owner, items, lang):
		return (
			_("The grades of {0} of your customers changed; see their grade history.", lang=lang).format(
				len(items)
			),
			f"/app/cp-grade-history?sales_owner={owner}",
		)

	items = [
		{"for_user": c.sales_owner, "document_type": CUSTOMER, "document_name": c.customer, "change": c}
		for c in changes
		if c.sales_owner and c.sales_owner != user
	]
	messaging.post(
		messaging.GRADE_CHANGES,
		[
			messaging.Item(i["for_user"], partial(subject, i), f"/app/cp-customer/{i['document_name']}")
			for i in items
		],
	)
	return notify_each_or_summary(items, subject, summary)


def notify_result(user: str, result) -> None:
	"""The result of a re-grade of all customers, for the user who asked for it."""
	jobs.notify(
		user,
		lambda lang: _(
			"Re-grading finished: {0} customers graded, {1} grade changes, {2} overridden grades kept.",
			lang=lang,
		).format(result.customers, result.grades_changed, result.locked),
		document_type=GRADE_HISTORY,
		link="/app/cp-grade-history",
	)
