"""Customer grading (crm_plus.grading) on a real site: the score of customers with known orders, computed
by hand; the boundaries; the manual override; the grade history; the owners' notifications; who may do
what; renaming tiers.

Every test grades only its own customers (``regrade([...])``), so other data on the site does not matter.
"""

from dataclasses import fields
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_months, getdate, today

from crm_plus import grading
from crm_plus.api import grading as api
from crm_plus.exceptions import GradeOverrideError, GradingSettingsError
from crm_plus.grading.score import Rules
from crm_plus.tests.factories import (
	VisibilityWorld,
	make_complaint,
	make_customer,
	make_grade_tiers,
	make_sales_order,
	set_settings,
)
from crm_plus.tests.workers import queued

PREFIX = "GRD"
SETTINGS = {
	"period_months": 12,
	"weight_amount": 30,
	"weight_frequency": 20,
	"weight_variety": 15,
	"weight_feedback": 15,
	"weight_clv": 20,
	"amount_target": 500_000,
	"frequency_target": 12,
	"variety_target": 10,
	"complaint_penalty": 25,
	"clv_lifespan_years": 3,
	"clv_target": 2_000_000,
}


def days_ago(n: int):
	return add_days(today(), -n)


class TestGrading(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = w = VisibilityWorld(PREFIX)
		cls.hand = make_customer(f"{PREFIX} 手算精密机械有限公司", w.rep_a)
		cls.no_orders = make_customer(f"{PREFIX} 从未下单有限公司", w.rep_a)
		cls.cancelled_only = make_customer(f"{PREFIX} 全部取消有限公司", w.rep_b)
		cls.edge = make_customer(f"{PREFIX} 门槛客户有限公司", w.rep_c)
		cls.ours = [cls.hand, cls.no_orders, cls.cancelled_only, cls.edge, *sorted(w.all_customers)]

		# the customer computed by hand (see test_the_score_of_a_customer_computed_by_hand)
		products = [f"{PREFIX}-P{i}" for i in range(1, 6)]
		for i in range(6):  # six counted orders of 50,000 in the period, five distinct products
			make_sales_order(
				cls.hand,
				f"{PREFIX} period {i}",
				days_ago(10 + 30 * i),
				[(products[i % 5], 10, 2_000), (products[(i + 1) % 5], 30, 1_000)],
				status=("Confirmed", "Shipped", "Delivered", "Completed", "Completed", "Completed")[i],
			)
		# orders that must not count in the period
		make_sales_order(cls.hand, f"{PREFIX} cancelled", days_ago(5), [("GRD-X", 1, 1_000_000)], "Cancelled")
		make_sales_order(cls.hand, f"{PREFIX} draft", days_ago(4), [("GRD-X", 1, 1_000_000)], "Created")
		make_sales_order(
			cls.hand, f"{PREFIX} review", days_ago(3), [("GRD-X", 1, 1_000_000)], "Pending Review"
		)
		# two older counted orders: only the CLV sees them (all-time 8 orders of 400,000, first 730 days ago)
		make_sales_order(cls.hand, f"{PREFIX} old 1", days_ago(400), [("GRD-OLD", 50, 1_000)])
		make_sales_order(cls.hand, f"{PREFIX} old 2", days_ago(730), [("GRD-OLD", 50, 1_000)])
		make_complaint(cls.hand, f"{PREFIX} 交货延迟", complaint_date=days_ago(10))
		make_complaint(cls.hand, f"{PREFIX} 旧投诉", complaint_date=days_ago(500))

		make_sales_order(
			cls.cancelled_only, f"{PREFIX} cancelled", days_ago(20), [("GRD-X", 5, 100_000)], "Cancelled"
		)

	def setUp(self):
		frappe.db.savepoint("grading_test")
		make_grade_tiers()
		set_settings("CP Grading Settings", **SETTINGS)
		frappe.db.sql(
			"update `tabCP Customer` set grade = null, value_score = 0, grade_locked = 0,"
			" grade_override_reason = null, last_graded_on = null where name in %(names)s",
			{"names": self.ours},
		)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="grading_test")

	def customer(self, name):
		return frappe.db.get_value(
			"CP Customer", name, ["grade", "value_score", "grade_locked", "last_graded_on"], as_dict=True
		)

	def history(self, customer):
		return frappe.get_all(
			"CP Grade History",
			filters={"customer": customer},
			fields=["from_grade", "to_grade", "score", "source", "reason", "changed_by", "sales_owner"],
			order_by="changed_on asc, creation asc",
		)

	def notifications(self, user, customer):
		return frappe.get_all(
			"Notification Log",
			filters={"for_user": user, "document_type": "CP Customer", "document_name": customer},
			pluck="subject",
		)

	# --- the arithmetic ---------------------------------------------------------------------------

	def test_the_score_of_a_customer_computed_by_hand(self):
		grading.regrade([self.hand])
		# period: 6 counted orders, 300,000, 5 products, 1 complaint (the cancelled, draft and in-review
		# orders, and the complaint of 500 days ago, do not count)
		#   amount 100 × 300,000 ÷ 500,000 = 60;   frequency 100 × 6 ÷ 12 = 50;   variety 100 × 5 ÷ 10 = 50
		#   feedback 100 − 25 × 1 = 75
		#   CLV: 8 orders, 400,000 since 730 days (2 years): 50,000 × 4 per year × 3 years = 600,000 → 30
		# score = (30×60 + 20×50 + 15×50 + 15×75 + 20×30) ÷ 100 = 52.75 → 52.8 → B (50 ≤ 52.8 < 70)
		row = self.customer(self.hand)
		self.assertEqual(row.value_score, 52.8)
		self.assertEqual(row.grade, "B")
		self.assertTrue(row.last_graded_on)

	def test_settings_change_the_score(self):
		set_settings("CP Grading Settings", complaint_penalty=100, weight_clv=0)
		grading.regrade([self.hand])
		# feedback 0, CLV weightless: (30×60 + 20×50 + 15×50 + 15×0) ÷ 80 = 3550 ÷ 80 = 44.375 → 44.4 → C
		self.assertEqual(self.customer(self.hand).value_score, 44.4)
		self.assertEqual(self.customer(self.hand).grade, "C")

	def test_a_customer_without_orders_and_one_with_only_cancelled_orders_score_zero(self):
		grading.regrade([self.no_orders, self.cancelled_only])
		for name in (self.no_orders, self.cancelled_only):
			row = self.customer(name)
			self.assertEqual(row.value_score, 0)
			self.assertEqual(row.grade, "C")

	def test_exactly_on_a_threshold(self):
		# only the amount counts, 100,000 for full score: the score is the amount in thousands ÷ 1
		set_settings(
			"CP Grading Settings",
			weight_amount=1,
			weight_frequency=0,
			weight_variety=0,
			weight_feedback=0,
			weight_clv=0,
			amount_target=100_000,
		)
		order = make_sales_order(self.edge, f"{PREFIX} edge", days_ago(30), [("GRD-E", 70, 1_000)])
		grading.regrade([self.edge])
		self.assertEqual(self.customer(self.edge).value_score, 70.0)
		self.assertEqual(self.customer(self.edge).grade, "A")  # 70 is A's minimum: A

		frappe.db.set_value("CP Order", order, "total_amount", 69_900)
		grading.regrade([self.edge])
		self.assertEqual(self.customer(self.edge).value_score, 69.9)
		self.assertEqual(self.customer(self.edge).grade, "B")

		frappe.db.set_value("CP Order", order, "total_amount", 69_950)  # 69.95 rounds half up to 70.0
		grading.regrade([self.edge])
		self.assertEqual(self.customer(self.edge).grade, "A")

	def test_the_period_starts_after_the_same_day_months_ago(self):
		set_settings(
			"CP Grading Settings",
			weight_amount=1,
			weight_frequency=0,
			weight_variety=0,
			weight_feedback=0,
			weight_clv=0,
			amount_target=100_000,
		)
		start = add_months(today(), -12)
		order = make_sales_order(self.edge, f"{PREFIX} on start", start, [("GRD-E", 50, 1_000)])
		grading.regrade([self.edge])
		self.assertEqual(self.customer(self.edge).value_score, 0)  # dated on the start day: outside
		frappe.db.set_value("CP Order", order, "order_date", add_days(start, 1))
		grading.regrade([self.edge])
		self.assertEqual(self.customer(self.edge).value_score, 50.0)

	def test_only_the_given_customers_are_graded(self):
		grading.regrade([self.hand])
		self.assertIsNone(self.customer(self.no_orders).last_graded_on)
		self.assertIsNone(self.customer(self.no_orders).grade)

	# --- history and notifications -------------------------------------------------------------------

	def test_a_grade_change_is_recorded_and_the_owner_notified_once(self):
		grading.regrade([self.hand], source=grading.SCHEDULED)
		self.assertEqual(
			self.history(self.hand),
			[
				{
					"from_grade": None,
					"to_grade": "B",
					"score": 52.8,
					"source": "Scheduled Re-grade",
					"reason": None,
					"changed_by": "Administrator",
					"sales_owner": self.w.rep_a,
				}
			],
		)
		notes = self.notifications(self.w.rep_a, self.hand)
		self.assertEqual(len(notes), 1)
		self.assertIn("B", notes[0])
		self.assertIn("52.8", notes[0])

		# nothing changed: no new history, no new notification
		result = grading.regrade([self.hand])
		self.assertEqual(result.grades_changed, 0)
		self.assertEqual(len(self.history(self.hand)), 1)
		self.assertEqual(len(self.notifications(self.w.rep_a, self.hand)), 1)

		# a new complaint in the period lowers the score: B → C, recorded and notified
		make_complaint(self.hand, f"{PREFIX} 又一次投诉", complaint_date=days_ago(2))
		make_complaint(self.hand, f"{PREFIX} 第三次投诉", complaint_date=days_ago(1))
		grading.regrade([self.hand], source=grading.ON_DEMAND)
		# feedback 100 − 75 = 25: (1800 + 1000 + 750 + 375 + 600) ÷ 100 = 45.25 → 45.3
		last = self.history(self.hand)[-1]
		self.assertEqual(
			(last.from_grade, last.to_grade, last.score, last.source), ("B", "C", 45.3, "On Demand")
		)
		self.assertEqual(len(self.notifications(self.w.rep_a, self.hand)), 2)

	def test_history_and_notifications_written_in_bulk_have_names_of_80_random_bits(self):
		"""The framework's 10-character hash names collide within 2,000,000 rows; a multi-row INSERT
		cannot draw again as Document.db_insert does (a 1,000,000-customer re-grade failed on one)."""
		from crm_plus.utils.naming import RANDOM_NAME_LENGTH

		grading.regrade([self.hand], source=grading.SCHEDULED)
		names = frappe.get_all("CP Grade History", {"customer": self.hand}, pluck="name")
		names += frappe.get_all(
			"Notification Log", {"document_type": "CP Customer", "document_name": self.hand}, pluck="name"
		)
		self.assertEqual(len(names), 2)
		self.assertEqual({len(n) for n in names}, {RANDOM_NAME_LENGTH})
		self.assertGreaterEqual(RANDOM_NAME_LENGTH, 20)

	def test_the_owner_is_notified_in_their_language(self):
		frappe.db.set_value("User", self.w.rep_a, "language", "zh")
		grading.regrade([self.hand])
		[subject] = self.notifications(self.w.rep_a, self.hand)
		self.assertIn("等级", subject)

	def test_an_owner_with_many_changes_gets_one_summary(self):
		with patch("crm_plus.utils.notify.SUMMARY_AFTER", 1):
			grading.regrade([self.hand, self.no_orders])  # both of rep A: two changes
		self.assertEqual(self.notifications(self.w.rep_a, self.hand), [])
		summary = frappe.get_all(
			"Notification Log",
			filters={"for_user": self.w.rep_a, "link": ("like", "/app/cp-grade-history%")},
			pluck="subject",
		)
		self.assertEqual(len(summary), 1)
		self.assertIn("2", summary[0])

	# --- manual override ---------------------------------------------------------------------------

	def test_a_manager_overrides_the_grade_and_it_stays_until_removed(self):
		grading.regrade([self.hand])
		with self.set_user(self.w.mgr_east):
			api.override_grade(self.hand, "S", "战略合作伙伴，年度框架协议在谈")
		row = self.customer(self.hand)
		self.assertEqual((row.grade, row.grade_locked), ("S", 1))
		last = self.history(self.hand)[-1]
		self.assertEqual(
			(last.from_grade, last.to_grade, last.source, last.reason, last.changed_by),
			("B", "S", "Manual Override", "战略合作伙伴，年度框架协议在谈", self.w.mgr_east),
		)
		self.assertEqual(len(self.notifications(self.w.rep_a, self.hand)), 2)  # graded, then overridden

		# re-grading keeps the pinned grade, and keeps the score current
		make_complaint(self.hand, f"{PREFIX} 覆盖后的投诉", complaint_date=days_ago(1))
		result = grading.regrade([self.hand])
		self.assertEqual(result.locked, 1)
		self.assertEqual(self.customer(self.hand).grade, "S")
		self.assertEqual(self.customer(self.hand).value_score, 49.0)  # feedback 50: 52.75 − 3.75
		self.assertEqual(len(self.history(self.hand)), 2)

		with self.set_user(self.w.mgr_east):
			api.remove_override(self.hand, "协议未签")
		row = self.customer(self.hand)
		self.assertEqual((row.grade, row.grade_locked, row.value_score), ("C", 0, 49.0))
		last = self.history(self.hand)[-1]
		self.assertEqual(
			(last.from_grade, last.to_grade, last.source, last.reason),
			("S", "C", "Override Removed", "协议未签"),
		)

	def test_removing_an_override_that_matches_the_computed_grade_is_still_recorded(self):
		grading.regrade([self.hand])
		grading.override_grade(self.hand, "B", "确认维持B级")
		grading.remove_override(self.hand)
		self.assertEqual(
			[(h.from_grade, h.to_grade, h.source) for h in self.history(self.hand)],
			[
				(None, "B", "Scheduled Re-grade"),
				("B", "B", "Manual Override"),
				("B", "B", "Override Removed"),
			],
		)

	def test_an_override_needs_a_reason_and_a_real_grade(self):
		with self.assertRaises(GradeOverrideError):
			grading.override_grade(self.hand, "S", "  ")
		with self.assertRaises(GradeOverrideError):
			grading.override_grade(self.hand, "SSS", "理由")
		with self.assertRaises(GradeOverrideError):
			grading.remove_override(self.hand)  # not overridden
		self.assertEqual(self.history(self.hand), [])

	def test_who_may_override(self):
		for user in (self.w.rep_a, self.w.mgr_south, self.w.rep_b, self.w.outsider):
			with self.set_user(user), self.assertRaises(frappe.PermissionError, msg=user):
				api.override_grade(self.w.cust_a, "S", "想要S级")
		with self.set_user(self.w.admin):
			api.override_grade(self.w.cust_c, "A", "管理员调整")
		with self.set_user(self.w.mgr_south):
			api.override_grade(self.w.cust_pool, "B", "公海客户")  # any manager: the unassigned pool
			api.remove_override(self.w.cust_pool)
		with self.set_user(self.w.rep_c), self.assertRaises(frappe.PermissionError):
			api.remove_override(self.w.cust_c)
		self.assertEqual(self.customer(self.w.cust_c).grade, "A")

	def test_an_override_made_while_a_regrade_runs_wins(self):
		stale = grading.customer_rows([self.hand])  # what a running re-grade read before the override
		grading.override_grade(self.hand, "S", "大客户")
		with patch("crm_plus.grading.run.customer_rows", return_value=stale):
			result = grading.regrade([self.hand])
		self.assertEqual(self.customer(self.hand).grade, "S")
		self.assertEqual(result.changes, [])
		self.assertEqual([h.source for h in self.history(self.hand)], ["Manual Override"])

	def test_saving_a_customer_cannot_change_its_grade(self):
		grading.regrade([self.hand])
		doc = frappe.get_doc("CP Customer", self.hand)
		doc.grade = "S"
		doc.value_score = 99
		doc.grade_locked = 1
		with self.set_user(self.w.rep_a):
			doc.save()
		row = self.customer(self.hand)
		self.assertEqual((row.grade, row.value_score, row.grade_locked), ("B", 52.8, 0))

	# --- on demand ---------------------------------------------------------------------------------

	def test_on_demand_for_one_customer_needs_write_on_it(self):
		with self.set_user(self.w.rep_a):
			result = api.regrade_customer(self.hand)
		self.assertEqual((result["grade"], result["value_score"]), ("B", 52.8))
		self.assertEqual(self.history(self.hand)[-1].source, "On Demand")
		with self.set_user(self.w.rep_b), self.assertRaises(frappe.PermissionError):
			api.regrade_customer(self.hand)

	def test_on_demand_for_all_customers_is_for_administrators_and_runs_in_the_background(self):
		with self.set_user(self.w.rep_a), self.assertRaises(frappe.PermissionError):
			api.regrade_all()
		with self.set_user(self.w.mgr_east), self.assertRaises(frappe.PermissionError):
			api.regrade_all()
		with patch("frappe.enqueue") as enqueue, self.set_user(self.w.admin):
			api.regrade_all()
		enqueue.assert_called_once()
		self.assertEqual(queued(enqueue.call_args)[0], "crm_plus.grading.run.regrade_all_job")
		self.assertEqual(enqueue.call_args.kwargs["queue"], "long")

		# the job itself (called directly, as tests do): everyone graded, the requester told the result
		with patch("frappe.publish_progress") as progress:
			result = grading.regrade_all_job(self.w.admin)
		self.assertGreaterEqual(result["customers"], len(self.ours))
		self.assertEqual(self.customer(self.hand).grade, "B")
		self.assertEqual(progress.call_args.args[0], 100)
		done = frappe.get_all("Notification Log", filters={"for_user": self.w.admin}, pluck="subject")
		self.assertTrue(any("Re-grading finished" in s for s in done), done)

	# --- tiers ---------------------------------------------------------------------------------------

	def test_renaming_a_tier_renames_it_everywhere(self):
		grading.regrade([self.hand, self.no_orders])
		frappe.rename_doc("CP Customer Grade", "B", "白银", rebuild_search=False)
		self.assertEqual(self.customer(self.hand).grade, "白银")
		self.assertEqual(frappe.db.get_value("CP Customer Grade", "白银", "grade_name"), "白银")
		self.assertEqual(self.history(self.hand)[0].to_grade, "白银")
		result = grading.regrade([self.hand, self.no_orders])
		self.assertEqual(result.grades_changed, 0)

	def test_the_formulas_defaults_are_the_settings_defaults(self):
		meta = frappe.get_meta("CP Grading Settings")
		for f in fields(Rules):
			self.assertEqual(float(meta.get_field(f.name).default), float(getattr(Rules(), f.name)), f.name)

	def test_tiers_and_settings_are_validated(self):
		grade = frappe.get_doc("CP Customer Grade", "A")
		grade.min_score = 120
		with self.assertRaises(GradingSettingsError):
			grade.save()
		settings = frappe.get_single("CP Grading Settings")
		settings.weight_amount = -1
		with self.assertRaises(GradingSettingsError):
			settings.save()
		settings.reload()
		settings.update({f"weight_{f}": 0 for f in ("amount", "frequency", "variety", "feedback", "clv")})
		with self.assertRaises(GradingSettingsError):
			settings.save()
		settings.reload()
		settings.amount_target = 0
		with self.assertRaises(GradingSettingsError):
			settings.save()

	# --- visibility ----------------------------------------------------------------------------------

	def test_grade_history_follows_the_customers_visibility_and_is_read_only(self):
		grading.regrade(self.w.all_customers)
		for user in self.w.users():
			if user == self.w.outsider:  # the price manager has no role on grade history at all
				with self.set_user(user), self.assertRaises(frappe.PermissionError):
					frappe.get_list("CP Grade History")
				continue
			with self.set_user(user):
				seen = set(
					frappe.get_list(
						"CP Grade History",
						filters={"customer": ("in", list(self.w.all_customers))},
						pluck="customer",
					)
				)
			self.assertEqual(seen, self.w.expected(user), user)
		row = frappe.get_all("CP Grade History", filters={"customer": self.w.cust_a}, pluck="name")[0]
		for user in (self.w.rep_a, self.w.mgr_east, self.w.admin):
			self.assertTrue(frappe.has_permission("CP Grade History", "read", doc=row, user=user))
			self.assertFalse(frappe.has_permission("CP Grade History", "write", doc=row, user=user))
			self.assertFalse(frappe.has_permission("CP Grade History", "create", user=user))
		self.assertFalse(frappe.has_permission("CP Grade History", "read", doc=row, user=self.w.rep_b))

	def test_the_last_graded_date_is_today(self):
		grading.regrade([self.hand])
		self.assertEqual(getdate(self.customer(self.hand).last_graded_on), getdate(today()))
