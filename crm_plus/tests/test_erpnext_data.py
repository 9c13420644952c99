"""ERPNext's own sales, items and prices (README, "ERPNext"): grading, churn and the analysis reports read
ERPNext documents when the settings say so; customers and products link to ERPNext's in bulk; approved
price files become ERPNext prices; a supplier's on-time rate comes from its purchases; the account
manager follows the sales owner. On a bare Frappe site the settings and endpoints refuse clearly."""

import io
import unittest

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_months, get_first_day, getdate, nowdate

from crm_plus import churn, grading
from crm_plus.analysis.trend import sales_by_period
from crm_plus.api import erpnext as api
from crm_plus.exceptions import ERPNextNotInstalledError
from crm_plus.integrations.erpnext import bulk
from crm_plus.orders import source
from crm_plus.permissions import roles
from crm_plus.tests.factories import (
	VisibilityWorld,
	approve_price_file,
	make_customer,
	make_price_file,
	make_product,
	make_sales_order,
	make_supplier,
	make_user,
	set_settings,
)
from crm_plus.tests.requirements import has_erpnext

SETTINGS = "CP ERPNext Settings"
PREFIX = "ERD"


class TestWithoutERPNext(FrappeTestCase):
	"""On a bare site only crm_plus's own data can be chosen; on an ERPNext site these hold too."""

	def setUp(self):
		frappe.db.savepoint("erd_bare")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="erd_bare")

	def test_the_settings_offer_erpnext_only_where_it_is_installed(self):
		doc = frappe.get_single(SETTINGS)
		doc.order_source = source.ERPNEXT_INVOICES
		if has_erpnext():
			doc.save()
			self.assertEqual(source.configured(), source.ERPNEXT_INVOICES)
			return
		with self.assertRaises(ERPNextNotInstalledError) as refused:
			doc.save()
		self.assertIn("ERPNext", str(refused.exception))
		self.assertEqual(source.configured(), source.CRM_ORDERS)

	def test_bulk_linking_is_for_administrators_and_needs_erpnext(self):
		rep = make_user("erd-rep@crm-plus.test", [roles.SALES_REP])
		with self.set_user(rep), self.assertRaises(frappe.PermissionError):
			api.link_in_bulk("customers")
		if not has_erpnext():
			self.assertRaises(ERPNextNotInstalledError, api.link_in_bulk, "customers")
		self.assertRaises(frappe.ValidationError, api.link_in_bulk, "orders")


class ERPNextWorld(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.erpnext = has_erpnext()
		if not cls.erpnext:
			return
		cls.company = (
			frappe.defaults.get_global_default("company") or frappe.get_all("Company", pluck="name")[0]
		)
		cls.currency = frappe.get_cached_value("Company", cls.company, "default_currency")
		today = getdate(nowdate())
		for year in (today.year - 1, today.year):
			if not frappe.db.exists("Fiscal Year", str(year)):
				fy = frappe.get_doc(
					{
						"doctype": "Fiscal Year",
						"year": str(year),
						"year_start_date": f"{year}-01-01",
						"year_end_date": f"{year}-12-31",
						"companies": [{"company": cls.company}],
					}
				)
				fy.insert(ignore_permissions=True)

	def setUp(self):
		frappe.db.savepoint("erd")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="erd")

	def erpnext_customer(self, name: str, **fields) -> str:
		return (
			frappe.get_doc(
				{
					"doctype": "Customer",
					"customer_name": name,
					"customer_group": "All Customer Groups",
					"territory": "All Territories",
					**fields,
				}
			)
			.insert()
			.name
		)

	def item(self, code: str, name: str | None = None, stock: bool = False) -> str:
		if not frappe.db.exists("Item", code):
			frappe.get_doc(
				{
					"doctype": "Item",
					"item_code": code,
					"item_name": name or code,
					"item_group": "All Item Groups",
					"stock_uom": "Nos",
					"is_stock_item": int(stock),
				}
			).insert()
		return code

	def invoice(self, customer: str, item: str, amount: float, day, qty: float = 1, submit: bool = True):
		doc = frappe.get_doc(
			{
				"doctype": "Sales Invoice",
				"customer": customer,
				"company": self.company,
				"set_posting_time": 1,
				"posting_date": day,
				"due_date": day,
				"items": [{"item_code": item, "qty": qty, "rate": amount / qty}],
			}
		).insert()
		if submit:
			doc.submit()
		return doc

	def linked_customer(self, title: str, owner: str | None = None) -> tuple[str, str]:
		cp = make_customer(f"{PREFIX} {title}", owner)
		erp = self.erpnext_customer(f"{PREFIX} {title}")
		frappe.db.set_value("CP Customer", cp, "erpnext_customer", erp)
		return cp, erp


class TestSalesFromERPNext(ERPNextWorld):
	def test_grading_counts_submitted_invoices_less_credit_notes_never_cancelled_ones(self):
		from erpnext.controllers.sales_and_purchase_return import make_return_doc

		cp, erp = self.linked_customer("评级客户有限公司")
		item = self.item("ERD-ITEM-A")
		day = add_days(nowdate(), -20)
		self.invoice(erp, item, 1000, day)
		self.invoice(erp, self.item("ERD-ITEM-B"), 500, day)
		self.invoice(erp, item, 9000, day).cancel()  # cancelled: never counts
		returned = self.invoice(erp, item, 300, day)
		credit = make_return_doc("Sales Invoice", returned.name)
		credit.insert()
		credit.submit()  # returned in full: 300 - 300
		self.invoice(erp, item, 7000, day, submit=False)  # a draft: not a sale
		make_sales_order(cp, "erd crm order", day, (("P-STD", 1, 5000),))

		set_settings(SETTINGS, order_source=source.ERPNEXT_INVOICES)
		figures = grading.read_figures([cp], grading.load_rules(), getdate(nowdate()))[cp]
		self.assertEqual((figures.amount, figures.orders, figures.products), (1500.0, 3, 2))

		set_settings(SETTINGS, order_source=source.CRM_ORDERS)
		figures = grading.read_figures([cp], grading.load_rules(), getdate(nowdate()))[cp]
		self.assertEqual((figures.amount, figures.orders), (5000.0, 1))

		set_settings(SETTINGS, order_source=source.CRM_AND_INVOICES)
		figures = grading.read_figures([cp], grading.load_rules(), getdate(nowdate()))[cp]
		self.assertEqual((figures.amount, figures.orders), (6500.0, 4))

	def test_sales_orders_as_the_source(self):
		cp, erp = self.linked_customer("订单客户有限公司")
		so = frappe.get_doc(
			{
				"doctype": "Sales Order",
				"customer": erp,
				"company": self.company,
				"transaction_date": add_days(nowdate(), -5),
				"delivery_date": add_days(nowdate(), 10),
				"items": [{"item_code": self.item("ERD-ITEM-A"), "qty": 2, "rate": 400}],
			}
		).insert()
		so.submit()
		set_settings(SETTINGS, order_source=source.ERPNEXT_ORDERS)
		figures = grading.read_figures([cp], grading.load_rules(), getdate(nowdate()))[cp]
		self.assertEqual((figures.amount, figures.orders), (800.0, 1))

	def test_the_no_order_rule_reads_the_last_invoice(self):
		cp, erp = self.linked_customer("流失客户有限公司")
		set_settings(SETTINGS, order_source=source.ERPNEXT_INVOICES)
		set_settings("CP Churn Settings", no_order_enabled=1, no_order_days=90)
		item = self.item("ERD-ITEM-A")
		self.invoice(erp, item, 100, add_days(nowdate(), -120))
		churn.scan([cp])
		alerts = frappe.get_all("CP Churn Alert", filters={"customer": cp, "status": "Open"}, pluck="cause")
		self.assertIn("No Order", alerts)
		self.invoice(erp, item, 100, add_days(nowdate(), -3))
		churn.scan([cp])
		alerts = frappe.get_all("CP Churn Alert", filters={"customer": cp, "status": "Open"}, pluck="cause")
		self.assertNotIn("No Order", alerts)

	def test_reports_count_only_the_invoices_of_customers_the_user_may_see(self):
		w = VisibilityWorld(PREFIX)
		item = self.item("ERD-ITEM-A")
		for customer, amount in ((w.cust_a, 111), (w.cust_b, 2222)):
			erp = self.erpnext_customer(f"{customer} ERP")
			frappe.db.set_value("CP Customer", customer, "erpnext_customer", erp)
			self.invoice(erp, item, amount, add_days(nowdate(), -2))
		set_settings(SETTINGS, order_source=source.ERPNEXT_INVOICES)
		start, end = add_months(nowdate(), -1), nowdate()
		with self.set_user(w.rep_a):
			mine = sales_by_period("Month", start, end)
		with self.set_user(w.mgr_east):
			team = sales_by_period("Month", start, end)
		self.assertEqual(sum(r.amount for r in mine.values()), 111)
		self.assertEqual(sum(r.amount for r in team.values()), 111 + 2222)

	def test_an_invoice_submitted_or_cancelled_after_the_rollup_was_built_is_counted(self):
		"""The sales rollup (crm_plus.rollup) with ERPNext's invoices as the source: a submission and a
		cancellation make the owner's rows not current, and the figures stay the live queries'."""
		from crm_plus.analysis.trend import trend_by_period
		from crm_plus.rollup import read as rollup
		from crm_plus.rollup.build import refresh

		w = VisibilityWorld(PREFIX)
		item = self.item("ERD-ITEM-A")
		erp = self.erpnext_customer(f"{w.cust_a} ERP")
		frappe.db.set_value("CP Customer", w.cust_a, "erpnext_customer", erp)
		set_settings(SETTINGS, order_source=source.ERPNEXT_INVOICES)
		this_month = get_first_day(nowdate())
		day = add_days(this_month, -20)
		self.invoice(erp, item, 100, day)
		refresh()
		# whole months, so that the rollup answers them
		start, end = add_months(this_month, -2), add_days(this_month, -1)

		def check(amount: float) -> None:
			for user in (w.admin, w.mgr_east, w.rep_a):
				read = trend_by_period("Month", start, end, {"sales_owner": w.rep_a}, user)[0]
				live = trend_by_period(
					"Month", start, end, {"sales_owner": w.rep_a}, user, rollup_read=False
				)[0]
				self.assertEqual(
					{k: (v.orders, float(v.amount)) for k, v in read.items()},
					{k: (v.orders, float(v.amount)) for k, v in live.items()},
					user,
				)
				self.assertEqual(sum(float(v.amount) for v in read.values()), amount, user)

		self.assertIn(w.rep_a, rollup.split(w.admin).current)
		check(100)
		second = self.invoice(erp, item, 250, day)
		self.assertNotIn(w.rep_a, rollup.split(w.admin).current)
		check(350)
		refresh()
		second.reload()
		second.cancel()
		self.assertNotIn(w.rep_a, rollup.split(w.admin).current)
		check(100)


class TestLinkingInBulk(ERPNextWorld):
	def test_customers_by_tax_id_then_name_and_nothing_where_ambiguous(self):
		by_tax = make_customer(f"{PREFIX} 税号客户有限公司", tax_id="91350100M000100Y43")
		erp_tax = self.erpnext_customer("另一个名字", tax_id="91350100M000100Y43")
		by_name = make_customer(f"{PREFIX} 名称客户有限公司")
		erp_name = self.erpnext_customer(
			f"{PREFIX} 名称客户股份有限公司"
		)  # another legal form: the same company
		ambiguous = make_customer(f"{PREFIX} 重名客户有限公司")
		self.erpnext_customer(f"{PREFIX} 重名客户有限公司")
		self.erpnext_customer(f"{PREFIX}  重名客户（有限公司）")
		missing = make_customer(f"{PREFIX} 没有的客户有限公司")

		result = bulk.link_in_bulk_job("customers", "Administrator")
		link = lambda c: frappe.db.get_value("CP Customer", c, "erpnext_customer")  # noqa: E731
		self.assertEqual(
			(link(by_tax), link(by_name), link(ambiguous), link(missing)), (erp_tax, erp_name, None, None)
		)
		self.assertGreaterEqual(result["ambiguous"], 1)
		self.assertGreaterEqual(result["not_found"], 1)
		file = frappe.get_doc("File", {"file_url": result["report"]})
		self.assertTrue(file.is_private)
		from openpyxl import load_workbook

		sheets = load_workbook(io.BytesIO(file.get_content())).worksheets
		cells = {str(c.value) for ws in sheets for row in ws.iter_rows() for c in row}
		self.assertIn(ambiguous, cells)
		self.assertIn(missing, cells)
		# again: nothing linked twice, nothing changed
		again = bulk.link_in_bulk("customers")
		self.assertNotIn(by_tax, [row[0] for row in again.linked])

	def test_products_by_item_code_then_name(self):
		by_code = make_product(f"{PREFIX} 编码产品", product_code="ERD-CODE-1")
		self.item("ERD-CODE-1", "Something else")
		by_name = make_product(f"{PREFIX} 名称产品")
		self.item("ERD-NAME-1", f"{PREFIX} 名称产品")
		bulk.link_in_bulk("products")
		self.assertEqual(frappe.db.get_value("CP Product", by_code, "erpnext_item"), "ERD-CODE-1")
		self.assertEqual(frappe.db.get_value("CP Product", by_name, "erpnext_item"), "ERD-NAME-1")


class TestPricesPublished(ERPNextWorld):
	def setUp(self):
		super().setUp()
		set_settings(SETTINGS, publish_prices=1, price_list="Standard Selling")
		self.cp, self.erp = self.linked_customer("价格客户有限公司")
		self.product = make_product(f"{PREFIX} 价格产品")
		self.item_code = self.item("ERD-PRICE-1")
		frappe.db.set_value("CP Product", self.product, "erpnext_item", self.item_code)
		self.unlinked = make_product(f"{PREFIX} 没有物料的产品")

	def price_file(self, net_base: float, tier: float):
		name = make_price_file(
			self.cp,
			lines=[
				{"product": self.product, "unit_price": net_base * 2, "discount": 50, "min_qty": 1},
				{"product": self.product, "unit_price": tier, "min_qty": 10},
				{"product": self.unlinked, "unit_price": 99},
			],
			currency=frappe.db.get_value("Price List", "Standard Selling", "currency"),
		)
		approve_price_file(name)
		return name

	def rate_in(self, doctype: str, qty: float) -> float:
		doc = frappe.get_doc(
			{
				"doctype": doctype,
				"company": self.company,
				**(
					{"party_name": self.erp, "quotation_to": "Customer"}
					if doctype == "Quotation"
					else {"customer": self.erp}
				),
				"selling_price_list": "Standard Selling",
				"transaction_date": nowdate(),
				"delivery_date": add_days(nowdate(), 7),
				"items": [{"item_code": self.item_code, "qty": qty}],
			}
		)
		doc.insert()
		return doc.items[0].rate

	def test_an_approved_file_becomes_the_customers_prices_and_a_newer_version_replaces_them(self):
		first = self.price_file(80, 70)
		prices = frappe.get_all(
			"Item Price", filters={"reference": f"crm_plus:{first}"}, fields=["customer", "price_list_rate"]
		)
		self.assertEqual([(p.customer, p.price_list_rate) for p in prices], [(self.erp, 80)])
		self.assertEqual(self.rate_in("Quotation", 1), 80)
		self.assertEqual(self.rate_in("Sales Order", 2), 80)
		self.assertEqual(self.rate_in("Sales Order", 12), 70)  # the quantity break
		comments = frappe.get_all(
			"Comment",
			filters={"reference_doctype": "CP Price File", "reference_name": first},
			pluck="content",
		)
		self.assertTrue(any("没有物料的产品" in (c or "") for c in comments), comments)

		# publishing again never duplicates
		from crm_plus.integrations.erpnext.prices import publish

		publish(frappe.get_doc("CP Price File", first))
		self.assertEqual(frappe.db.count("Item Price", {"reference": f"crm_plus:{first}"}), 1)

		# a new version approved: the old prices stop applying, the new ones apply
		from crm_plus.pricing.versions import make_revision

		revision = make_revision(first)
		revision.lines[0].unit_price = 150
		revision.save()
		approve_price_file(revision.name)
		self.assertEqual(frappe.db.count("Item Price", {"reference": f"crm_plus:{first}"}), 0)
		self.assertEqual(frappe.db.count("Pricing Rule", {"title": ("like", f"crm_plus:{first} %")}), 0)
		self.assertEqual(self.rate_in("Sales Order", 1), 75)

	def test_an_expired_file_takes_its_prices_away(self):
		from crm_plus.pricing.reminders import expire_price_files

		name = self.price_file(80, 70)
		frappe.db.set_value("CP Price File", name, "valid_to", add_days(nowdate(), -1))
		expire_price_files()
		self.assertEqual(frappe.db.count("Item Price", {"reference": f"crm_plus:{name}"}), 0)

	def test_a_customer_without_an_erpnext_link_publishes_nothing_and_says_so(self):
		frappe.db.set_value("CP Customer", self.cp, "erpnext_customer", None)
		name = self.price_file(80, 70)
		self.assertEqual(frappe.db.count("Item Price", {"reference": f"crm_plus:{name}"}), 0)
		comments = frappe.get_all(
			"Comment", filters={"reference_doctype": "CP Price File", "reference_name": name}, pluck="content"
		)
		self.assertTrue(any("ERPNext" in (c or "") for c in comments))


class TestSuppliersAndOwners(ERPNextWorld):
	def test_on_time_rate_from_purchase_orders_and_receipts(self):
		from erpnext.buying.doctype.purchase_order.purchase_order import make_purchase_receipt

		from crm_plus.suppliers.rating import recompute_supplier_scores

		supplier = make_supplier(f"{PREFIX} 准时供应商有限公司")
		erp = frappe.get_doc(
			{
				"doctype": "Supplier",
				"supplier_name": f"{PREFIX} 准时供应商",
				"supplier_group": "All Supplier Groups",
			}
		).insert()
		frappe.db.set_value("CP Supplier", supplier, "erpnext_supplier", erp.name)
		item = self.item("ERD-STOCK-1", stock=True)
		warehouse = frappe.db.get_value("Warehouse", {"company": self.company, "is_group": 0})
		for schedule, received in ((-20, -25), (-10, -2)):  # one received early, one late
			po = frappe.get_doc(
				{
					"doctype": "Purchase Order",
					"supplier": erp.name,
					"company": self.company,
					"transaction_date": add_days(nowdate(), -40),
					"schedule_date": add_days(nowdate(), schedule),
					"items": [
						{
							"item_code": item,
							"qty": 1,
							"rate": 10,
							"warehouse": warehouse,
							"schedule_date": add_days(nowdate(), schedule),
						}
					],
				}
			).insert()
			po.submit()
			pr = make_purchase_receipt(po.name)
			pr.set_posting_time = 1
			pr.posting_date = add_days(nowdate(), received)
			pr.insert()
			pr.submit()
		set_settings(SETTINGS, supplier_on_time_from_erpnext=1)
		recompute_supplier_scores([supplier])
		row = frappe.db.get_value("CP Supplier", supplier, ["delivery_count", "on_time_rate"], as_dict=True)
		self.assertEqual((row.delivery_count, row.on_time_rate), (2, 50.0))

	def test_the_account_manager_follows_the_sales_owner(self):
		rep = make_user("erd-owner@crm-plus.test", [roles.SALES_REP])
		other = make_user("erd-owner2@crm-plus.test", [roles.SALES_REP])
		cp, erp = self.linked_customer("经理同步有限公司", rep)
		set_settings(SETTINGS, sync_account_manager=1)
		doc = frappe.get_doc("CP Customer", cp)
		doc.sales_owner = other
		doc.save()
		self.assertEqual(frappe.db.get_value("Customer", erp, "account_manager"), other)
		from crm_plus.allocation.move import MoveRequest, execute_move, plan_move
		from crm_plus.allocation.selection import Selection

		execute_move(
			plan_move(
				MoveRequest(
					"Re-allocate",
					Selection(customers=[cp]),
					to_owner=None,
					reason="test",
					user="Administrator",
				)
			)
		)
		self.assertIsNone(frappe.db.get_value("Customer", erp, "account_manager"))


def load_tests(loader, tests, pattern):
	"""The ERPNext classes exist only on a site with ERPNext (TestWithoutERPNext covers the bare site)."""
	classes = [TestWithoutERPNext]
	if has_erpnext():
		classes += [TestSalesFromERPNext, TestLinkingInBulk, TestPricesPublished, TestSuppliersAndOwners]
	suite = unittest.TestSuite()
	for cls in classes:
		suite.addTests(loader.loadTestsFromTestCase(cls))
	return suite
