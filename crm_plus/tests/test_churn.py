"""Churn alerts (crm_plus.churn) on a real site: each rule and its boundary, one alert per open cause
however often the scan runs (and however many scans race), alerts that close when their cause goes
away, notifications, escalation after the configured delay (frozen time), and the churn risk report
through the framework's report runner, as each user.

Every scan covers only this module's customers (``scan([...])``), so other data on the site does not matter.
"""

import csv
import io
import json
from datetime import timedelta
from unittest.mock import patch

import frappe
from frappe.desk import query_report
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, now_datetime, today

from crm_plus import churn, grading
from crm_plus.api import churn as api
from crm_plus.exceptions import ChurnAlertError, GradingSettingsError
from crm_plus.tests.factories import (
	VisibilityWorld,
	make_complaint,
	make_customer,
	make_follow_up,
	make_grade_tiers,
	make_sales_order,
	set_settings,
)

PREFIX = "CHN"
DEFAULT_RULES = {
	"no_order_enabled": 1,
	"no_order_days": 90,
	"complaint_enabled": 1,
	"complaint_days": 7,
	"no_follow_up_enabled": 1,
	"no_follow_up_days": 60,
	"grade_drop_enabled": 1,
	"grade_drop_days": 30,
	"escalation_enabled": 1,
	"escalation_days": 7,
	"send_email": 0,
}


def days_ago(n: int):
	return add_days(today(), -n)


class TestChurn(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = w = VisibilityWorld(PREFIX)
		c = cls.c = frappe._dict()
		c.lapsed = make_customer(f"{PREFIX} 久未下单有限公司", w.rep_a)
		c.lapsed_90 = make_customer(f"{PREFIX} 九十天有限公司", w.rep_a)
		c.lapsed_89 = make_customer(f"{PREFIX} 八十九天有限公司", w.rep_b)
		c.ordering = make_customer(f"{PREFIX} 正常下单有限公司", w.rep_a)
		c.complaint_8 = make_customer(f"{PREFIX} 投诉八天有限公司", w.rep_a)
		c.complaint_7 = make_customer(f"{PREFIX} 投诉七天有限公司", w.rep_c)
		c.quiet_61 = make_customer(f"{PREFIX} 六十一天未跟进有限公司", w.rep_b)
		c.quiet_59 = make_customer(f"{PREFIX} 五十九天未跟进有限公司", w.rep_b)
		c.dropped = make_customer(f"{PREFIX} 降级客户有限公司", w.rep_c)
		c.churned = make_customer(f"{PREFIX} 已流失有限公司", w.rep_a, status="Churned")
		cls.ours = sorted(set(c.values()) | w.all_customers)

		line = [(f"{PREFIX}-P", 1, 1_000)]
		make_sales_order(c.lapsed, f"{PREFIX} lapsed old", days_ago(200), line)
		make_sales_order(c.lapsed, f"{PREFIX} lapsed last", days_ago(120), line)
		# a cancelled order is no order
		make_sales_order(c.lapsed, f"{PREFIX} lapsed cancelled", days_ago(5), line, "Cancelled")
		make_sales_order(c.lapsed_90, f"{PREFIX} 90", days_ago(90), line)
		# an order still in review shows the customer is buying
		make_sales_order(c.lapsed_89, f"{PREFIX} 89", days_ago(89), line, "Pending Review")
		make_sales_order(c.ordering, f"{PREFIX} recent", days_ago(10), line)
		make_sales_order(c.churned, f"{PREFIX} churned", days_ago(300), line)
		make_complaint(
			c.complaint_8, f"{PREFIX} 八天未解决", complaint_date=days_ago(8), status="In Progress"
		)
		make_complaint(
			c.complaint_8,
			f"{PREFIX} 已解决",
			complaint_date=days_ago(30),
			status="Resolved",
			resolution_note="已换货",
		)
		make_complaint(c.complaint_7, f"{PREFIX} 七天未解决", complaint_date=days_ago(7))
		make_follow_up(c.quiet_61, f"{PREFIX} 61", follow_up_date=days_ago(61))
		make_follow_up(c.quiet_59, f"{PREFIX} 59", follow_up_date=days_ago(59))

	def setUp(self):
		frappe.db.savepoint("churn_test")
		make_grade_tiers()
		set_settings("CP Churn Settings", **DEFAULT_RULES)
		frappe.db.delete("CP Churn Alert", {"customer": ("in", self.ours)})
		frappe.db.delete("CP Grade History", {"customer": ("in", self.ours)})

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="churn_test")

	def scan(self, **kwargs):
		return churn.scan(self.ours, **kwargs)

	def alerts(self, status=("Open", "Acknowledged"), **filters):
		return frappe.get_all(
			"CP Churn Alert",
			filters={"customer": ("in", self.ours), "status": ("in", status), **filters},
			fields=["name", "customer", "cause", "days", "since", "status", "sales_owner", "open_key"],
		)

	def causes(self, **filters):
		return {(a.customer, a.cause): a.days for a in self.alerts(**filters)}

	def drop_grade(self, customer, from_grade="B", to_grade="C", when=None):
		grading.record_history(
			[grading.Change(customer, customer, None, from_grade, to_grade, 40.0)],
			grading.SCHEDULED,
			when=when or now_datetime() - timedelta(days=1),
		)

	# --- the rules -----------------------------------------------------------------------------------

	def test_each_rule_and_its_boundary(self):
		c = self.c
		self.drop_grade(c.dropped)
		result = self.scan()
		found = self.causes()
		# no follow-up: every customer here was created today, so only the ones followed up long ago
		self.assertEqual(
			found,
			{
				(c.lapsed, "No Order"): 120,
				(c.lapsed_90, "No Order"): 90,  # exactly 90 days: alerted
				(c.complaint_8, "Unresolved Complaint"): 8,  # more than 7 days; exactly 7 is not yet
				(c.quiet_61, "No Follow-up"): 61,  # 59 days is not yet
				(c.dropped, "Grade Dropped"): 1,
			},
		)
		self.assertEqual(result.raised, 5)
		alert = self.alerts(customer=c.lapsed)[0]
		self.assertEqual(getdate(alert.since), getdate(days_ago(120)))
		self.assertEqual(alert.sales_owner, self.w.rep_a)
		self.assertEqual(alert.open_key, f"{c.lapsed}|No Order")

	def test_a_customer_who_was_never_followed_up_counts_from_its_creation(self):
		frappe.db.set_value("CP Customer", self.c.ordering, "creation", now_datetime() - timedelta(days=70))
		self.scan()
		self.assertEqual(self.causes(customer=self.c.ordering), {(self.c.ordering, "No Follow-up"): 70})

	def test_a_grade_that_went_up_again_or_dropped_long_ago_is_no_risk(self):
		self.drop_grade(self.c.dropped, when=now_datetime() - timedelta(days=3))
		self.drop_grade(self.c.dropped, "C", "B", when=now_datetime() - timedelta(days=2))
		self.drop_grade(self.c.ordering, when=now_datetime() - timedelta(days=31))
		self.scan()
		self.assertEqual(self.causes(cause="Grade Dropped"), {})

	def test_churned_customers_are_not_scanned(self):
		self.scan()
		self.assertEqual(self.alerts(customer=self.c.churned), [])

	def test_rules_can_be_switched_off_and_their_alerts_close(self):
		self.scan()
		self.assertIn((self.c.lapsed, "No Order"), self.causes())
		set_settings("CP Churn Settings", no_order_enabled=0)
		result = self.scan()
		self.assertEqual(result.closed, 2)
		self.assertEqual({cause for _c, cause in self.causes()}, {"Unresolved Complaint", "No Follow-up"})

	def test_thresholds_come_from_the_settings(self):
		set_settings("CP Churn Settings", no_order_days=100, complaint_days=5, no_follow_up_days=59)
		self.scan()
		found = self.causes()
		self.assertIn((self.c.lapsed, "No Order"), found)
		self.assertNotIn((self.c.lapsed_90, "No Order"), found)
		self.assertIn((self.c.complaint_7, "Unresolved Complaint"), found)
		self.assertIn((self.c.quiet_59, "No Follow-up"), found)
		with self.assertRaises(GradingSettingsError):
			set_settings("CP Churn Settings", no_order_days=0)

	# --- one alert per open cause --------------------------------------------------------------------

	def test_scanning_again_raises_nothing_new(self):
		first = self.scan()
		before = {a.name for a in self.alerts()}
		second = self.scan()
		self.assertEqual(second.raised, 0)
		self.assertEqual(second.closed, 0)
		self.assertEqual({a.name for a in self.alerts()}, before)
		self.assertEqual(second.open, first.open)
		# nor when the owner has acknowledged it
		alert = self.alerts(customer=self.c.lapsed)[0]
		with self.set_user(self.w.rep_a):
			api.acknowledge(alert.name)
		self.assertEqual(self.scan().raised, 0)
		self.assertEqual(len(self.alerts(customer=self.c.lapsed)), 1)

	def test_two_scans_racing_raise_one_alert(self):
		causes = {(self.c.lapsed, "No Order"): getdate(days_ago(120))}
		now = now_datetime()
		first = churn.raise_alerts([(self.c.lapsed, "No Order")], causes, now)
		second = churn.raise_alerts(
			[(self.c.lapsed, "No Order")], causes, now
		)  # its read came before the first's write
		self.assertEqual((len(first), len(second)), (1, 0))
		self.assertEqual(len(self.alerts(customer=self.c.lapsed)), 1)
		# the key also refuses a second open alert written any other way
		duplicate = frappe.get_doc(
			{"doctype": "CP Churn Alert", "customer": self.c.lapsed, "cause": "No Order", "status": "Open"}
		)
		with self.assertRaises(frappe.UniqueValidationError):
			duplicate.insert(ignore_permissions=True)

	def test_an_alert_closes_when_its_cause_goes_away_and_a_new_one_comes_with_a_new_cause(self):
		self.scan()
		[alert] = self.alerts(customer=self.c.lapsed)
		make_sales_order(self.c.lapsed, f"{PREFIX} back", today(), [(f"{PREFIX}-P", 1, 1_000)])
		result = self.scan()
		self.assertEqual(result.closed, 1)
		closed = frappe.db.get_value(
			"CP Churn Alert", alert.name, ["status", "closed_on", "open_key"], as_dict=True
		)
		self.assertEqual(closed.status, "Closed")
		self.assertTrue(closed.closed_on)
		self.assertIsNone(closed.open_key)
		self.assertEqual(self.scan().raised, 0)

		# the complaint is resolved: its alert closes too
		complaint = frappe.get_doc("CP Complaint", {"customer": self.c.complaint_8, "status": "In Progress"})
		complaint.update({"status": "Resolved", "resolution_note": "已补发"})
		complaint.save()
		self.scan()
		self.assertEqual(self.causes(customer=self.c.complaint_8), {})

		# the same cause later again: a new alert (the closed one released its key)
		frappe.db.set_value("CP Order", {"remarks": f"{PREFIX} back"}, "order_date", days_ago(95))
		self.assertEqual(self.scan().raised, 1)
		self.assertEqual(
			len(self.alerts(status=("Open", "Acknowledged", "Closed"), customer=self.c.lapsed)), 2
		)

	def test_days_are_kept_current(self):
		self.scan()
		with self.freeze_time(now_datetime() + timedelta(days=5)):
			self.scan()
		self.assertEqual(self.causes(customer=self.c.lapsed), {(self.c.lapsed, "No Order"): 125})

	# --- notifications and escalation ---------------------------------------------------------------

	def notes(self, user):
		return frappe.get_all(
			"Notification Log",
			filters={"for_user": user, "document_type": "CP Churn Alert"},
			fields=["subject", "document_name", "link"],
		)

	def test_owners_are_notified_once_per_new_alert(self):
		self.scan()
		subjects = [n.subject for n in self.notes(self.w.rep_a)]
		# rep A: lapsed, lapsed_90, complaint_8
		self.assertEqual(len(subjects), 3)
		self.assertTrue(any("no order for 120 days" in s for s in subjects), subjects)
		self.assertTrue(any("a complaint unresolved for 8 days" in s for s in subjects), subjects)
		self.scan()
		self.assertEqual(len(self.notes(self.w.rep_a)), 3)

	def test_a_rep_with_many_new_alerts_gets_one_summary(self):
		with patch("crm_plus.utils.notify.SUMMARY_AFTER", 2):
			self.scan()
		[summary] = self.notes(self.w.rep_a)
		self.assertIn("3", summary.subject)
		self.assertIn("CP%20Churn%20Risk", summary.link)

	def test_email_where_configured(self):
		set_settings("CP Churn Settings", send_email=1)
		settings = frappe.get_doc("Notification Settings", self.w.rep_b)
		settings.enable_email_notifications = 0
		settings.save(ignore_permissions=True)
		self.forget_outgoing_account_afterwards()
		if not frappe.db.exists("Email Account", {"default_outgoing": 1}):
			self.scan()  # no outgoing account on the site: desk notifications only, no error
			frappe.db.delete("CP Churn Alert", {"customer": ("in", self.ours)})
			frappe.get_doc(
				{
					"doctype": "Email Account",
					"email_account_name": f"{PREFIX} Outgoing",
					"email_id": "crm@crm-plus.test",
					"enable_outgoing": 1,
					"default_outgoing": 1,
					"smtp_server": "localhost",
					"no_smtp_authentication": 1,
				}
			).insert(ignore_permissions=True)
		self.scan()
		queued = frappe.get_all(
			"Email Queue Recipient",
			filters={"recipient": ("in", [self.w.rep_a, self.w.rep_b])},
			pluck="recipient",
		)
		self.assertEqual(queued, [self.w.rep_a])  # rep B switched e-mail notifications off

	def test_muted_mail_without_an_account_sends_nothing_and_keeps_the_scan(self):
		"""mute_emails on a site with no outgoing account (a staging copy): the framework offers a stand-in
		account without an address, through which queuing mail fails; the scan raises its alerts all the
		same and queues no mail (it used to fail as a whole)."""
		set_settings("CP Churn Settings", send_email=1)
		frappe.db.delete("Email Account", {"default_outgoing": 1})  # rolled back with the test
		self.forget_outgoing_account_afterwards()
		with patch.dict(frappe.flags, {"mute_emails": True}):
			self.scan()
		self.assertTrue(self.alerts())
		queued = frappe.get_all(
			"Email Queue Recipient", filters={"recipient": ("in", [self.w.rep_a, self.w.rep_b])}
		)
		self.assertEqual(queued, [])

	def test_an_email_that_cannot_be_queued_is_logged_and_the_alerts_kept(self):
		set_settings("CP Churn Settings", send_email=1)
		self.outgoing_account()
		with patch("frappe.sendmail", side_effect=frappe.ValidationError("mail server refused")):
			self.scan()
		self.assertTrue(self.alerts())
		self.assertTrue(
			frappe.db.exists(
				"Error Log", {"method": f"crm_plus: churn alert e-mail to {self.w.rep_a} not queued"}
			)
		)

	def forget_outgoing_account_afterwards(self) -> None:
		"""The framework remembers the outgoing account in frappe.local: forget it after the test (the
		account itself goes with the rollback), or later tests would send mail through it."""
		self.addCleanup(
			lambda: (
				hasattr(frappe.local, "outgoing_email_account")
				and delattr(frappe.local, "outgoing_email_account")
			)
		)

	def outgoing_account(self) -> None:
		"""A default outgoing e-mail account for this test (rolled back with it; the framework's memory of
		it in frappe.local is forgotten too, or later tests would send mail through it)."""
		self.forget_outgoing_account_afterwards()
		if not frappe.db.exists("Email Account", {"default_outgoing": 1}):
			frappe.get_doc(
				{
					"doctype": "Email Account",
					"email_account_name": f"{PREFIX} Outgoing",
					"email_id": "crm@crm-plus.test",
					"enable_outgoing": 1,
					"default_outgoing": 1,
					"smtp_server": "localhost",
					"no_smtp_authentication": 1,
				}
			).insert(ignore_permissions=True)

	def emails(self, user: str) -> list[tuple[str, str]]:
		"""(subject, HTML text) of each e-mail queued for `user`, decoded from the Email Queue's MIME."""
		import email
		from email.header import decode_header, make_header

		parents = frappe.get_all("Email Queue Recipient", filters={"recipient": user}, pluck="parent")
		found = []
		for raw in frappe.get_all("Email Queue", filters={"name": ("in", parents)}, pluck="message"):
			mime = email.message_from_string(raw)
			html = "".join(
				part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
				for part in mime.walk()
				if part.get_content_type() == "text/html"
			)
			found.append((str(make_header(decode_header(mime["Subject"]))), html))
		return found

	def test_email_in_each_recipients_language(self):
		set_settings("CP Churn Settings", send_email=1)
		self.outgoing_account()
		frappe.db.set_value("User", self.w.rep_a, "language", "zh")
		frappe.db.set_value("User", self.w.rep_b, "language", "en")
		frappe.db.set_value("User", self.w.mgr_east, "language", "zh")
		frappe.local.lang = "en"
		self.scan()
		[(subject_a, html_a)] = self.emails(self.w.rep_a)
		self.assertEqual(subject_a, "您的客户流失预警")
		self.assertIn("流失风险", html_a)
		self.assertIn("天无订单", html_a)  # the alert's cause, in Chinese
		self.assertIn("打开流失风险报表", html_a)
		self.assertNotIn("churn risk report", html_a)
		[(subject_b, html_b)] = self.emails(self.w.rep_b)
		self.assertEqual(subject_b, "Churn alerts for your customers")
		self.assertIn("no follow-up for 61 days", html_b)
		self.assertIn("Open the churn risk report", html_b)
		self.assertNotIn("流失", html_b)
		self.assertEqual(frappe.local.lang, "en")  # the sender's language is back
		# the escalation a week later: the manager's e-mail, in Chinese, lists only what is new
		with self.freeze_time(now_datetime() + timedelta(days=7, minutes=1)):
			self.assertEqual(self.scan().escalated, 4)
		[(subject_m, html_m)] = self.emails(self.w.mgr_east)
		self.assertEqual(subject_m, "您的客户流失预警")
		self.assertIn("流失风险已升级", html_m)
		self.assertEqual(len(self.emails(self.w.rep_a)), 1)  # nothing new for the owner: no second e-mail

	def test_an_alert_without_action_is_escalated_once_after_the_configured_days(self):
		self.scan()
		[alert] = self.alerts(customer=self.c.lapsed)  # rep A's customer: manager East
		raised = now_datetime()
		with self.freeze_time(raised + timedelta(days=6, hours=23)):
			self.assertEqual(self.scan().escalated, 0)
		with self.freeze_time(raised + timedelta(days=7, minutes=1)):
			result = self.scan()
		escalated = frappe.db.get_value(
			"CP Churn Alert", alert.name, ["escalated_to", "escalated_on"], as_dict=True
		)
		self.assertEqual(escalated.escalated_to, self.w.mgr_east)
		self.assertTrue(escalated.escalated_on)
		# rep A's three alerts and rep B's one (quiet_61) go to East; rep C's (none open for 7 days) nowhere
		self.assertEqual(result.escalated, 4)
		notes = [n for n in self.notes(self.w.mgr_east) if n.document_name == alert.name]
		self.assertEqual(len(notes), 1)
		self.assertIn("has not acted", notes[0].subject)
		with self.freeze_time(raised + timedelta(days=9)):
			self.assertEqual(self.scan().escalated, 0)
		self.assertEqual(len([n for n in self.notes(self.w.mgr_east) if n.document_name == alert.name]), 1)

	def test_an_acknowledged_or_followed_up_alert_is_not_escalated(self):
		self.scan()
		[lapsed] = self.alerts(customer=self.c.lapsed)
		with self.set_user(self.w.rep_a):
			self.assertEqual(api.acknowledge(lapsed.name)["status"], "Acknowledged")
		raised = now_datetime()
		with self.freeze_time(raised + timedelta(days=3)):
			make_follow_up(self.c.lapsed_90, f"{PREFIX} 电话回访", follow_up_date=today())
		with self.freeze_time(raised + timedelta(days=8)):
			self.scan()
		escalated = {a.customer for a in self.alerts(escalated_on=("is", "set"))}
		self.assertNotIn(self.c.lapsed, escalated)  # acknowledged
		self.assertNotIn(self.c.lapsed_90, escalated)  # followed up after the alert was raised
		self.assertIn(self.c.complaint_8, escalated)

	def test_escalation_can_be_switched_off(self):
		set_settings("CP Churn Settings", escalation_enabled=0)
		self.scan()
		with self.freeze_time(now_datetime() + timedelta(days=30)):
			self.assertEqual(self.scan().escalated, 0)

	# --- acting on alerts, visibility and the report ----------------------------------------------------

	def test_only_those_who_may_change_the_customer_acknowledge_its_alert(self):
		self.scan()
		[alert] = self.alerts(customer=self.c.lapsed)
		for user in (self.w.rep_b, self.w.rep_c, self.w.mgr_south):
			with self.set_user(user), self.assertRaises(frappe.PermissionError):
				api.acknowledge(alert.name)
		with self.set_user(self.w.mgr_east):
			api.acknowledge(alert.name)
		self.assertEqual(
			frappe.db.get_value("CP Churn Alert", alert.name, "acknowledged_by"), self.w.mgr_east
		)
		# nothing else about an alert can be changed by saving it (form, REST)
		with self.set_user(self.w.mgr_east):
			doc = frappe.get_doc("CP Churn Alert", alert.name)
			doc.days = 1
			with self.assertRaises(ChurnAlertError):
				doc.save()
			doc.reload()
			doc.status = "Closed"
			with self.assertRaises(ChurnAlertError):
				doc.save()
		frappe.db.set_value("CP Churn Alert", alert.name, {"status": "Closed", "open_key": None})
		with self.assertRaises(ChurnAlertError):
			churn.acknowledge(alert.name)

	def test_alerts_follow_the_customers_visibility(self):
		frappe.db.set_value(
			"CP Customer",
			{"name": ("in", list(self.w.all_customers))},
			"creation",
			now_datetime() - timedelta(days=90),
		)
		self.scan()  # every world customer: no follow-up for 90 days
		for user in self.w.users():
			if user == self.w.outsider:
				with self.set_user(user), self.assertRaises(frappe.PermissionError):
					frappe.get_list("CP Churn Alert")
				continue
			with self.set_user(user):
				seen = set(
					frappe.get_list(
						"CP Churn Alert",
						filters={"customer": ("in", list(self.w.all_customers))},
						pluck="customer",
					)
				)
			self.assertEqual(seen, self.w.expected(user), user)

	def report(self, user, **filters):
		with self.set_user(user):
			result = query_report.run("CP Churn Risk", filters=filters)
		return [row for row in result["result"] if row["customer"] in self.ours], result

	def test_the_churn_risk_report_lists_a_reps_own_alerts_only(self):
		frappe.db.set_value("CP Customer", self.c.lapsed, "grade", "B")
		self.scan()
		rows, result = self.report(self.w.rep_a)
		self.assertEqual(
			{(r["customer"], r["cause"]) for r in rows},
			{
				(self.c.lapsed, "No Order"),
				(self.c.lapsed_90, "No Order"),
				(self.c.complaint_8, "Unresolved Complaint"),
			},
		)
		lapsed = next(r for r in rows if r["customer"] == self.c.lapsed)
		self.assertEqual(
			(lapsed["days"], lapsed["grade"], lapsed["sales_owner"], lapsed["status"]),
			(120, "B", self.w.rep_a, "Open"),
		)
		self.assertEqual(result["chart"]["type"], "bar")
		self.assertEqual(result["chart"]["data"]["labels"], ["No Order", "Unresolved Complaint"])

		rows, _result = self.report(self.w.rep_b)
		self.assertEqual({r["customer"] for r in rows}, {self.c.quiet_61})
		rows, _result = self.report(self.w.mgr_east)  # the team of reps A and B
		self.assertEqual(
			{r["customer"] for r in rows},
			{self.c.lapsed, self.c.lapsed_90, self.c.complaint_8, self.c.quiet_61},
		)
		rows, _result = self.report(self.w.rep_a, cause="Unresolved Complaint")
		self.assertEqual({r["customer"] for r in rows}, {self.c.complaint_8})
		rows, _result = self.report(self.w.rep_a, grade="B")
		self.assertEqual({r["customer"] for r in rows}, {self.c.lapsed})

	def test_the_churn_risk_report_exports_what_the_user_sees(self):
		self.scan()
		with self.set_user(self.w.rep_b):
			frappe.local.form_dict = frappe._dict(
				report_name="CP Churn Risk",
				file_format_type="CSV",
				filters=json.dumps({}),
				visible_idx="[]",
			)
			query_report.export_query()
			content = frappe.response["filecontent"]
		rows = list(csv.reader(io.StringIO(content.decode() if isinstance(content, bytes) else content)))
		customers = {r[0] for r in rows[1:]} & set(self.ours)
		self.assertEqual(customers, {self.c.quiet_61})
