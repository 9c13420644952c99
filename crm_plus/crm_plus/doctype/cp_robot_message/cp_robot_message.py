# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt
"""One message to a messaging robot and each attempt to post it: written only by crm_plus.messaging (queued
in the transaction that notified, then by the sending job); read-only for everyone. Readable by whoever
may read its robot (crm_plus.permissions.messaging). Messages that ended (Sent, Failed) are removed after
30 days by the framework's log clean-up (Log Settings; hooks.default_log_clearing_doctypes)."""

import frappe
from frappe.model.document import Document
from frappe.utils import add_days, now_datetime


class CPRobotMessage(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attempt_log: DF.Code | None
		attempts: DF.Int
		event: DF.Literal[
			"Follow-ups Due",
			"Churn Alerts and Escalations",
			"Grade Changes",
			"Allocation Results",
			"Price File Reminders",
			"Test Message",
		]
		last_attempt_on: DF.Datetime | None
		last_error: DF.SmallText | None
		payload: DF.Code | None
		provider: DF.Data | None
		queued_on: DF.Datetime | None
		response: DF.SmallText | None
		robot: DF.Link | None
		sent_on: DF.Datetime | None
		status: DF.Literal["Queued", "Sent", "Failed"]

	# end: auto-generated types
	@staticmethod
	def clear_old_logs(days: int = 30) -> None:
		"""The framework's log clean-up: messages that ended more than `days` ago (Queued ones stay)."""
		m = frappe.qb.DocType("CP Robot Message")
		frappe.db.delete(
			m, filters=(m.status != "Queued") & (m.modified < add_days(now_datetime(), -int(days)))
		)
