"""Messaging robots (crm_plus.messaging) against a local stand-in for the WeCom, DingTalk and Feishu
webhooks on loopback (crm_plus/tests/robot_receiver.py), which checks each message's format and recomputes
each signature:

- each provider's format and signing; a wrong secret is refused and the message ends Failed;
- refused requests (HTTP 500, an errcode / code answer) are retried with backoff and every attempt is in
  the send log; a slow webhook times out;
- each of the five events reaches the robots set up for it (team robot: manager and members; user robot),
  through the real notification points (follow-up reminders, churn scan and escalation, grade override,
  allocation, price-file reminders);
- through the real queue and a real RQ worker: a desk action (a transfer) with a slow robot returns at
  once, and the worker delivers after the commit.

Who may set up robots and read the send log: the DocTypes' own tests (test_cp_messaging_robot.py,
test_cp_robot_message.py).

Jobs are called synchronously where a test is about payloads (``deliver``); retries and timeouts are kept
short through the site settings the job reads when queued.
"""

import os
import time
from datetime import timedelta
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, now_datetime, nowdate

from crm_plus import churn, messaging
from crm_plus.api import allocation as allocation_api
from crm_plus.api import grading as grading_api
from crm_plus.api import messaging as messaging_api
from crm_plus.compat import DESK
from crm_plus.doctypes import MESSAGING_ROBOT, ROBOT_MESSAGE
from crm_plus.follow_ups import send_due_reminders
from crm_plus.messaging import send
from crm_plus.pricing.reminders import send_price_file_reminders
from crm_plus.tests.factories import (
	TEST_PASSWORD,
	VisibilityWorld,
	approve_price_file,
	make_follow_up,
	make_grade_tiers,
	make_price_file,
	make_product,
	set_settings,
)
from crm_plus.tests.requirements import (
	CHROMIUM,
	CHROMIUM_FLAGS,
	collect_page_errors,
	log_in,
	needs_browser,
	sync_playwright,
)
from crm_plus.tests.robot_receiver import RobotReceiver
from crm_plus.tests.server import artifacts_dir, site_server
from crm_plus.tests.workers import RQWorker, wait_for
from crm_plus.utils.bulk import insert_rows

P = "ROBO"
FAST = {"crm_plus_robot_attempts": 3, "crm_plus_robot_timeout": 2, "crm_plus_robot_backoff": 0.05}


def start_receiver(cls) -> None:
	"""A loopback robot receiver for the test class `cls` (``cls.receiver``), its host allowed for robots
	on this site (in this process) and retries kept short; both undone when the class ends."""
	cls.receiver = RobotReceiver().__enter__()
	cls.addClassCleanup(cls.receiver.__exit__, None, None, None)
	conf = frappe.local.conf
	saved = {k: conf.get(k) for k in (*FAST, "crm_plus_robot_hosts")}
	conf.update(FAST, crm_plus_robot_hosts=["127.0.0.1"])
	cls.addClassCleanup(lambda: conf.update(saved))


class RobotsTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		start_receiver(cls)
		cls.w = VisibilityWorld(P)
		frappe.db.set_value("User", cls.w.mgr_east, "language", "zh")
		frappe.db.set_value("User", cls.w.rep_a, "language", "en")

	def setUp(self):
		frappe.db.savepoint("robots")
		self.receiver.requests.clear()
		self.receiver.behaviours.clear()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.lang = "en"
		frappe.db.rollback(save_point="robots")

	def robot(self, provider: str, key: str, secret: str | None = None, **fields) -> str:
		"""A robot posting to the receiver under `key` (team East unless given)."""
		self.receiver.expect(key, secret=secret)
		doc = frappe.get_doc(
			{
				"doctype": MESSAGING_ROBOT,
				"robot_name": f"{P} {key}",
				"provider": provider,
				"webhook_url": self.receiver.url(provider, key),
				"secret": secret,
				"scope": "Sales Team",
				"sales_team": f"{P} East",
				**fields,
			}
		).insert(ignore_permissions=True)
		return doc.name

	def queued(self, robot: str | None = None) -> list[str]:
		filters = {"status": "Queued"}
		filters["robot"] = robot or ("like", "%")
		return frappe.get_all(ROBOT_MESSAGE, filters=filters, pluck="name", order_by="creation")

	def deliver(self, robot: str | None = None) -> dict:
		"""Run the sending job now, in this process, on what is queued."""
		return send.deliver(self.queued(robot), **send.settings())

	def message(self, name: str):
		return frappe.get_doc(ROBOT_MESSAGE, name)


class TestRobotFormats(RobotsTestCase):
	def test_each_provider_gets_its_format_and_a_valid_signature(self):
		wecom = self.robot("WeCom", "wecom-1")
		ding = self.robot("DingTalk", "ding-1", secret="SECdingtalk-secret-0001")
		feishu = self.robot("Feishu", "feishu-1", secret="feishu-secret-0001", language="zh")
		names = messaging.post(
			messaging.GRADE_CHANGES,
			[
				messaging.Item(
					self.w.rep_a, lambda lang: "The grade of <strong>甲方</strong> changed", "/app/x"
				)
			],
		)
		self.assertEqual(len(names), 3)
		self.assertEqual(set(self.deliver().values()), {"Sent"})
		got = {r.key: r for r in self.receiver.received()}
		self.assertEqual(set(got), {"wecom-1", "ding-1", "feishu-1"})
		for r in got.values():
			self.assertEqual(r.problems, [], r.key)
			self.assertEqual(r.answered, "ok")
		self.assertIn("**甲方**", got["wecom-1"].body["markdown"]["content"])
		self.assertIn("CRM Plus", got["ding-1"].body["markdown"]["title"])
		self.assertIn("sign", got["ding-1"].query)
		self.assertIn("zh_cn", got["feishu-1"].body["content"]["post"])
		self.assertIn("sign", got["feishu-1"].body)
		self.assertIn("客户级别变更", got["feishu-1"].text)  # the robot's language
		# the secrets are nowhere in the send log
		for name in names:
			message = self.message(name)
			self.assertEqual(message.status, "Sent")
			self.assertEqual(message.attempts, 1)
			for value in (message.payload, message.response, message.attempt_log):
				self.assertNotIn("secret-0001", value or "")
		self.assertEqual(
			frappe.get_doc(MESSAGING_ROBOT, ding).get_password("secret"), "SECdingtalk-secret-0001"
		)
		self.assertNotIn("secret", str(frappe.db.get_value(MESSAGING_ROBOT, ding, "secret")))
		self.assertTrue(wecom and feishu)

	def test_a_wrong_secret_is_refused_by_the_receiver_and_the_message_fails(self):
		self.robot("DingTalk", "ding-wrong", secret="SECthe-robot-has-this")
		self.receiver.expect("ding-wrong", secret="SECthe-group-has-that")
		self.robot("Feishu", "feishu-wrong", secret="the-robot-has-this")
		self.receiver.expect("feishu-wrong", secret="the-group-has-that")
		messaging.post(messaging.GRADE_CHANGES, [messaging.Item(self.w.rep_b, lambda lang: "x")])
		self.assertEqual(set(self.deliver().values()), {"Failed"})
		for key in ("ding-wrong", "feishu-wrong"):
			received = self.receiver.received(key)
			self.assertEqual(len(received), 3)  # retried: the job cannot tell a bad secret from a hiccup
			self.assertTrue(all("sign does not match" in " ".join(r.problems) for r in received))
		errors = frappe.get_all(ROBOT_MESSAGE, filters={"status": "Failed"}, pluck="last_error")
		self.assertTrue(any("310000" in e for e in errors), errors)
		self.assertTrue(any("19021" in e for e in errors), errors)

	def test_many_items_make_one_message_with_the_rest_counted(self):
		self.robot("WeCom", "wecom-many")
		items = [messaging.Item(self.w.rep_a, lambda lang, i=i: f"line {i:03d}") for i in range(45)]
		self.assertEqual(len(messaging.post(messaging.FOLLOW_UPS_DUE, items)), 1)
		self.deliver()
		[r] = self.receiver.received("wecom-many")
		content = r.body["markdown"]["content"]
		self.assertIn("line 019", content)
		self.assertNotIn("line 020", content)
		self.assertIn("25", content)
		self.assertEqual(r.problems, [])


class TestRetries(RobotsTestCase):
	def test_refused_requests_are_retried_and_each_attempt_is_logged(self):
		self.robot("DingTalk", "ding-busy", secret="SECbusy")
		self.receiver.expect("ding-busy", secret="SECbusy", refuse=2, refuse_with="500")
		self.robot("WeCom", "wecom-limited")
		self.receiver.expect("wecom-limited", refuse=1, refuse_with="errcode")
		self.robot("Feishu", "feishu-down")
		self.receiver.expect("feishu-down", refuse=10, refuse_with="errcode")
		names = messaging.post(messaging.CHURN_ALERTS, [messaging.Item(self.w.rep_a, lambda lang: "risk")])
		by_robot = {self.message(n).robot: n for n in names}
		started = time.monotonic()
		self.deliver()
		self.assertLess(time.monotonic() - started, 5)  # backoff 0.05 s, 0.1 s
		busy = self.message(self.robot_name("ding-busy", by_robot))
		self.assertEqual((busy.status, busy.attempts), ("Sent", 3))
		self.assertEqual(len(busy.attempt_log.splitlines()), 3)
		self.assertIn("HTTP 500", busy.attempt_log)
		limited = self.message(self.robot_name("wecom-limited", by_robot))
		self.assertEqual((limited.status, limited.attempts), ("Sent", 2))
		self.assertIn("45009", limited.attempt_log)  # errcode != 0 is a failure though HTTP said 200
		down = self.message(self.robot_name("feishu-down", by_robot))
		self.assertEqual((down.status, down.attempts), ("Failed", 3))
		self.assertIn("code 45009", down.last_error)
		self.assertEqual(len(self.receiver.received("feishu-down")), 3)
		# a message that ended is not posted again by a second run of the job
		send.deliver(names, **send.settings())
		self.assertEqual(len(self.receiver.received("ding-busy")), 3)

	def robot_name(self, key: str, by_robot: dict) -> str:
		robot = frappe.db.get_value(MESSAGING_ROBOT, {"robot_name": f"{P} {key}"})
		return by_robot[robot]

	def test_a_slow_webhook_times_out(self):
		self.robot("WeCom", "wecom-slow")
		self.receiver.expect("wecom-slow", delay=3)
		[name] = messaging.post(messaging.GRADE_CHANGES, [messaging.Item(self.w.rep_b, lambda lang: "slow")])
		started = time.monotonic()
		send.deliver([name], attempts=2, post_timeout=0.5, backoff=0.01)
		elapsed = time.monotonic() - started
		self.assertLess(elapsed, 2.5)  # two attempts of 0.5 s, not two of 3 s
		message = self.message(name)
		self.assertEqual((message.status, message.attempts), ("Failed", 2))
		self.assertIn("no answer within 0.5 s", message.last_error)

	def test_a_message_left_queued_is_queued_again(self):
		self.robot("WeCom", "wecom-stuck")
		[stuck] = messaging.post(messaging.GRADE_CHANGES, [messaging.Item(self.w.rep_b, lambda lang: "x")])
		[fresh] = messaging.post(messaging.GRADE_CHANGES, [messaging.Item(self.w.rep_b, lambda lang: "y")])
		long_ago = now_datetime() - timedelta(minutes=send.STALE_AFTER + 5)
		frappe.db.set_value(ROBOT_MESSAGE, stuck, "queued_on", long_ago)
		with patch("crm_plus.messaging.send.enqueue_delivery") as enqueue:
			self.assertEqual(send.requeue_stale(), 1)
			self.assertEqual(send.requeue_stale(), 0)  # claimed: not queued twice
		enqueue.assert_called_once_with([stuck])
		# one that was tried recently is not stale
		frappe.db.set_value(ROBOT_MESSAGE, fresh, {"queued_on": long_ago, "last_attempt_on": now_datetime()})
		self.assertEqual(send.requeue_stale(), 0)
		# the job goes on from the attempts it had
		frappe.db.set_value(ROBOT_MESSAGE, stuck, "attempts", 2)
		send.deliver([stuck], **send.settings())
		self.assertEqual(self.message(stuck).attempts, 3)
		self.assertEqual(self.message(stuck).status, "Sent")

	def test_a_disabled_robot_gets_nothing(self):
		robot = self.robot("WeCom", "wecom-off")
		frappe.db.set_value(MESSAGING_ROBOT, robot, "enabled", 0)
		self.assertEqual(
			messaging.post(messaging.GRADE_CHANGES, [messaging.Item(self.w.rep_b, lambda lang: "x")]), []
		)
		# an event the robot does not want
		frappe.db.set_value(MESSAGING_ROBOT, robot, {"enabled": 1, "grade_changes": 0})
		self.assertEqual(
			messaging.post(messaging.GRADE_CHANGES, [messaging.Item(self.w.rep_b, lambda lang: "x")]), []
		)


class TestEvents(RobotsTestCase):
	"""Each event reaches the robots set up for it, from the real notification point."""

	def setUp(self):
		super().setUp()
		self.team = self.robot("WeCom", "east-team")  # East: mgr_east, rep_a, rep_b
		self.rep_a_robot = self.robot(
			"Feishu", "rep-a", secret="rep-a-secret", scope="User", user=self.w.rep_a
		)

	def lines_for(self, key: str) -> str:
		self.deliver()
		received = self.receiver.received(key)
		for r in received:
			self.assertEqual(r.problems, [])
		return "\n".join(r.text for r in received)

	def test_follow_ups_due(self):
		make_follow_up(
			self.w.cust_a, f"{P} 回访", follow_up_owner=self.w.rep_a, next_follow_up_date=nowdate()
		)
		send_due_reminders()
		self.assertIn(f"{P} 甲方科技有限公司", self.lines_for("east-team"))
		self.assertIn(f"{P} 甲方科技有限公司", self.lines_for("rep-a"))
		self.assertIn("Follow-ups due", self.lines_for("rep-a"))

	def test_churn_alerts_and_their_escalation(self):
		set_settings(
			"CP Churn Settings",
			no_order_enabled=0,
			complaint_enabled=0,
			grade_drop_enabled=0,
			no_follow_up_enabled=1,
			no_follow_up_days=60,
			escalation_enabled=1,
			escalation_days=7,
			send_email=0,
		)
		quiet = f"{P}-QUIET-1"
		insert_rows(
			"CP Customer",
			["name", "customer_name", "normalized_name", "sales_owner", "status"],
			[(quiet, f"{P} 沉默客户有限公司", f"{P.lower()}沉默客户", self.w.rep_b, "Active")],
			timestamp=add_days(now_datetime(), -100),
		)
		self.assertEqual(churn.scan([quiet]).raised, 1)
		team = self.lines_for("east-team")
		self.assertIn(f"{P} 沉默客户有限公司", team)
		self.assertNotIn("rep-a", {r.key for r in self.receiver.received()})  # rep B's customer
		self.receiver.requests.clear()
		with self.freeze_time(now_datetime() + timedelta(days=8)):
			self.assertEqual(churn.scan([quiet]).escalated, 1)
		self.assertIn("has not acted", self.lines_for("east-team"))

	def test_grade_changes(self):
		make_grade_tiers()
		frappe.set_user(self.w.mgr_east)
		grading_api.override_grade(self.w.cust_a, "A", "key account")
		frappe.set_user("Administrator")
		self.assertIn(f"{P} 甲方科技有限公司", self.lines_for("rep-a"))
		self.assertIn(f"{P} 甲方科技有限公司", self.lines_for("east-team"))

	def test_allocation_results(self):
		frappe.set_user(self.w.mgr_east)
		allocation_api.transfer([self.w.cust_b], self.w.rep_a, "covering")
		frappe.set_user("Administrator")
		text = self.lines_for("rep-a")
		self.assertIn(f"{P} 乙方贸易有限公司", text)
		self.assertIn("was given to you", text)

	def test_price_file_reminders(self):
		product = make_product(f"{P} 螺栓", product_code=f"{P}-BOLT", unit="个")
		name = make_price_file(self.w.cust_a, [(product, 1.2)])
		approve_price_file(name, approver=self.w.outsider)
		# only this file is due
		frappe.db.sql(
			"update `tabCP Price File` set valid_to = '2199-12-31', review_date = null, contract = null"
		)
		frappe.db.set_value("CP Price File", name, "review_date", add_days(getdate(), -1))
		self.assertEqual(send_price_file_reminders(), 1)
		title = frappe.db.get_value("CP Price File", name, "title")
		self.assertIn(title, self.lines_for("rep-a"))
		self.assertIn(title, self.lines_for("east-team"))

	def test_a_test_message_from_the_form(self):
		frappe.set_user(self.w.mgr_east)
		result = messaging_api.send_test_message(self.team)
		frappe.set_user("Administrator")
		self.assertEqual(self.message(result["message"]).event, messaging.TEST_MESSAGE)
		self.assertIn("CRM Plus", self.lines_for("east-team"))


class TestRealQueue(FrappeTestCase):
	"""Through the real queue and a real RQ worker (`frappe worker --queue default`): the data is committed
	(the worker is another process) and removed at the end."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.receiver = RobotReceiver().__enter__()
		cls.addClassCleanup(cls.receiver.__exit__, None, None, None)
		conf = frappe.local.conf
		saved = {k: conf.get(k) for k in (*FAST, "crm_plus_robot_hosts")}
		conf.update(FAST, crm_plus_robot_timeout=3, crm_plus_robot_hosts=["127.0.0.1"])
		cls.addClassCleanup(lambda: conf.update(saved))
		cls.w = VisibilityWorld(f"{P}Q")
		cls.addClassCleanup(cls.remove_data)
		cls.robots = []
		for provider, key, scope, secret, delay in (
			("DingTalk", "q-team", "Sales Team", "SECq-team", 0),
			("WeCom", "q-slow", "User", None, 6),
		):
			cls.receiver.expect(key, secret=secret, delay=delay)
			cls.robots.append(
				frappe.get_doc(
					{
						"doctype": MESSAGING_ROBOT,
						"robot_name": f"{P}Q {key}",
						"provider": provider,
						"webhook_url": cls.receiver.url(provider, key),
						"secret": secret,
						"scope": scope,
						"sales_team": f"{P}Q East" if scope == "Sales Team" else None,
						"user": cls.w.rep_a if scope == "User" else None,
					}
				)
				.insert(ignore_permissions=True)
				.name
			)
		frappe.db.commit()

	@classmethod
	def remove_data(cls):
		frappe.db.rollback()
		frappe.set_user("Administrator")
		frappe.db.delete(ROBOT_MESSAGE, {"robot": ("in", cls.robots)})
		for robot in cls.robots:
			frappe.delete_doc(MESSAGING_ROBOT, robot, force=True, ignore_permissions=True)
		frappe.db.delete("CP Owner Change Log", {"customer": ("in", list(cls.w.all_customers))})
		frappe.db.delete("Notification Log", {"for_user": ("in", cls.w.users())})
		cls.w.remove()
		frappe.db.commit()

	def test_a_desk_action_returns_at_once_and_the_worker_delivers(self):
		with RQWorker(queue="default", name="robots"):
			frappe.set_user(self.w.mgr_east)
			started = time.monotonic()
			allocation_api.transfer([self.w.cust_b], self.w.rep_a, "covering")
			frappe.db.commit()  # the end of the request: the job is queued now
			took = time.monotonic() - started
			frappe.set_user("Administrator")
			# the slow robot answers after 6 s and is given 3 s: the action did not wait for either
			self.assertLess(took, 2.5)
			team, slow = self.robots
			sent = wait_for(
				lambda: frappe.db.get_value(ROBOT_MESSAGE, {"robot": team, "status": "Sent"}),
				timeout=60,
				message="the team robot's message sent by the worker",
			)
			failed = wait_for(
				lambda: frappe.db.get_value(ROBOT_MESSAGE, {"robot": slow, "status": "Failed"}),
				timeout=60,
				message="the slow robot's message given up after its attempts",
			)
		[received] = self.receiver.received("q-team")
		self.assertEqual(received.problems, [])
		self.assertIn(f"{P}Q 乙方贸易有限公司", received.text)
		self.assertEqual(self.message_field(sent, "attempts"), 1)
		self.assertEqual(self.message_field(failed, "attempts"), 3)
		self.assertIn("no answer within 3 s", self.message_field(failed, "last_error"))
		self.assertEqual(len(self.receiver.received("q-slow")), 3)

	@staticmethod
	def message_field(name, field):
		return frappe.db.get_value(ROBOT_MESSAGE, name, field)


@needs_browser()
class TestRobotForm(FrappeTestCase):
	"""The robot's form in the desk, as a sales manager who reads Chinese: its labels, and Send Test Message
	queuing a message the job then posts (the web server is another process: the data is committed and
	removed at the end)."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		start_receiver(cls)
		cls.w = VisibilityWorld(f"{P}F")
		frappe.db.set_value("User", cls.w.mgr_east, "language", "zh")
		cls.receiver.expect("form-robot", secret="form-secret")
		cls.robot = (
			frappe.get_doc(
				{
					"doctype": MESSAGING_ROBOT,
					"robot_name": "华东销售群",
					"provider": "Feishu",
					"webhook_url": cls.receiver.url("Feishu", "form-robot"),
					"secret": "form-secret",
					"language": "zh",
					"scope": "Sales Team",
					"sales_team": f"{P}F East",
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
		cls.addClassCleanup(cls.remove_data)
		frappe.db.commit()

	@classmethod
	def remove_data(cls):
		frappe.db.rollback()
		frappe.db.delete(ROBOT_MESSAGE, {"robot": cls.robot})
		frappe.delete_doc(MESSAGING_ROBOT, cls.robot, force=True, ignore_permissions=True)
		frappe.db.set_value("User", cls.w.mgr_east, "language", None)
		cls.w.remove()
		frappe.db.commit()

	def test_a_manager_sends_a_test_message_from_the_form(self):
		screenshot = os.path.join(artifacts_dir(), "messaging-robot.png")
		with site_server() as base, sync_playwright()() as p:
			browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
			try:
				page = browser.new_page(viewport={"width": 1280, "height": 900})
				errors = collect_page_errors(page)
				log_in(page, base, self.w.mgr_east)
				page.goto(f"{base}{DESK}/cp-messaging-robot/{self.robot}")
				button = page.get_by_role("button", name="发送测试消息")
				button.wait_for(timeout=60_000)
				form = page.inner_text(".layout-main-section")
				button.click()
				page.wait_for_selector("text=测试消息已排队", timeout=30_000)
				page.screenshot(path=screenshot, full_page=True)
			finally:
				browser.close()
		for label in ("Webhook 地址", "签名密钥", "发送对象", "待跟进", "流失预警及升级", "价格文件提醒"):
			self.assertIn(label, form)
		self.assertEqual(errors, [])
		frappe.db.rollback()
		[message] = frappe.get_all(
			ROBOT_MESSAGE, filters={"robot": self.robot, "status": "Queued"}, pluck="name"
		)
		send.deliver([message], **send.settings())
		[received] = self.receiver.received("form-robot")
		self.assertEqual(received.problems, [])
		self.assertIn("华东销售群", received.text)
		self.assertIn("来自 CRM Plus 的测试消息", received.text)
