"""The demo steps for sales records and suppliers write data the app itself would accept, shaped the
way grading and churn work needs it. Runs the steps at a small size inside the test's transaction."""

import random

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, today

from crm_plus.demo import DemoContext, sales, suppliers
from crm_plus.demo import customers as demo_customers
from crm_plus.follow_ups import due_follow_ups
from crm_plus.orders import CANCELLED, STATUSES
from crm_plus.tests.factories import VisibilityWorld

CUSTOMERS, ORDERS, LINES = 300, 900, 4


class TestDemoSales(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		w = VisibilityWorld("DMO")
		cls.ctx = DemoContext(CUSTOMERS, ORDERS, LINES, random.Random(7), progress=lambda msg: None)
		cls.ctx.teams = {"DMO East": {"manager": w.mgr_east, "reps": [w.rep_a, w.rep_b]}}
		cls.ctx.reps = [w.rep_a, w.rep_b]
		cls.ctx.managers = [w.mgr_east]
		cls.existing_customers = set(frappe.get_all("CP Customer", pluck="name"))
		demo_customers.make_customers(cls.ctx)
		cls.existing_orders = set(frappe.get_all("CP Order", pluck="name"))
		for step in (
			sales.make_products,
			sales.make_orders,
			sales.make_follow_ups,
			sales.make_contracts,
			sales.make_complaints,
			suppliers.make_suppliers,
		):
			step(cls.ctx)

	def sql(self, query, *args):
		return frappe.db.sql(query, args)  # nosemgrep: fixed test queries

	def test_orders_have_exactly_the_lines_asked_for_and_consistent_totals(self):
		names = sorted(set(frappe.get_all("CP Order", pluck="name")) - self.existing_orders)
		self.assertEqual(len(names), ORDERS)
		self.assertEqual(frappe.db.count("CP Order Item", {"parent": ("in", names)}), ORDERS * LINES)
		mismatched = self.sql(
			"""select o.name from `tabCP Order` o
			join (select parent, sum(amount) amount, sum(qty) qty from `tabCP Order Item` group by parent) i
				on i.parent = o.name
			where o.name in %s and (abs(i.amount - o.total_amount) > 0.01 or abs(i.qty - o.total_qty) > 0.001)""",
			names,
		)
		self.assertEqual(mismatched, ())
		statuses = set(frappe.get_all("CP Order", filters={"name": ("in", names)}, pluck="status"))
		self.assertTrue(statuses <= set(STATUSES))
		self.assertIn("Completed", statuses)
		self.assertEqual(
			frappe.db.count("CP Order", {"name": ("in", names), "order_date": (">", today())}), 0
		)

	def test_orders_show_active_lapsed_and_cancelled_only_customers(self):
		demo = [c for c, _owner in self.ctx.shared["customers"]]
		rows = self.sql(
			"""select customer, max(order_date), sum(status != %s) from `tabCP Order`
			where customer in %s group by customer""",
			CANCELLED,
			demo,
		)
		last = {c: getdate(d) for c, d, _n in rows}
		recent = [c for c, d in last.items() if d >= getdate(add_days(today(), -90))]
		lapsed = [c for c, d in last.items() if d < getdate(add_days(today(), -90))]
		cancelled_only = [c for c, _d, not_cancelled in rows if not not_cancelled]
		self.assertGreater(len(recent), len(lapsed))
		self.assertTrue(lapsed)
		self.assertTrue(cancelled_only)
		self.assertLess(len(last), CUSTOMERS)  # some never ordered
		oldest = min(last.values())
		self.assertLess(oldest, getdate(add_days(today(), -2 * 365)))

	def test_a_sample_of_every_record_passes_its_own_validation(self):
		for doctype in (
			"CP Order",
			"CP Follow Up",
			"CP Contract",
			"CP Complaint",
			"CP Supplier",
			"CP Supplier Delivery",
			"CP Supplier Quality Evaluation",
			"CP Product",
		):
			for name in frappe.get_all(doctype, pluck="name", order_by="modified desc", limit=25):
				doc = frappe.get_doc(doctype, name)
				doc.run_method("validate")

	def test_follow_ups_set_last_follow_up_dates_and_some_are_due(self):
		mismatched = self.sql(
			"""select c.name from `tabCP Customer` c
			left join (select customer, max(follow_up_date) d from `tabCP Follow Up`
				where party_type = 'Customer' group by customer) f on f.customer = c.name
			where not (c.last_follow_up_date <=> f.d)"""
		)
		self.assertEqual(mismatched, ())
		self.assertTrue(due_follow_ups())
		future = frappe.db.count("CP Follow Up", {"follow_up_date": (">", today())})
		self.assertEqual(future, 0)

	def test_complaints_include_old_unresolved_ones(self):
		old_open = frappe.db.count(
			"CP Complaint", {"status": ("!=", "Resolved"), "complaint_date": ("<", add_days(today(), -7))}
		)
		self.assertGreater(old_open, 0)
		self.assertEqual(
			frappe.db.count("CP Complaint", {"status": "Resolved", "resolution_date": ("is", "not set")}), 0
		)

	def test_suppliers_are_scored_and_some_are_customers_too(self):
		scored = frappe.get_all(
			"CP Supplier", filters={"supplier_rating": ("in", ["A", "B", "C", "D"])}, pluck="name"
		)
		self.assertGreaterEqual(len(scored), suppliers.MIN_SUPPLIERS)
		partners = frappe.get_all(
			"CP Supplier", filters={"customer": ("is", "set")}, fields=["customer", "supplier_name"]
		)
		self.assertTrue(partners)
		for p in partners:
			self.assertEqual(frappe.db.get_value("CP Customer", p.customer, "customer_name"), p.supplier_name)

	def test_demo_rows_are_stamped_in_the_sites_time_zone(self):
		"""List views say "just now", not "8 hours ago", on a site whose time zone is not the server's."""
		from frappe.utils import now_datetime, time_diff_in_seconds

		names = sorted(set(frappe.get_all("CP Customer", pluck="name")) - self.existing_customers)
		self.assertTrue(names)
		for created in frappe.get_all("CP Customer", {"name": ("in", names[:50])}, pluck="creation"):
			self.assertLess(abs(time_diff_in_seconds(now_datetime(), created)), 600, created)

	def test_on_an_erpnext_site_the_demo_mirrors_the_orders_as_sales_invoices(self):
		from crm_plus.demo.erpnext import make_erpnext_sales
		from crm_plus.tests.requirements import has_erpnext

		self.ctx.erpnext = True
		try:
			if not has_erpnext():
				self.assertRaises(frappe.ValidationError, make_erpnext_sales, self.ctx)
				return
			make_erpnext_sales(self.ctx)
		finally:
			self.ctx.erpnext = False
		names = sorted(set(frappe.get_all("CP Order", pluck="name")) - self.existing_orders)
		orders = self.sql(
			"""select count(*), sum(total_amount) from `tabCP Order`
			where name in %s and status in ('Confirmed', 'Shipped', 'Delivered', 'Completed')""",
			names,
		)[0]
		invoices = self.sql(
			"""select count(*), sum(base_net_total) from `tabSales Invoice`
			where name in %s and docstatus = 1 and is_return = 0""",
			[f"SINV-DEMO-{n}" for n in names],
		)[0]
		self.assertEqual((invoices[0], round(invoices[1], 2)), (orders[0], round(orders[1], 2)))
		self.assertEqual(
			frappe.db.get_single_value("CP ERPNext Settings", "order_source"), "ERPNext Sales Invoices"
		)
		frappe.db.set_single_value("CP ERPNext Settings", "order_source", "CRM Plus Orders")
		unlinked = self.sql(
			"select count(*) from `tabCP Customer` where name not in %s and erpnext_customer is null",
			list(self.existing_customers) or ["-"],
		)[0][0]
		self.assertEqual(unlinked, 0)
