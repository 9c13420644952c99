"""The analysis reports: exact figures on a small world, and visibility — a rep's report covers
only the customers the rep may see, a manager's their team's (and the pool), through
frappe.desk.query_report.run and the Excel export (frappe.desk.query_report.export_query) as well;
the workspace's number cards and charts as a rep.

The world (VisibilityWorld "ANR": reps A, B in team East under mgr_east, rep C in South under mgr_south):
every customer is in region ANR_REGION so the reports can be narrowed to this world's records.

	customer   owner   industry  grade  counted orders (Jan–Feb 2026)        follow-ups (owner)
	cust_a     rep A   制造       A      2026-01-15 1000, 2026-02-10 500       01-05 (A), 02-06 (A)
	                                    (+ 2026-02-20 300 cancelled: not counted)
	cust_b     rep B   贸易       B      2026-01-20 2000
	shared     rep B   贸易       A      2026-02-05 400            (shared with rep A)
	cust_c     rep C   化工       S      2026-01-25 70000                      01-07 (C)
	pool       —       —          —      —
"""

import io
import json

import frappe
from frappe import _
from frappe.desk import query_report
from frappe.desk.doctype.number_card.number_card import get_result as number_card_result
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_months, get_first_day, nowdate

from crm_plus.analysis import period_of
from crm_plus.tests.factories import (
	VisibilityWorld,
	make_case_study,
	make_competing_product,
	make_competitor,
	make_follow_up,
	make_master,
	make_product,
	make_product_price,
	make_sales_order,
)

PREFIX = "ANR"
REGION = "ANR 华东测试区"
FORECAST_REGION = "ANR 预测测试区"
MANUFACTURING, TRADE, CHEMICALS = "ANR 制造", "ANR 贸易", "ANR 化工"
JAN_FEB = {"from_date": "2026-01-01", "to_date": "2026-02-28"}


def run(user: str, report: str, **filters) -> dict:
	previous = frappe.session.user
	frappe.set_user(user)
	try:
		return query_report.run(report, filters=filters, ignore_prepared_report=True)
	finally:
		frappe.set_user(previous)


def by(result: dict, key: str) -> dict:
	return {row[key]: row for row in result["result"]}


def summary(result: dict) -> dict:
	return {item["label"]: item["value"] for item in result.get("report_summary") or []}


def export_rows(user: str, report: str, **filters) -> list[list]:
	"""The rows of the Excel file the report's "Export" gives `user`."""
	from openpyxl import load_workbook

	previous = frappe.session.user
	frappe.set_user(user)
	try:
		frappe.local.form_dict = frappe._dict(
			report_name=report, file_format_type="Excel", filters=json.dumps(filters), visible_idx="[]"
		)
		frappe.response.pop("filecontent", None)
		query_report.export_query()
		content = frappe.response["filecontent"]
	finally:
		frappe.set_user(previous)
	sheet = load_workbook(io.BytesIO(content)).active
	return [list(row) for row in sheet.iter_rows(values_only=True)]


class TestAnalysisReports(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = w = VisibilityWorld(PREFIX)
		make_master("CP Region", REGION)
		make_master("CP Region", FORECAST_REGION)
		for industry in (MANUFACTURING, TRADE, CHEMICALS):
			make_master("CP Industry", industry)
		attributes = {
			w.cust_a: (MANUFACTURING, "A"),
			w.cust_b: (TRADE, "B"),
			w.cust_shared: (TRADE, "A"),
			w.cust_c: (CHEMICALS, "S"),
			w.cust_pool: (None, None),
		}
		for customer, (industry, grade) in attributes.items():
			frappe.db.set_value(
				"CP Customer", customer, {"region": REGION, "industry": industry, "grade": grade}
			)
		product = f"{PREFIX} 测试产品"
		for customer, remarks, day, amount, status in (
			(w.cust_a, "jan", "2026-01-15", 1000, "Completed"),
			(w.cust_a, "feb", "2026-02-10", 500, "Delivered"),
			(w.cust_a, "cancelled", "2026-02-20", 300, "Cancelled"),
			(w.cust_b, "jan", "2026-01-20", 2000, "Completed"),
			(w.cust_shared, "feb", "2026-02-05", 400, "Confirmed"),
			(w.cust_c, "jan", "2026-01-25", 70000, "Shipped"),
		):
			make_sales_order(customer, f"{PREFIX} {remarks}", day, [(product, 1, amount)], status)
		make_follow_up(
			w.cust_a,
			f"{PREFIX} first call",
			follow_up_date="2026-01-05",
			next_follow_up_date="2026-01-10",
			follow_up_owner=w.rep_a,
		)
		make_follow_up(
			w.cust_a,
			f"{PREFIX} second call",
			follow_up_date="2026-02-06",
			next_follow_up_date="2026-02-20",
			follow_up_owner=w.rep_a,
		)
		make_follow_up(
			w.cust_c,
			f"{PREFIX} visit",
			follow_up_date="2026-01-07",
			next_follow_up_date=add_days(nowdate(), 5),
			follow_up_owner=w.rep_c,
		)
		for customer, cause, status in (
			(w.cust_a, "No Order", "Open"),
			(w.cust_b, "No Follow-up", "Acknowledged"),
			(w.cust_b, "No Order", "Closed"),
		):
			frappe.get_doc(
				{"doctype": "CP Churn Alert", "customer": customer, "cause": cause, "status": status}
			).insert(ignore_permissions=True)
		for customer, old, new, day in (
			(w.cust_a, "B", "A", "2026-02-01 10:00:00"),
			(w.cust_b, "A", "B", "2026-02-02 10:00:00"),
			(w.cust_c, None, "S", "2026-02-03 10:00:00"),
			(w.cust_a, "C", "B", "2025-06-01 10:00:00"),  # outside the period
		):
			frappe.get_doc(
				{
					"doctype": "CP Grade History",
					"customer": customer,
					"from_grade": old,
					"to_grade": new,
					"changed_on": day,
					"source": "Manual Override",
				}
			).insert(ignore_permissions=True)

	def setUp(self):
		frappe.db.savepoint("analysis_reports")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="analysis_reports")

	# --- CP Sales Trend ------------------------------------------------------------------------

	def trend(self, user, **filters):
		return by(
			run(
				user, "CP Sales Trend", region=REGION, from_date="2026-01-01", to_date="2026-03-31", **filters
			),
			"period",
		)

	def test_sales_trend_by_month_for_each_user(self):
		w = self.w
		expected = {
			# user: {month: (orders, amount, follow-ups)}
			w.rep_a: {"2026-01": (1, 1000, 1), "2026-02": (2, 900, 1), "2026-03": (0, 0, 0)},
			w.rep_b: {"2026-01": (1, 2000, 0), "2026-02": (1, 400, 0), "2026-03": (0, 0, 0)},
			w.rep_c: {"2026-01": (1, 70000, 1), "2026-02": (0, 0, 0), "2026-03": (0, 0, 0)},
			w.mgr_east: {"2026-01": (2, 3000, 1), "2026-02": (2, 900, 1), "2026-03": (0, 0, 0)},
			w.admin: {"2026-01": (3, 73000, 2), "2026-02": (2, 900, 1), "2026-03": (0, 0, 0)},
			w.outsider: None,
		}
		for user, months in expected.items():
			if months is None:
				self.assertRaises(frappe.PermissionError, self.trend, user)
				continue
			rows = self.trend(user)
			self.assertEqual(list(rows), ["2026-01", "2026-02", "2026-03"], user)
			got = {p: (r["orders"], r["amount"], r["follow_ups"]) for p, r in rows.items()}
			self.assertEqual(got, months, user)

	def test_sales_trend_by_quarter_and_year_and_filters(self):
		w = self.w
		self.assertEqual(self.trend(w.mgr_east, period="Quarter")["2026-Q1"]["amount"], 3900)
		self.assertEqual(self.trend(w.mgr_east, period="Quarter")["2026-Q1"]["customers"], 3)
		self.assertEqual(self.trend(w.admin, period="Year")["2026"]["orders"], 5)
		# a manager narrowed to one rep / one grade / the other team
		self.assertEqual(self.trend(w.mgr_east, sales_owner=w.rep_b)["2026-01"]["amount"], 2000)
		self.assertEqual(self.trend(w.mgr_east, sales_owner=w.rep_b)["2026-02"]["amount"], 400)
		self.assertEqual(self.trend(w.mgr_east, grade="A")["2026-02"]["amount"], 900)
		self.assertEqual(self.trend(w.admin, team=f"{PREFIX} South")["2026-01"]["amount"], 70000)
		# a manager asking for another team's rep gets nothing of theirs
		self.assertEqual(self.trend(w.mgr_east, sales_owner=w.rep_c)["2026-01"]["amount"], 0)
		self.assertEqual(self.trend(w.mgr_east, team=f"{PREFIX} South")["2026-01"]["orders"], 0)

	# --- CP Customer Profile -------------------------------------------------------------------

	def profile(self, user, dimension):
		return by(run(user, "CP Customer Profile", dimension=dimension, region=REGION), "value")

	def test_customer_profile_by_industry_counts_only_visible_customers(self):
		w = self.w
		rows = self.profile(w.rep_a, "industry")
		self.assertEqual(set(rows), {MANUFACTURING, TRADE})
		self.assertEqual((rows[MANUFACTURING]["customers"], rows[MANUFACTURING]["amount"]), (1, 1500))
		self.assertEqual(
			(rows[TRADE]["customers"], rows[TRADE]["orders"], rows[TRADE]["amount"]), (1, 1, 400)
		)
		rows = self.profile(w.mgr_east, "industry")
		self.assertEqual(
			{k: v["customers"] for k, v in rows.items()}, {MANUFACTURING: 1, TRADE: 2, _("Not Set"): 1}
		)
		self.assertEqual(rows[TRADE]["amount"], 2400)
		self.assertEqual(rows[TRADE]["share"], 50.0)
		self.assertEqual(set(self.profile(w.rep_c, "industry")), {CHEMICALS})

	def test_customer_profile_by_grade_and_amount_band(self):
		w = self.w
		self.assertEqual(
			{k: v["customers"] for k, v in self.profile(w.mgr_east, "grade").items()},
			{"A": 2, "B": 1, _("Not Set"): 1},
		)
		self.assertEqual(
			{k: v["customers"] for k, v in self.profile(w.mgr_east, "amount_band").items()},
			{_("Under 10K"): 3, _("No Orders"): 1},
		)
		self.assertEqual(
			{k: v["customers"] for k, v in self.profile(w.mgr_south, "amount_band").items()},
			{_("50K – 200K"): 1, _("No Orders"): 1},
		)
		result = run(w.rep_a, "CP Customer Profile", dimension="industry", region=REGION)
		self.assertEqual(result["chart"]["type"], "pie")
		self.assertEqual(sorted(result["chart"]["data"]["labels"]), sorted([MANUFACTURING, TRADE]))

	# --- CP Grade Distribution -----------------------------------------------------------------

	def test_grade_distribution(self):
		w = self.w
		rows = by(run(w.mgr_east, "CP Grade Distribution", region=REGION), "grade")
		self.assertEqual(
			{g: r["customers"] for g, r in rows.items() if r["customers"]},
			{"A": 2, "B": 1, _("Not Graded"): 1},
		)
		rows = by(run(w.rep_a, "CP Grade Distribution", region=REGION), "grade")
		self.assertEqual({g: r["customers"] for g, r in rows.items() if r["customers"]}, {"A": 2})

	def test_grade_movement(self):
		w = self.w

		def moves(user):
			result = run(
				user,
				"CP Grade Distribution",
				mode="Movement",
				region=REGION,
				from_date="2026-01-01",
				to_date="2026-03-31",
			)
			rows = {
				g: {
					k: v
					for k, v in r.items()
					if k in ("up_in", "down_in", "up_out", "down_out", "first") and v
				}
				for g, r in by(result, "grade").items()
			}
			return {g: r for g, r in rows.items() if r}, summary(result)

		rows, totals = moves(w.rep_a)
		self.assertEqual(rows, {"A": {"up_in": 1}, "B": {"up_out": 1}})
		self.assertEqual((totals[_("Upgrades")], totals[_("Downgrades")]), (1, 0))
		rows, totals = moves(w.mgr_east)
		self.assertEqual(rows, {"A": {"up_in": 1, "down_out": 1}, "B": {"up_out": 1, "down_in": 1}})
		self.assertEqual(
			(totals[_("Upgrades")], totals[_("Downgrades")], totals[_("First Graded")]), (1, 1, 0)
		)
		rows, totals = moves(w.rep_c)
		self.assertEqual(rows, {"S": {"first": 1}})

	# --- CP Rep Performance --------------------------------------------------------------------

	def performance(self, user, **filters):
		return by(run(user, "CP Rep Performance", **{**JAN_FEB, **filters}), "rep")

	def test_rep_performance(self):
		w = self.w
		figures = ("customers", "new_customers", "follow_ups", "orders", "amount", "churn_alerts")
		rows = self.performance(w.rep_a)
		self.assertEqual(set(rows), {w.rep_a})  # a rep sees only their own row
		self.assertEqual(tuple(rows[w.rep_a][k] for k in figures), (1, 0, 2, 2, 1500, 1))
		rows = self.performance(w.mgr_east)
		self.assertEqual(set(rows), {w.rep_a, w.rep_b, w.mgr_east})
		self.assertEqual(tuple(rows[w.rep_b][k] for k in figures), (2, 0, 0, 2, 2400, 1))
		self.assertEqual(tuple(rows[w.mgr_east][k] for k in figures), (0, 0, 0, 0, 0, 0))
		rows = self.performance(w.admin, team=f"{PREFIX} South")
		self.assertEqual(set(rows), {w.rep_c})
		self.assertEqual(tuple(rows[w.rep_c][k] for k in figures), (1, 0, 1, 1, 70000, 0))
		# new customers: the world's customers were created today
		rows = self.performance(w.mgr_east, from_date=nowdate(), to_date=nowdate())
		self.assertEqual(rows[w.rep_b]["new_customers"], 2)
		self.assertEqual(rows[w.rep_b]["orders"], 0)

	# --- CP Competitor Comparison --------------------------------------------------------------

	def make_competition(self):
		w = self.w
		competitor = make_competitor(f"{PREFIX} 竞争对手甲", threat_level="High")
		ours = make_product(f"{PREFIX} 我方轴承", standard_price=120)
		make_product_price(ours, 100, valid_from="2026-01-01")
		other = make_product(f"{PREFIX} 我方电机", standard_price=100)
		make_competing_product(f"{PREFIX} 对手轴承", competitor, price=90, our_product=ours)
		make_competing_product(f"{PREFIX} 对手电机", competitor, price=200, our_product=other)
		for title, customer, case_type, outcome, day in (
			(f"{PREFIX} 案例 A", w.cust_a, "Success", "Won", "2026-02-01"),
			(f"{PREFIX} 案例 C", w.cust_c, "Failure", "Lost", "2026-02-01"),
			(f"{PREFIX} 案例 库", None, "Failure", None, "2025-06-01"),
		):
			make_case_study(
				title,
				customer,
				case_type,
				closing_date=day,
				competitors=[{"competitor": competitor, "outcome": outcome}],
			)
		return competitor

	def test_competitor_comparison(self):
		w = self.w
		competitor = self.make_competition()

		def row(user, **filters):
			return by(run(user, "CP Competitor Comparison", competitor=competitor, **filters), "competitor")[
				competitor
			]

		got = row(w.rep_a)
		self.assertEqual((got["cases"], got["won"], got["lost"], got["win_rate"]), (2, 1, 1, 50.0))
		self.assertEqual((got["products"], got["price_index"], got["position"]), (2, 145.0, _("Pricier")))
		got = row(w.rep_c)
		self.assertEqual((got["cases"], got["won"], got["lost"]), (2, 0, 2))
		got = row(w.admin)
		self.assertEqual((got["cases"], got["won"], got["lost"]), (3, 1, 2))
		got = row(w.admin, from_date="2026-01-01")
		self.assertEqual((got["cases"], got["won"], got["lost"]), (2, 1, 1))
		products = by(
			run(w.rep_a, "CP Competitor Comparison", competitor=competitor, view="Products"), "product_name"
		)
		bearing = products[f"{PREFIX} 对手轴承"]
		self.assertEqual(
			(bearing["our_price"], bearing["index"], bearing["position"]), (100, 90.0, _("Cheaper"))
		)
		self.assertEqual(products[f"{PREFIX} 对手电机"]["index"], 200.0)

	# --- CP Sales Forecast ---------------------------------------------------------------------

	def test_sales_forecast_continues_a_line_and_shows_the_held_out_error(self):
		w = self.w
		forecast_customer = self.forecast_customer()
		start = add_months(get_first_day(nowdate()), -8)
		for i in range(8):  # the 8 complete months before this one: 1000, 1100, ... 1700
			day = add_days(add_months(start, i), 9)
			make_sales_order(
				forecast_customer, f"{PREFIX} fc {i}", day, [(f"{PREFIX} 测试产品", 1, 1000 + 100 * i)]
			)
		filters = dict(region=FORECAST_REGION, period="Month", horizon=3, holdout=3, history=8)
		result = run(w.rep_c, "CP Sales Forecast", **filters)
		rows = result["result"]
		self.assertEqual([r["actual"] for r in rows[:8]], [1000.0 + 100 * i for i in range(8)])
		future = [r for r in rows if r["actual"] is None]
		self.assertEqual(
			[r["period"] for r in future], [period_of(add_months(start, 8 + i), "Month") for i in range(3)]
		)
		self.assertEqual([round(r["forecast"], 2) for r in future], [1800.0, 1900.0, 2000.0])
		held = [r for r in rows if r["actual"] is not None and r["forecast"] is not None]
		self.assertEqual([round(r["forecast"], 2) for r in held], [1500.0, 1600.0, 1700.0])
		totals = summary(result)
		self.assertEqual(totals[_("Held-out MAE (last {0} periods)").format(3)], 0)
		self.assertEqual(totals[_("Method")], _("Holt linear trend"))
		self.assertEqual(len(result["chart"]["data"]["labels"]), 11)
		# rep A does not see the customer: no history, nothing forecast
		result = run(w.rep_a, "CP Sales Forecast", **filters)
		self.assertEqual({r["actual"] for r in result["result"][:8]}, {0.0})
		self.assertEqual({r["forecast"] for r in result["result"][8:]}, {0.0})

	def forecast_customer(self):
		from crm_plus.tests.factories import make_customer

		name = make_customer(f"{PREFIX} 预测客户有限公司", self.w.rep_c)
		frappe.db.set_value("CP Customer", name, "region", FORECAST_REGION)
		return name

	# --- Excel export ----------------------------------------------------------------------------

	def test_excel_export_of_a_report_has_exactly_what_the_user_sees(self):
		w = self.w
		filters = dict(region=REGION, from_date="2026-01-01", to_date="2026-02-28", period="Month")
		rows = export_rows(w.rep_a, "CP Sales Trend", **filters)
		data = {r[0]: r for r in rows[1:] if r and r[0]}
		self.assertEqual(data["2026-01"][1:3], [1, 1000])
		self.assertEqual(data["2026-02"][1:3], [2, 900])
		rows = export_rows(w.rep_c, "CP Customer Profile", dimension="industry", region=REGION)
		values = {r[0] for r in rows[1:] if r}
		self.assertIn(CHEMICALS, values)
		self.assertFalse({MANUFACTURING, TRADE} & values)
		rows = export_rows(w.mgr_east, "CP Rep Performance", **JAN_FEB)
		self.assertFalse({w.rep_c} & {r[0] for r in rows[1:] if r})

	def test_a_user_without_the_reports_role_is_refused(self):
		outsider = self.w.outsider  # a price manager: no customer rights
		self.assertRaises(frappe.PermissionError, run, outsider, "CP Customer Profile", dimension="industry")
		self.assertRaises(frappe.PermissionError, run, outsider, "CP Rep Performance")

	# --- workspace cards and charts --------------------------------------------------------------

	def card(self, name: str, user: str):
		doc = frappe.get_doc("Number Card", name)
		previous = frappe.session.user
		frappe.set_user(user)
		try:
			if doc.type == "Custom":
				return frappe.call(doc.method, filters=doc.filters_json)["value"]
			return number_card_result(doc.as_dict(), doc.filters_json)
		finally:
			frappe.set_user(previous)

	def test_number_cards_as_a_rep(self):
		w = self.w
		self.assertEqual(self.card("My Customers", w.rep_a), 2)
		self.assertEqual(self.card("My Customers", w.rep_c), 1)
		self.assertEqual(self.card("Open Churn Alerts", w.rep_a), 1)
		self.assertEqual(self.card("Open Churn Alerts", w.rep_b), 1)  # acknowledged counts, closed not
		self.assertEqual(self.card("Open Churn Alerts", w.rep_c), 0)
		# follow-ups due: cust_a's latest plans 2026-02-20 (due); its first is superseded; cust_c's is ahead
		self.assertEqual(self.card("Follow-ups Due", w.rep_a), 1)
		self.assertEqual(self.card("Follow-ups Due", w.rep_b), 0)
		self.assertEqual(self.card("Follow-ups Due", w.rep_c), 0)

	def test_report_charts_of_the_workspace_as_a_rep(self):
		w = self.w
		for chart_name in ("Monthly Sales", "Customers by Grade"):
			chart = frappe.get_doc("Dashboard Chart", chart_name)
			self.assertEqual(chart.chart_type, "Report")
			filters = {**json.loads(chart.filters_json), "region": REGION}
			result = run(w.rep_a, chart.report_name, **filters)
			self.assertTrue(result["chart"], chart_name)
		chart = frappe.get_doc("Dashboard Chart", "Customers by Grade")
		result = run(w.rep_a, chart.report_name, **{**json.loads(chart.filters_json), "region": REGION})
		values = dict(
			zip(
				result["chart"]["data"]["labels"],
				result["chart"]["data"]["datasets"][0]["values"],
				strict=True,
			)
		)
		self.assertEqual({k: v for k, v in values.items() if v}, {"A": 2})

	def test_a_group_by_dashboard_chart_is_computed_for_each_user(self):
		"""The framework caches chart data by chart name only; crm_plus's override must not hand the
		manager's figures to the rep who opens the chart next."""
		w = self.w
		chart = frappe.get_doc(
			{
				"doctype": "Dashboard Chart",
				"chart_name": f"{PREFIX} customers by grade",
				"chart_type": "Group By",
				"document_type": "CP Customer",
				"group_by_type": "Count",
				"group_by_based_on": "grade",
				"type": "Bar",
				"is_public": 1,
				"filters_json": json.dumps(
					[
						["CP Customer", "region", "=", REGION],
						["CP Customer", "grade", "is", "set"],
					]
				),
			}
		).insert(ignore_permissions=True)
		method = frappe.get_hooks("override_whitelisted_methods")[
			"frappe.desk.doctype.dashboard_chart.dashboard_chart.get"
		][-1]

		def counts(user):
			previous = frappe.session.user
			frappe.set_user(user)
			try:
				data = frappe.call(method, chart_name=chart.name)
			finally:
				frappe.set_user(previous)
			return dict(zip(data["labels"], data["datasets"][0]["values"], strict=True))

		self.assertEqual(counts(w.mgr_east), {"A": 2, "B": 1})
		self.assertEqual(counts(w.rep_a), {"A": 2})
		self.assertEqual(counts(w.rep_c), {"S": 1})
		self.assertEqual(counts(w.mgr_east), {"A": 2, "B": 1})

	def test_the_workspace_shows_the_cards_and_charts(self):
		workspace = frappe.get_doc("Workspace", "CRM Plus")
		self.assertEqual(
			{c.number_card_name for c in workspace.number_cards},
			{"My Customers", "Follow-ups Due", "Open Churn Alerts", "Price Files to Review"},
		)
		self.assertEqual({c.chart_name for c in workspace.charts}, {"Monthly Sales", "Customers by Grade"})
		for card in workspace.number_cards:
			self.assertTrue(frappe.db.exists("Number Card", card.number_card_name))
		links = {l.link_to for l in workspace.links if l.type == "Link"}
		self.assertTrue(
			{
				"CP Customer Profile",
				"CP Sales Trend",
				"CP Sales Forecast",
				"CP Rep Performance",
				"CP Grade Distribution",
				"CP Competitor Comparison",
				"CP Expiring Price Files",
				"CP Customer",  # the existing links stay
			}
			<= links
		)


class TestExpiringPriceFiles(FrappeTestCase):
	"""CP Expiring Price Files follows the price-file rule (crm_plus.permissions.price_file): owners of the
	customer and users a customer or file is shared with see a file; sales managers do not see their
	team's files; price managers see all."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		from crm_plus.tests.price_file_world import PriceFileWorld

		cls.pw = pw = PriceFileWorld("ANX")
		cls.w = pw.w
		today = nowdate()
		for name, days in ((pw.a, 10), (pw.shared, 20), (pw.c, 5), (pw.b, 60)):
			frappe.db.set_value(
				"CP Price File", name, "valid_to", add_days(today, days), update_modified=False
			)

	def setUp(self):
		frappe.db.savepoint("expiring_price_files")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="expiring_price_files")

	def listed(self, user, days=30):
		result = run(user, "CP Expiring Price Files", days=days)
		return {r["price_file"]: r for r in result["result"] if r["price_file"] in self.pw.all}

	def test_each_user_sees_the_files_expiring_that_they_may_see(self):
		pw, w = self.pw, self.w
		expected = {
			w.rep_a: {pw.a, pw.shared},
			w.rep_b: {pw.shared, pw.c},  # c is shared with B on the file; b expires after 30 days
			w.rep_c: {pw.c},
			w.mgr_east: set(),
			pw.pm: {pw.a, pw.shared, pw.c},
		}
		for user, files in expected.items():
			self.assertEqual(set(self.listed(user)), files, user)
		self.assertEqual(set(self.listed(w.rep_b, days=90)), {pw.shared, pw.c, pw.b})
		rows = self.listed(w.rep_a)
		self.assertEqual(rows[pw.a]["days_left"], 10)
		self.assertEqual(rows[pw.a]["sales_owner"], w.rep_a)

	def test_export_follows_the_price_file_export_right(self):
		pw, w = self.pw, self.w
		# sales reps may not export price files at all (CP Price File: no export right)
		self.assertRaises(frappe.PermissionError, export_rows, w.rep_a, "CP Expiring Price Files", days=30)
		rows = export_rows(pw.pm, "CP Expiring Price Files", days=30)
		names = {r[0] for r in rows[1:] if r} & pw.all
		self.assertEqual(names, {pw.a, pw.shared, pw.c})

	def test_the_price_files_to_review_card(self):
		pw, w = self.pw, self.w
		frappe.db.set_value("CP Price File", pw.a, "status", "Pending Review", update_modified=False)
		doc = frappe.get_doc("Number Card", "Price Files to Review")
		for user, expected in ((w.rep_a, 1), (w.rep_c, 0), (w.mgr_east, 0)):
			with self.set_user(user):
				self.assertEqual(number_card_result(doc.as_dict(), doc.filters_json), expected, user)


class TestReportColumns(FrappeTestCase):
	"""A report's fixed columns are its Report JSON's (crm_plus.utils.report.report_columns)."""

	def test_fixed_columns_are_the_report_json_ones_in_order(self):
		reports = frappe.get_all("Report", filters={"module": "CRM Plus", "is_standard": "Yes"}, pluck="name")
		declared = {r: frappe.get_doc("Report", r).columns for r in reports}
		declared = {r: cols for r, cols in declared.items() if cols}
		self.assertGreaterEqual(len(declared), 5)
		for report, cols in declared.items():
			result = query_report.run(report, filters={}, ignore_prepared_report=True)
			shape = lambda c: (c["fieldname"], c["fieldtype"], c.get("options") or None, c["width"])  # noqa: E731
			self.assertEqual(
				[shape(c) for c in result["columns"]],
				[shape(c.as_dict()) for c in cols],
				report,
			)

	def test_the_columns_come_from_the_code_not_from_the_last_migrate(self):
		"""A site whose code is newer than its last migrate (the Report records not yet synced) still
		gets every column: they are read from the JSON shipped with the code."""
		expected = [c["fieldname"] for c in run("Administrator", "CP Sales Trend")["columns"]]
		frappe.db.delete("Report Column", {"parent": "CP Sales Trend"})
		frappe.clear_document_cache("Report", "CP Sales Trend")
		self.assertEqual(
			[c["fieldname"] for c in run("Administrator", "CP Sales Trend")["columns"]], expected
		)
		self.assertEqual(len(expected), 6)

	def test_a_label_is_translated_in_its_report_context(self):
		""" "Name" is 姓名 for a rep, "Error" 误差 for a forecast; elsewhere the framework's words stand."""
		frappe.local.lang = "zh"
		try:
			labels = {
				report: {c["fieldname"]: c["label"] for c in run("Administrator", report)["columns"]}
				for report in ("CP Rep Performance", "CP Sales Forecast")
			}
			self.assertEqual(labels["CP Rep Performance"]["rep_name"], "姓名")
			self.assertEqual(labels["CP Sales Forecast"]["error"], "误差")
			self.assertNotEqual(_("Name"), "姓名")
		finally:
			frappe.local.lang = "en"
