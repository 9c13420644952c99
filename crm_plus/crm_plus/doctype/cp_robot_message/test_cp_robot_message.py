# Copyright (c) 2026, crm_plus contributors
# See license.txt
"""The robots' send log is written only by crm_plus.messaging: read-only for everyone, readable by whoever
may read its robot. Sending: crm_plus/tests/test_messaging_robots.py."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, now_datetime

from crm_plus import messaging
from crm_plus.tests.factories import VisibilityWorld

P = "ROBM"
MESSAGE = "CP Robot Message"


class TestCPRobotMessage(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = VisibilityWorld(P)

	def setUp(self):
		frappe.db.savepoint("robot_message")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="robot_message")

	def robot(self, team: str) -> str:
		return (
			frappe.get_doc(
				{
					"doctype": "CP Messaging Robot",
					"robot_name": f"{P} {team}",
					"provider": "WeCom",
					"webhook_url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
					"scope": "Sales Team",
					"sales_team": f"{P} {team}",
				}
			)
			.insert(ignore_permissions=True)
			.name
		)

	def test_the_send_log_is_read_only_and_follows_the_robot(self):
		east, south = self.robot("East"), self.robot("South")
		names = messaging.post(
			messaging.GRADE_CHANGES,
			[messaging.Item(self.w.rep_a, lambda lang: "a"), messaging.Item(self.w.rep_c, lambda lang: "c")],
		)
		self.assertEqual(len(names), 2)
		frappe.set_user(self.w.mgr_east)
		robots = set(frappe.get_list(MESSAGE, filters={"name": ("in", names)}, pluck="robot"))
		self.assertEqual(robots, {east})
		[mine] = frappe.get_list(MESSAGE, filters={"robot": east}, pluck="name")
		self.assertTrue(frappe.has_permission(MESSAGE, "read", mine))
		self.assertFalse(frappe.has_permission(MESSAGE, "write", mine))
		self.assertFalse(frappe.has_permission(MESSAGE, "create"))
		[theirs] = set(names) - {mine}
		self.assertFalse(frappe.has_permission(MESSAGE, "read", theirs))
		frappe.set_user(self.w.admin)
		self.assertEqual(
			set(frappe.get_list(MESSAGE, filters={"name": ("in", names)}, pluck="robot")), {east, south}
		)
		self.assertFalse(frappe.has_permission(MESSAGE, "write", mine))
		frappe.set_user(self.w.rep_a)
		self.assertFalse(frappe.has_permission(MESSAGE, "read"))

	def test_users_cannot_write_messages(self):
		robot = self.robot("East")
		for user in (self.w.mgr_east, self.w.admin):
			with self.set_user(user):
				doc = frappe.get_doc({"doctype": MESSAGE, "robot": robot, "event": "Grade Changes"})
				self.assertRaises(frappe.PermissionError, doc.insert)

	def test_old_messages_that_ended_are_cleared_by_the_log_clean_up(self):
		from frappe.core.doctype.log_settings.log_settings import _supports_log_clearing

		from crm_plus.crm_plus.doctype.cp_robot_message.cp_robot_message import CPRobotMessage

		# registered with the framework's clean-up (which commits: called here directly instead)
		self.assertEqual(frappe.get_hooks("default_log_clearing_doctypes")[MESSAGE], [30])
		self.assertTrue(_supports_log_clearing(MESSAGE))
		robot = self.robot("East")
		names = messaging.post(messaging.GRADE_CHANGES, [messaging.Item(self.w.rep_a, lambda lang: "a")])
		names += messaging.post(messaging.GRADE_CHANGES, [messaging.Item(self.w.rep_a, lambda lang: "b")])
		names += messaging.post(messaging.GRADE_CHANGES, [messaging.Item(self.w.rep_a, lambda lang: "c")])
		old_sent, old_queued, recent = names
		long_ago = add_days(now_datetime(), -40)
		frappe.db.set_value(
			MESSAGE, old_sent, {"status": "Sent", "modified": long_ago}, update_modified=False
		)
		frappe.db.set_value(MESSAGE, old_queued, "modified", long_ago, update_modified=False)
		frappe.db.set_value(MESSAGE, recent, "status", "Failed")
		CPRobotMessage.clear_old_logs(days=30)
		left = set(frappe.get_all(MESSAGE, filters={"robot": robot}, pluck="name"))
		self.assertEqual(left, {old_queued, recent})
