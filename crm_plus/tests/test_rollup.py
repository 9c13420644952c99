"""The sales rollup (crm_plus.rollup): what the reports read through it is exactly what the live queries
give — for every kind of user, owner and team filter, period and date range (whole periods and cut
ones) — right after it is built, and after writes that made owners not current: an order or follow-up
written or deleted, customers moved between owners by a plain UPDATE that no document event saw, the
sales source changed. Then the rebuild of only the owners that changed, and the figures of a report read
from the rollup alone, checked by hand.

The world (VisibilityWorld "RLP"; counted orders unless marked):

	customer      owner   orders                                              follow-ups
	cust_a        rep A   2025-01-10 100, 2025-02-20 200, 2025-04-01 400,       2025-01-11, 2025-04-02
	                      2025-05-15 999 (cancelled), 2026-03-05 300
	cust_shared   rep B   2025-02-14 50 (shared with rep A)
	cust_b        rep B   2025-03-31 70, 2025-04-01 30                          2025-03-30
	cust_c        rep C   2025-05-03 500
	cust_pool     —       2025-05-20 60                                         2025-05-21
"""

import itertools

import frappe
from frappe.desk import query_report
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate

from crm_plus.analysis import MONTH, PERIODS, QUARTER, YEAR
from crm_plus.analysis.grades import movement
from crm_plus.analysis.performance import (
	open_alerts,
	owner_sales,
	recorded_follow_ups,
	rep_performance,
	reps_in_view,
)
from crm_plus.analysis.periods import bounds, period_of, split_range
from crm_plus.analysis.profile import DIMENSIONS, customer_profile
from crm_plus.analysis.trend import trend_by_period
from crm_plus.grading.run import Change, record_history
from crm_plus.grading.settings import SCHEDULED
from crm_plus.rollup import OWNERS, TABLE
from crm_plus.rollup import read as rollup
from crm_plus.rollup.build import refresh, refresh_stale
from crm_plus.tests.factories import VisibilityWorld, make_follow_up, make_master, make_sales_order

PREFIX = "RLP"
PRODUCT = "RLP 测试产品"
INDUSTRY = "RLP 制造"
RANGES = (
	("2025-01-01", "2026-12-31"),  # whole periods of every kind
	("2025-02-14", "2026-03-20"),  # cut at both ends
	("2025-05-03", "2025-05-20"),  # inside one month
	("2025-03-31", "2025-04-01"),  # the last day of one month and the first of the next
	("2025-04-01", "2025-06-30"),  # one whole quarter
)


def normalised(sales: dict) -> dict:
	return {
		label: (
			int(row.get("orders") or 0),
			round(float(row.get("amount") or 0), 2),
			int(row.get("customers") or 0),
		)
		for label, row in sales.items()
	}


class TestRollup(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = w = VisibilityWorld(PREFIX)
		for customer, remarks, day, amount, status in (
			(w.cust_a, "a1", "2025-01-10", 100, "Completed"),
			(w.cust_a, "a2", "2025-02-20", 200, "Completed"),
			(w.cust_a, "a3", "2025-04-01", 400, "Delivered"),
			(w.cust_a, "a4", "2025-05-15", 999, "Cancelled"),
			(w.cust_a, "a5", "2026-03-05", 300, "Completed"),
			(w.cust_shared, "s1", "2025-02-14", 50, "Confirmed"),
			(w.cust_b, "b1", "2025-03-31", 70, "Completed"),
			(w.cust_b, "b2", "2025-04-01", 30, "Shipped"),
			(w.cust_c, "c1", "2025-05-03", 500, "Completed"),
			(w.cust_pool, "p1", "2025-05-20", 60, "Completed"),
		):
			make_sales_order(customer, f"{PREFIX} {remarks}", day, [(PRODUCT, 1, amount)], status)
		for customer, content, day, recorder in (
			(w.cust_a, "first", "2025-01-11", w.rep_a),
			(w.cust_a, "second", "2025-04-02", w.rep_b),
			(w.cust_b, "third", "2025-03-30", w.rep_b),
			(w.cust_pool, "fourth", "2025-05-21", w.rep_a),
			(w.cust_shared, "fifth", "2025-02-15", w.rep_a),
		):
			make_follow_up(
				customer,
				f"{PREFIX} {content}",
				follow_up_date=day,
				next_follow_up_date=add_days(day, 7),
				follow_up_owner=recorder,
			)
		for customer, cause, status in (
			(w.cust_a, "No Order", "Open"),
			(w.cust_a, "Unresolved Complaint", "Acknowledged"),
			(w.cust_b, "No Order", "Closed"),
			(w.cust_shared, "No Order", "Open"),
			(w.cust_shared, "Unresolved Complaint", "Open"),  # it has no complaint: a scan closes it
			(w.cust_pool, "No Order", "Open"),
		):
			frappe.get_doc(
				{"doctype": "CP Churn Alert", "customer": customer, "cause": cause, "status": status}
			).insert(ignore_permissions=True)
		make_master("CP Industry", INDUSTRY)
		for customer, industry, grade in (
			(w.cust_a, INDUSTRY, "A"),
			(w.cust_b, INDUSTRY, "B"),
			(w.cust_shared, None, "A"),
			(w.cust_c, None, "S"),
		):
			frappe.db.set_value("CP Customer", customer, {"industry": industry, "grade": grade})
		for customer, owner, old, new, day in (
			(w.cust_a, w.rep_a, "B", "A", "2025-02-10 09:00:00"),
			(w.cust_b, w.rep_b, "A", "B", "2025-04-15 09:00:00"),
			(w.cust_c, w.rep_c, None, "S", "2025-05-03 09:00:00"),
			(w.cust_shared, w.rep_b, "B", "A", "2025-03-31 23:59:00"),
		):
			record_history([Change(customer, customer, owner, old, new, 80)], SCHEDULED, when=day)
		refresh()

	def setUp(self):
		frappe.db.savepoint("rollup_test")  # each test starts from the built rollup

	def tearDown(self):
		frappe.db.rollback(save_point="rollup_test")
		frappe.set_user("Administrator")

	def users(self) -> list[str]:
		w = self.w
		return ["Administrator", w.admin, w.mgr_east, w.mgr_south, w.rep_a, w.rep_b, w.rep_c]

	def filter_sets(self) -> list[dict]:
		w = self.w
		return [{}, {"sales_owner": w.rep_b}, {"sales_owner": w.rep_a}, {"team": f"{PREFIX} East"}]

	def assert_same_as_live(self):
		"""Every user × filter × period × range: the rollup's answer is the live query's."""
		checked = 0
		for user, filters in itertools.product(self.users(), self.filter_sets()):
			for period, (start, end) in itertools.product(PERIODS, RANGES):
				read = trend_by_period(period, start, end, filters, user)
				live = trend_by_period(period, start, end, filters, user, rollup_read=False)
				where = f"{user} {filters} {period} {start}..{end}"
				self.assertEqual(normalised(read[0]), normalised(live[0]), where)
				self.assertEqual(read[1], live[1], where)
				checked += 1
			reps = reps_in_view(user)
			for start, end in RANGES:
				read = owner_sales(start, end, user, reps)
				live = owner_sales(start, end, user, reps, rollup_read=False)
				self.assertEqual(normalised(read), normalised(live), f"{user} {start}..{end}")
				self.assertEqual(
					recorded_follow_ups(start, end, user, reps),
					recorded_follow_ups(start, end, user, reps, rollup_read=False),
					f"follow-ups recorded {user} {start}..{end}",
				)
			self.assertEqual(open_alerts(user, reps), open_alerts(user, reps, rollup_read=False), user)
			# rep performance narrows one look at the owners to a team's reps (Split.only)
			for team in (f"{PREFIX} East", f"{PREFIX} South"):
				team_reps = reps_in_view(user, team)
				narrowed = rollup.split(user).only(team_reps)
				self.assertEqual(
					open_alerts(user, team_reps, parts=narrowed),
					open_alerts(user, team_reps, rollup_read=False),
					f"{user} {team}",
				)
				self.assertEqual(
					normalised(owner_sales("2025-01-01", "2025-12-31", user, team_reps, parts=narrowed)),
					normalised(owner_sales("2025-01-01", "2025-12-31", user, team_reps, rollup_read=False)),
					f"{user} {team}",
				)
			for start, end in RANGES:
				self.assertEqual(
					movement(start, end, filters, user),
					movement(start, end, filters, user, rollup_read=False),
					f"grade movement {user} {filters} {start}..{end}",
				)
			for dimension in DIMENSIONS:
				read = customer_profile(dimension, filters, user)
				live = customer_profile(dimension, filters, user, rollup_read=False)
				self.assertEqual(
					[(r.value, r.customers, r.orders, round(float(r.amount), 2)) for r in read],
					[(r.value, r.customers, r.orders, round(float(r.amount), 2)) for r in live],
					f"customer profile {dimension} {user} {filters}",
				)
		self.assertEqual(checked, len(self.users()) * 4 * len(PERIODS) * len(RANGES))

	def current(self, user: str, **filters) -> list[str]:
		return rollup.split(user, filters).current

	def test_built_rollup_answers_like_the_live_queries(self):
		w = self.w
		self.assertIn(w.rep_a, self.current(w.admin))
		self.assertEqual(self.current(w.rep_a), [w.rep_a])
		self.assertEqual(sorted(self.current(w.mgr_east, team=f"{PREFIX} East")), sorted([w.rep_a, w.rep_b]))
		# after a full build nothing is left to compute live for an administrator; a rep's shared customer
		# of another owner is
		self.assertIsNone(rollup.split(w.admin).live)
		self.assertIsNotNone(rollup.split(w.rep_a).live)
		self.assert_same_as_live()

	def test_report_figures_from_the_rollup_alone(self):
		"""CP Sales Trend of rep A's customers over whole months, read from the rollup only (nothing live)."""
		w = self.w
		filters = {
			"sales_owner": w.rep_a,
			"period": MONTH,
			"from_date": "2025-01-01",
			"to_date": "2025-06-30",
		}
		parts = rollup.split(w.admin, filters)
		self.assertEqual((parts.current, parts.live), ([w.rep_a], None))
		frappe.set_user(w.admin)
		try:
			result = query_report.run("CP Sales Trend", filters=filters, ignore_prepared_report=True)
		finally:
			frappe.set_user("Administrator")
		rows = {row["period"]: row for row in result["result"] if isinstance(row, dict) and "period" in row}
		got = {p: (r["orders"], r["amount"], r["customers"], r["follow_ups"]) for p, r in rows.items()}
		self.assertEqual(
			got,
			{
				"2025-01": (1, 100, 1, 1),
				"2025-02": (1, 200, 1, 0),
				"2025-03": (0, 0, 0, 0),
				"2025-04": (1, 400, 1, 1),
				"2025-05": (0, 0, 0, 0),  # the cancelled order does not count
				"2025-06": (0, 0, 0, 0),
			},
		)

	def test_an_order_written_after_the_build_is_counted(self):
		w = self.w
		make_sales_order(w.cust_a, f"{PREFIX} late", "2025-02-03", [(PRODUCT, 2, 25)], "Completed")
		self.assertNotIn(w.rep_a, self.current(w.admin))  # its insert raised rep A's version
		self.assertIn(w.rep_b, self.current(w.admin))
		self.assert_same_as_live()
		self.assertEqual(refresh_stale(), 1)
		self.assertIn(w.rep_a, self.current(w.admin))
		feb = trend_by_period(MONTH, "2025-02-01", "2025-02-28", {"sales_owner": w.rep_a}, w.admin)[0]
		self.assertEqual(normalised(feb), {"2025-02": (2, 250.0, 1)})
		self.assert_same_as_live()

	def test_a_deleted_follow_up_is_not_counted(self):
		w = self.w
		name = frappe.db.get_value("CP Follow Up", {"customer": w.cust_b, "content": f"{PREFIX} third"})
		frappe.delete_doc("CP Follow Up", name, ignore_permissions=True)
		self.assertNotIn(w.rep_b, self.current(w.admin))
		self.assert_same_as_live()

	def test_customers_moved_by_a_plain_update_are_computed_live(self):
		"""No document event sees this move: the owners' customers no longer match their rows."""
		w = self.w
		frappe.db.sql(
			"update `tabCP Customer` set `sales_owner` = %s where `name` in %s",
			(w.rep_c, [w.cust_b, w.cust_pool]),
		)
		current = self.current(w.admin)
		for owner in (w.rep_b, w.rep_c, ""):
			self.assertNotIn(owner, current)
		self.assertIn(w.rep_a, current)
		self.assert_same_as_live()
		self.assertEqual(refresh_stale(), 3)
		self.assertIsNone(rollup.split(w.admin).live)
		self.assert_same_as_live()

	def test_a_new_sales_source_makes_every_owner_live(self):
		settings = frappe.get_single("CP ERPNext Settings")
		settings.save(ignore_permissions=True)
		self.assertEqual(self.current(self.w.admin), [])
		self.assert_same_as_live()

	def test_a_grade_change_recorded_after_the_build_is_counted(self):
		w = self.w
		record_history(
			[Change(w.cust_c, w.cust_c, w.rep_c, "S", "A", 72)], SCHEDULED, when="2025-06-02 10:00:00"
		)
		frappe.db.set_value("CP Customer", w.cust_c, "grade", "A")  # as the grading writes it: in bulk
		self.assertNotIn(w.rep_c, self.current(w.admin))
		self.assert_same_as_live()
		moves = movement("2025-06-01", "2025-06-30", {"sales_owner": w.rep_c}, w.admin)
		self.assertEqual(moves["S"]["down_out"], 1)

	def test_a_customer_edited_in_its_form_is_counted(self):
		w = self.w
		customer = frappe.get_doc("CP Customer", w.cust_c)
		customer.industry = INDUSTRY
		customer.save(ignore_permissions=True)
		self.assertNotIn(w.rep_c, self.current(w.admin))
		self.assert_same_as_live()
		profile = {
			r.value: r.customers for r in customer_profile("industry", {"team": f"{PREFIX} South"}, w.admin)
		}
		self.assertEqual(profile, {INDUSTRY: 1})

	def test_a_cut_month_is_read_from_the_rollup_when_the_owners_rows_lie_inside_the_dates(self):
		w = self.w
		parts = rollup.split(w.admin, {"sales_owner": w.rep_a})
		# February cut at the 14th: rep A's only February order (the 20th) lies inside
		feb = rollup.pieces(TABLE, MONTH, "2025-02-14", "2025-06-30", parts, period_type=MONTH)[-1]
		self.assertEqual((feb.labels, feb.owners, feb.live), (["2025-02"], [w.rep_a], None))
		# cut at the 19th it does not: rep A is read live for those days
		feb = rollup.pieces(TABLE, MONTH, "2025-02-01", "2025-02-19", parts, period_type=MONTH)[-1]
		self.assertEqual((feb.labels, feb.owners), (["2025-02"], []))
		self.assertIsNotNone(feb.live)
		self.assertEqual(
			normalised(
				trend_by_period(MONTH, "2025-02-01", "2025-02-19", {"sales_owner": w.rep_a}, w.admin)[0]
			),
			{},
		)
		self.assertEqual(
			normalised(
				trend_by_period(MONTH, "2025-02-14", "2025-02-20", {"sales_owner": w.rep_a}, w.admin)[0]
			),
			{"2025-02": (1, 200.0, 1)},
		)

	def test_a_scheduled_rebuild_stops_at_its_budget_and_the_next_one_goes_on(self):
		from unittest.mock import patch

		from crm_plus.rollup import build

		w = self.w
		frappe.db.sql(
			"update `tabCP Customer` set `sales_owner` = %s where `name` in %s",
			(w.rep_c, [w.cust_b, w.cust_pool]),
		)
		with patch.object(build, "BATCH", 1), patch.object(build, "STALE_BUDGET", 0):
			self.assertEqual([build.refresh_stale() for _run in range(4)], [1, 1, 1, 0])
		self.assertIsNone(rollup.split(w.admin).live)
		self.assert_same_as_live()

	def test_rep_performance_from_the_rollup(self):
		"""Rep A as the East manager sees it over 2025: figures from the rollup alone, checked by hand."""
		w = self.w
		parts = rollup.split(w.mgr_east, owners=reps_in_view(w.mgr_east))
		self.assertIsNone(parts.live)
		rows = rep_performance("2025-01-01", "2025-12-31", user=w.mgr_east)
		a = rows[w.rep_a]
		# orders 100 + 200 + 400 (the cancelled one does not count); follow-ups rep A recorded on customers
		# the manager sees (cust_a, the pool's, cust_shared); open alerts of rep A's customers
		self.assertEqual((a["orders"], a["amount"], a["follow_ups"], a["churn_alerts"]), (3, 700.0, 3, 2))
		self.assertEqual((rows[w.rep_b]["follow_ups"], rows[w.rep_b]["churn_alerts"]), (2, 2))

	def test_alerts_the_churn_scan_closes_or_raises_after_the_build_are_counted(self):
		from crm_plus.churn.run import scan

		w = self.w
		result = scan([w.cust_shared], notify=False)
		self.assertGreaterEqual(result.closed, 1)
		self.assertNotIn(w.rep_b, self.current(w.admin))
		self.assert_same_as_live()

	def test_a_renamed_industry_makes_every_owner_live(self):
		frappe.rename_doc("CP Industry", INDUSTRY, f"{INDUSTRY} 新", force=True)
		self.assertEqual(self.current(self.w.admin), [])
		self.assert_same_as_live()

	def test_filters_on_customer_attributes_read_live(self):
		for field in rollup.CUSTOMER_FILTERS:
			self.assertIsNone(rollup.split(self.w.admin, {field: "x"}))

	def test_rows_of_an_owner(self):
		"""The rows themselves: per month, quarter and year; distinct customers per period, not summed."""
		w = self.w
		rows = {
			(r[0], r[1]): r[2:]
			for r in frappe.db.sql(
				f"""select `period_type`, `period`, `orders`, `amount`, `customers`, `follow_ups`
				from `{TABLE}` where `owner_key` = %s""",
				w.rep_b,
			)
		}
		self.assertEqual(rows[(MONTH, "2025-03")][:1] + rows[(MONTH, "2025-03")][2:], (1, 1, 1))
		self.assertEqual(float(rows[(QUARTER, "2025-Q1")][1]), 120.0)  # 70 of cust_b + 50 of cust_shared
		self.assertEqual(rows[(QUARTER, "2025-Q1")][2], 2)
		self.assertEqual(rows[(QUARTER, "2025-Q2")][:1] + rows[(QUARTER, "2025-Q2")][2:], (1, 1, 0))
		self.assertEqual(rows[(YEAR, "2025")][0], 3)
		self.assertEqual(rows[(YEAR, "2025")][2], 2)  # two customers, though cust_b ordered in two quarters
		state = frappe.db.sql(
			f"select `version` = `built_version`, `customers` from `{OWNERS}` where `owner_key` = %s", w.rep_b
		)
		self.assertEqual(state[0][0], 1)

	def test_split_range_covers_the_dates_exactly(self):
		day = getdate("2024-11-20")
		for offset, length, period in itertools.product(range(0, 120, 7), (0, 1, 30, 45, 95, 400), PERIODS):
			start = add_days(day, offset)
			end = add_days(start, length)
			whole, edges = split_range(start, end, period)
			pieces = ([whole] if whole else []) + edges
			days = sorted(
				getdate(add_days(a, i)) for a, b in pieces for i in range((getdate(b) - getdate(a)).days + 1)
			)
			self.assertEqual(
				days, [getdate(add_days(start, i)) for i in range(length + 1)], (start, end, period)
			)
			if whole:  # whole periods are whole: they begin and end where their periods do
				self.assertEqual(bounds(whole[0], period)[0], getdate(whole[0]))
				self.assertEqual(bounds(whole[1], period)[1], getdate(whole[1]))
			for a, b in edges:  # a cut range lies inside one period
				self.assertEqual(period_of(a, period), period_of(b, period))
