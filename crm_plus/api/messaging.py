"""Messaging robots from the desk: a test message to check a robot's set-up (README, "Messaging robots")."""

import frappe
from frappe import _

from crm_plus import messaging
from crm_plus.doctypes import MESSAGING_ROBOT


@frappe.whitelist(methods=["POST"])
def send_test_message(robot: str) -> dict:
	"""Queue a test message to `robot` (posted in the background; its send log tells how it went)."""
	doc = frappe.get_doc(MESSAGING_ROBOT, robot)
	doc.check_permission("write")
	lang = doc.language or frappe.db.get_default("lang") or "en"
	item = messaging.Item(
		frappe.session.user,
		lambda lang: _("Robot {0} is set up: CRM Plus's reminders will come here.", lang=lang).format(
			frappe.bold(doc.robot_name)
		),
	)
	payload = messaging.render(doc, [item], messaging.TEST_MESSAGE, lang)
	name = messaging.queue_message(doc, messaging.TEST_MESSAGE, payload)
	messaging.enqueue_delivery([name])
	return {"message": name}
