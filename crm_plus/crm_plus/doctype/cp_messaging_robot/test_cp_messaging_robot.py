# Copyright (c) 2026, crm_plus contributors
# See license.txt
"""Setting up a messaging robot: the webhook URL on the provider's own host, the scope's fields, the
secret kept as a Password, and who may set one up (a CRM administrator: any; a sales manager: their own
team's, its users' and their own; a rep: none). Sending: crm_plus/tests/test_messaging_robots.py."""

import frappe
from frappe.tests.utils import FrappeTestCase

from crm_plus.tests.factories import VisibilityWorld

P = "ROBS"
ROBOT = "CP Messaging Robot"
WECOM_URL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"


def robot(**fields):
	return frappe.get_doc(
		{
			"doctype": ROBOT,
			"robot_name": f"{P} {frappe.generate_hash(length=6)}",
			"provider": "WeCom",
			"webhook_url": WECOM_URL,
			"scope": "Sales Team",
			"sales_team": f"{P} East",
			**fields,
		}
	)


class TestCPMessagingRobot(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = VisibilityWorld(P)

	def setUp(self):
		frappe.db.savepoint("robot_doctype")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="robot_doctype")

	def test_the_webhook_url_must_be_the_providers(self):
		for provider, url in (
			("WeCom", "https://intranet.example/cgi-bin/webhook/send?key=1"),
			("WeCom", "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1"),  # not https
			("DingTalk", WECOM_URL),  # another provider's host
			("Feishu", "http://127.0.0.1:8000/open-apis/bot/v2/hook/x"),
		):
			doc = robot(provider=provider, webhook_url=url)
			self.assertRaises(frappe.ValidationError, doc.insert, ignore_permissions=True)
		robot(provider="DingTalk", webhook_url="https://oapi.dingtalk.com/robot/send?access_token=t").insert(
			ignore_permissions=True
		)
		robot(provider="Feishu", webhook_url="https://open.feishu.cn/open-apis/bot/v2/hook/x").insert(
			ignore_permissions=True
		)
		# a host the site configuration allows
		conf = frappe.local.conf
		saved = conf.get("crm_plus_robot_hosts")
		conf["crm_plus_robot_hosts"] = ["127.0.0.1"]
		try:
			robot(provider="Feishu", webhook_url="http://127.0.0.1:8000/open-apis/bot/v2/hook/x").insert(
				ignore_permissions=True
			)
		finally:
			conf["crm_plus_robot_hosts"] = saved

	def test_scope_fields_and_the_secret(self):
		doc = robot(
			provider="DingTalk",
			webhook_url="https://oapi.dingtalk.com/robot/send?access_token=t",
			secret="SECkept-encrypted",
			user=self.w.rep_a,  # not for a team robot
		).insert(ignore_permissions=True)
		self.assertIsNone(doc.user)
		self.assertEqual(doc.get_password("secret"), "SECkept-encrypted")
		self.assertNotIn("kept-encrypted", str(frappe.db.get_value(ROBOT, doc.name, "secret")))
		# WeCom's robots do not sign: no secret is kept
		wecom = robot(secret="ignored").insert(ignore_permissions=True)
		self.assertIsNone(wecom.get_password("secret", raise_exception=False))
		# a user robot needs its user
		self.assertRaises(
			frappe.MandatoryError, robot(scope="User", sales_team=None).insert, ignore_permissions=True
		)

	def test_a_manager_sets_up_robots_for_their_own_team_only(self):
		frappe.set_user(self.w.mgr_east)
		own = robot(scope="Sales Team", sales_team=f"{P} East").insert()
		robot(scope="User", user=self.w.rep_a, sales_team=None).insert()
		robot(scope="User", user=self.w.mgr_east, sales_team=None).insert()
		self.assertRaises(frappe.PermissionError, robot(sales_team=f"{P} South").insert)
		self.assertRaises(
			frappe.PermissionError, robot(scope="User", user=self.w.rep_c, sales_team=None).insert
		)
		# nor take their own robot over to another team
		doc = frappe.get_doc(ROBOT, own.name)
		doc.sales_team = f"{P} South"
		self.assertRaises(frappe.PermissionError, doc.save)
		frappe.set_user("Administrator")
		south = robot(sales_team=f"{P} South").insert(ignore_permissions=True).name
		frappe.set_user(self.w.mgr_east)
		mine = set(frappe.get_list(ROBOT, pluck="name"))
		self.assertIn(own.name, mine)
		self.assertNotIn(south, mine)
		self.assertFalse(frappe.has_permission(ROBOT, "read", south))
		# the other manager does not see East's
		frappe.set_user(self.w.mgr_south)
		self.assertEqual(set(frappe.get_list(ROBOT, pluck="name")) & mine, set())
		self.assertIn(south, frappe.get_list(ROBOT, pluck="name"))
		# a rep: none at all
		frappe.set_user(self.w.rep_a)
		self.assertFalse(frappe.has_permission(ROBOT, "read"))
		self.assertFalse(frappe.has_permission(ROBOT, "read", own.name))
		self.assertRaises(
			frappe.PermissionError, robot(scope="User", user=self.w.rep_a, sales_team=None).insert
		)
		# an administrator: all
		frappe.set_user(self.w.admin)
		self.assertTrue({own.name, south} <= set(frappe.get_list(ROBOT, pluck="name")))
