"""Customers not followed up for N days return to the pool; their owner is warned M days before, once.

N = 30 and M = 5 here: a customer last followed up 31 days ago returns today, one followed up 27 days
ago is due in 3 days (warned), one followed up 10 days ago is left alone."""

from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, now_datetime

from crm_plus.allocation import auto_return
from crm_plus.api import allocation as api
from crm_plus.tests.factories import VisibilityWorld, make_customer, set_pool_settings

PREFIX = "ART"


class TestAutoReturn(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = VisibilityWorld(PREFIX)

	def setUp(self):
		frappe.db.savepoint("auto_return_test")
		set_pool_settings(auto_return_enabled=1, return_after_days=30, warning_days=5, holding_limit=0)
		self.today = getdate()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="auto_return_test")

	def customer(self, name, owner, followed_up_days_ago=None, first_cooperation_days_ago=None):
		"""A customer created 200 days ago."""
		customer = make_customer(f"{PREFIX} {name}", owner)
		values = {"creation": add_days(now_datetime(), -200)}
		if followed_up_days_ago is not None:
			values["last_follow_up_date"] = add_days(self.today, -followed_up_days_ago)
		if first_cooperation_days_ago is not None:
			values["first_cooperation_date"] = add_days(self.today, -first_cooperation_days_ago)
		frappe.db.set_value("CP Customer", customer, values, update_modified=False)
		return customer

	def owner(self, customer):
		return frappe.db.get_value("CP Customer", customer, "sales_owner")

	def notes(self, user, like):
		return frappe.get_all(
			"Notification Log", {"for_user": user, "subject": ("like", f"%{like}%")}, pluck="subject"
		)

	def warnings(self, customer):
		return frappe.get_all(
			"CP Pool Return Warning",
			{"customer": customer},
			["sales_owner", "due_date", "warning_date", "counted_from"],
		)

	def test_nothing_returns_while_auto_return_is_off(self):
		set_pool_settings(auto_return_enabled=0)
		overdue = self.customer("关闭时不回收有限公司", self.w.rep_a, followed_up_days_ago=300)
		auto_return.run_daily()
		self.assertEqual(self.owner(overdue), self.w.rep_a)
		self.assertEqual(self.warnings(overdue), [])

	def test_overdue_customers_return_to_the_pool_with_a_log_row_and_a_notice(self):
		overdue = self.customer("久未跟进有限公司", self.w.rep_a, followed_up_days_ago=31)
		never = self.customer("从未跟进有限公司", self.w.rep_a, first_cooperation_days_ago=400)
		recent = self.customer("近期跟进有限公司", self.w.rep_a, followed_up_days_ago=10)
		auto_return.run_daily()
		self.assertIsNone(self.owner(overdue))
		self.assertIsNone(self.owner(never))
		self.assertEqual(self.owner(recent), self.w.rep_a)
		[row] = frappe.get_all(
			"CP Owner Change Log",
			{"customer": overdue},
			["operation", "from_owner", "to_owner", "changed_by", "reason"],
		)
		self.assertEqual(
			(row.operation, row.from_owner, row.to_owner, row.changed_by),
			("Auto-return", self.w.rep_a, None, "Administrator"),
		)
		self.assertIn("30", row.reason)
		[note] = self.notes(self.w.rep_a, "returned to the unassigned pool")
		self.assertIn("2 of your customers", note)
		with self.set_user(self.w.rep_c):  # the pool is open to claims again
			self.assertIn(overdue, [c["name"] for c in api.get_pool_customers(search=overdue)["customers"]])

	def test_a_customer_just_taken_over_gets_the_full_period(self):
		customer = self.customer("刚接手有限公司", self.w.rep_b, followed_up_days_ago=60)
		with self.set_user(self.w.rep_b):
			api.transfer(customers=[customer], to_owner=self.w.rep_a)
		auto_return.run_daily()
		self.assertEqual(self.owner(customer), self.w.rep_a)

	def test_owner_is_warned_once_per_cycle(self):
		due_soon = self.customer("即将回收有限公司", self.w.rep_a, followed_up_days_ago=27)
		auto_return.run_daily()
		[warning] = self.warnings(due_soon)
		self.assertEqual(
			(warning.sales_owner, warning.due_date, warning.warning_date),
			(self.w.rep_a, add_days(self.today, 3), self.today),
		)
		self.assertEqual(len(self.notes(self.w.rep_a, "will return to the unassigned pool")), 1)
		with self.set_user(self.w.rep_a):  # the owner sees it; another rep does not
			self.assertEqual(len(frappe.get_list("CP Pool Return Warning", {"customer": due_soon})), 1)
		with self.set_user(self.w.rep_b):
			self.assertEqual(frappe.get_list("CP Pool Return Warning", {"customer": due_soon}), [])
		auto_return.run_daily()  # the next day's run: no second warning
		self.assertEqual(len(self.warnings(due_soon)), 1)
		self.assertEqual(len(self.notes(self.w.rep_a, "will return to the unassigned pool")), 1)
		self.assertEqual(self.owner(due_soon), self.w.rep_a)
		# a follow-up starts a new cycle, which is warned about again when it comes due
		frappe.db.set_value("CP Customer", due_soon, "last_follow_up_date", add_days(self.today, -26))
		auto_return.run_daily()
		self.assertEqual(
			sorted(w.due_date for w in self.warnings(due_soon)),
			[getdate(add_days(self.today, 3)), getdate(add_days(self.today, 4))],
		)

	def test_a_follow_up_recorded_while_the_return_runs_saves_the_customer(self):
		saved = self.customer("最后一刻跟进有限公司", self.w.rep_a, followed_up_days_ago=45)
		returned = self.customer("确实超期有限公司", self.w.rep_a, followed_up_days_ago=45)
		real_plan = auto_return.plan_move

		def plan_then_follow_up(request):
			plan = real_plan(request)
			frappe.db.set_value("CP Customer", saved, "last_follow_up_date", self.today)
			return plan

		with patch.object(auto_return, "plan_move", plan_then_follow_up):
			moved = auto_return.return_overdue(30, self.today)
		self.assertEqual(moved, 1)
		self.assertEqual(self.owner(saved), self.w.rep_a)
		self.assertIsNone(self.owner(returned))

	def test_warnings_of_a_customer_that_changes_hands_are_dropped(self):
		due_soon = self.customer("换手有限公司", self.w.rep_a, followed_up_days_ago=27)
		auto_return.run_daily()
		self.assertEqual(len(self.warnings(due_soon)), 1)
		with self.set_user(self.w.rep_a):
			api.transfer(customers=[due_soon], to_owner=self.w.rep_b)
		self.assertEqual(self.warnings(due_soon), [])
