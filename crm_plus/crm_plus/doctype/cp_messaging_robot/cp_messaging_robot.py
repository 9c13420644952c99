# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt
"""A WeCom, DingTalk or Feishu group robot that gets CRM Plus's reminders for a sales team or a user
(crm_plus.messaging). Who may set one up: crm_plus.permissions.messaging; the signing secret is a Password
field, read only by the sending job (get_password)."""

import frappe
from frappe import _
from frappe.model.document import Document

from crm_plus.messaging import providers
from crm_plus.messaging.events import TEAM, USER


class CPMessagingRobot(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		allocation_results: DF.Check
		churn_alerts: DF.Check
		enabled: DF.Check
		follow_ups_due: DF.Check
		grade_changes: DF.Check
		language: DF.Link | None
		price_file_reminders: DF.Check
		provider: DF.Literal["WeCom", "DingTalk", "Feishu"]
		robot_name: DF.Data
		sales_team: DF.Link | None
		scope: DF.Literal["Sales Team", "User"]
		secret: DF.Password | None
		user: DF.Link | None
		webhook_url: DF.Data
	# end: auto-generated types

	def validate(self):
		self.webhook_url = (self.webhook_url or "").strip()
		if self.scope == TEAM:
			self.user = None
		elif self.scope == USER:
			self.sales_team = None
		field = "sales_team" if self.scope == TEAM else "user"
		if not self.get(field):
			frappe.throw(
				_("Choose the {0} this robot is for.").format(_(self.meta.get_label(field))),
				frappe.MandatoryError,
				title=_("Missing Values Required"),
			)
		if self.provider == providers.WECOM:
			self.secret = None  # WeCom's group robots do not sign: the key in the URL is the credential
		self.validate_webhook_url()

	def validate_webhook_url(self):
		extra = frappe.conf.get("crm_plus_robot_hosts") or ()
		if not providers.valid_host(self.provider, self.webhook_url, extra):
			frappe.throw(
				_("The webhook URL of a {0} robot must start with https:// and point at {1}.").format(
					_(self.provider), ", ".join(providers.HOSTS[self.provider])
				),
				title=_("Wrong Webhook URL"),
			)
