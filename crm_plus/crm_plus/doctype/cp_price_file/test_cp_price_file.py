# Copyright (c) 2026, crm_plus contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_months, getdate, nowdate

from crm_plus.exceptions import InvalidDateRangeError, PriceLineError
from crm_plus.tests.factories import (
	VisibilityWorld,
	ensure_system_manager,
	make_contract,
	make_price_file,
	make_product,
)

PREFIX = "PFD"
DT = "CP Price File"


class TestCPPriceFile(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		ensure_system_manager()
		cls.w = VisibilityWorld(PREFIX)
		cls.bolt = make_product(f"{PREFIX} 螺栓", product_code=f"{PREFIX}-BOLT", unit="个")
		cls.nut = make_product(f"{PREFIX} 螺母", product_code=f"{PREFIX}-NUT")

	def setUp(self):
		frappe.db.savepoint("price_file_doc")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="price_file_doc")

	def new(self, lines, **fields):
		return make_price_file(self.w.cust_a, lines, **fields)

	def test_title_follows_the_naming_convention_and_is_unique(self):
		day = getdate(nowdate()).strftime("%Y%m%d")
		first = frappe.get_doc(DT, self.new([(self.bolt, 1)]))
		second = frappe.get_doc(DT, self.new([(self.bolt, 1)]))
		third = frappe.get_doc(DT, self.new([(self.bolt, 1)]))
		base = f"{PREFIX} 甲方科技有限公司_价格表_{day}"
		self.assertEqual([first.title, second.title, third.title], [base, f"{base}_2", f"{base}_3"])
		other = frappe.get_doc(DT, make_price_file(self.w.cust_b, [(self.bolt, 1)]))
		self.assertEqual(other.title, f"{PREFIX} 乙方贸易有限公司_价格表_{day}")

	def test_a_client_cannot_choose_title_lineage_or_version(self):
		first = self.new([(self.bolt, 1)])
		doc = frappe.get_doc(
			DT,
			self.new(
				[(self.bolt, 1)],
				title="my own title",
				lineage=first,
				version=7,
				based_on=first,
				approved_by="Administrator",
			),
		)
		self.assertNotEqual(doc.title, "my own title")
		self.assertEqual((doc.lineage, doc.version, doc.based_on, doc.approved_by), (doc.name, 1, None, None))
		doc.version = 3
		self.assertRaises(frappe.CannotChangeConstantError, doc.save)

	def test_new_files_start_as_drafts_with_defaults(self):
		doc = frappe.get_doc(DT, self.new([(self.bolt, 1)]))
		self.assertEqual((doc.status, doc.docstatus, doc.version), ("Draft", 0, 1))
		self.assertEqual(doc.currency, frappe.db.get_default("currency") or "CNY")
		months = frappe.get_cached_doc("CP Price File Settings").review_interval_months
		self.assertEqual(getdate(doc.review_date), getdate(add_months(doc.valid_from, months)))
		self.assertEqual(doc.lines[0].unit, "个")  # fetched from the product

	def test_net_price_and_margin_are_computed(self):
		doc = frappe.get_doc(
			DT, self.new([{"product": self.bolt, "unit_price": 100, "discount": 10, "cost_price": 72}])
		)
		line = doc.lines[0]
		self.assertEqual((line.net_price, line.margin), (90, 20))

	def test_broken_line_rules_are_refused_with_their_rows(self):
		cases = [
			({"unit_price": -1}, "negative"),
			({"unit_price": 1, "min_qty": 0.5}, "at least 1"),
			({"unit_price": 1, "discount": 120}, "between 0 and 100"),
			({"unit_price": 1, "valid_from": "2026-06-01", "valid_to": "2026-05-01"}, "before"),
		]
		for line, expected in cases:
			with self.assertRaises((PriceLineError, frappe.NonNegativeError)) as caught:
				self.new([(self.nut, 1), {"product": self.bolt, **line}])
			self.assertIn(expected, str(caught.exception))
		with self.assertRaises(PriceLineError) as caught:
			self.new([(self.bolt, 1), (self.nut, 1), {"product": self.bolt, "unit_price": 2}])
		self.assertIn("Row 3", str(caught.exception))
		self.assertIn("row 1", str(caught.exception))
		# the same product with another minimum quantity or specification is a tier, not a duplicate
		self.new(
			[
				(self.bolt, 1),
				{"product": self.bolt, "unit_price": 0.9, "min_qty": 100},
				{"product": self.bolt, "unit_price": 1.1, "specification": "镀锌"},
			]
		)

	def test_validity_must_be_in_order(self):
		self.assertRaises(
			InvalidDateRangeError, self.new, [(self.bolt, 1)], valid_from="2026-06-01", valid_to="2026-05-31"
		)

	def test_the_contract_must_be_the_customers(self):
		contract_b = make_contract(self.w.cust_b, f"{PREFIX}-B-001")
		contract_a = make_contract(self.w.cust_a, f"{PREFIX}-A-001", end_date="2027-06-30")
		self.assertRaises(frappe.ValidationError, self.new, [(self.bolt, 1)], contract=contract_b)
		doc = frappe.get_doc(DT, self.new([(self.bolt, 1)], contract=contract_a))
		self.assertEqual(str(doc.contract_end_date), "2027-06-30")

	def test_the_customer_is_set_once(self):
		doc = frappe.get_doc(DT, self.new([(self.bolt, 1)]))
		doc.customer = self.w.cust_b
		self.assertRaises(frappe.CannotChangeConstantError, doc.save)
