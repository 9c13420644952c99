# Copyright (c) 2026, crm_plus contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from crm_plus.exceptions import (
	DuplicateSupplierError,
	FutureDateError,
	InvalidQualityScoreError,
	PartnerLinkError,
	PartyMismatchError,
)
from crm_plus.suppliers.rating import daily, recompute_supplier_scores
from crm_plus.tests.factories import (
	VisibilityWorld,
	make_delivery,
	make_evaluation,
	make_supplier,
	make_supplier_contact,
	make_user,
)

PREFIX = "SUP"


def figures(supplier):
	return frappe.db.get_value(
		"CP Supplier",
		supplier,
		[
			"on_time_rate",
			"average_quality",
			"supplier_score",
			"supplier_rating",
			"delivery_count",
			"evaluation_count",
		],
		as_dict=True,
	)


class TestCPSupplier(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = VisibilityWorld(PREFIX)
		from crm_plus.permissions import roles

		cls.purchasing = make_user(f"{PREFIX.lower()}-purchasing@crm-plus.test", [roles.PURCHASING])
		cls.supplier = make_supplier(f"{PREFIX} 精密轴承有限公司", main_products="深沟球轴承")

	def setUp(self):
		frappe.db.savepoint("supplier_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="supplier_test")

	# --- the record -------------------------------------------------------------------------------

	def test_purchasing_records_a_supplier_and_its_contact(self):
		with self.set_user(self.purchasing):
			doc = frappe.get_doc(
				{
					"doctype": "CP Supplier",
					"supplier_name": f"{PREFIX} 华东包装材料有限公司",
					"main_products": "纸箱、托盘",
					"phone": "021-62345678",
				}
			).insert()
			contact = make_supplier_contact(doc.name, "Zhou", designation="销售经理")
		self.assertRegex(doc.name, r"^S\d{9}$")
		self.assertEqual(frappe.db.get_value("Contact", contact, "company_name"), doc.supplier_name)

	def test_duplicate_names_after_normalisation_are_refused(self):
		for spelling in (f"{PREFIX} 精密轴承股份有限公司", f"{PREFIX.lower()} 精密 轴承"):
			with self.assertRaises(DuplicateSupplierError):
				frappe.get_doc({"doctype": "CP Supplier", "supplier_name": spelling}).insert()

	def test_computed_fields_are_not_taken_from_the_form(self):
		doc = frappe.get_doc("CP Supplier", self.supplier)
		doc.supplier_score = 99
		doc.supplier_rating = "A"
		doc.save()
		self.assertFalse(figures(self.supplier).supplier_rating)
		self.assertEqual(figures(self.supplier).supplier_score, 0)

	# --- one partner --------------------------------------------------------------------------------

	def test_a_supplier_that_is_also_a_customer_is_one_partner(self):
		doc = frappe.get_doc("CP Supplier", self.supplier)
		doc.customer = self.w.cust_a
		doc.save()
		self.assertEqual(doc.customer_name, f"{PREFIX} 甲方科技有限公司")
		with self.set_user(self.w.rep_a):
			customer = frappe.get_doc("CP Customer", self.w.cust_a)
			customer.run_method("onload")
			partner = customer.get_onload().cp_partner_supplier
		self.assertEqual(partner.name, self.supplier)
		self.assertFalse(partner.can_open)  # the rep learns it is a supplier, cannot open suppliers
		from crm_plus.crm_plus.doctype.cp_customer.cp_customer_dashboard import get_data

		self.assertIn("CP Supplier", [i for g in get_data()["transactions"] for i in g["items"]])
		# the customer is the partner of one supplier only
		other = make_supplier(f"{PREFIX} 另一家供应商")
		doc = frappe.get_doc("CP Supplier", other)
		doc.customer = self.w.cust_a
		self.assertRaises(PartnerLinkError, doc.save)

	def test_purchasing_cannot_link_a_customer_they_cannot_see(self):
		with self.set_user(self.purchasing):
			doc = frappe.get_doc("CP Supplier", self.supplier)
			doc.customer = self.w.cust_b
			self.assertRaises(frappe.PermissionError, doc.save)
		self.assertIsNone(frappe.db.get_value("CP Supplier", self.supplier, "customer"))

	# --- deliveries, evaluations, score ------------------------------------------------------------

	def test_delivery_status_and_days_late(self):
		on_time = make_delivery(self.supplier, "批次 1", add_days(today(), -10), add_days(today(), -10))
		late = make_delivery(self.supplier, "批次 2", add_days(today(), -10), add_days(today(), -6))
		overdue = make_delivery(self.supplier, "批次 3", add_days(today(), -2))
		pending = make_delivery(self.supplier, "批次 4", add_days(today(), 5))
		status = {
			n: frappe.db.get_value("CP Supplier Delivery", n, ["delivery_status", "days_late"])
			for n in (on_time, late, overdue, pending)
		}
		self.assertEqual(status[on_time], ("On Time", 0))
		self.assertEqual(status[late], ("Late", 4))
		self.assertEqual(status[overdue], ("Overdue", 2))
		self.assertEqual(status[pending], ("Pending", 0))

	def test_score_follows_deliveries_and_evaluations(self):
		make_delivery(self.supplier, "A", add_days(today(), -30), add_days(today(), -31))
		make_delivery(self.supplier, "B", add_days(today(), -20), add_days(today(), -20))
		make_delivery(self.supplier, "C", add_days(today(), -10), add_days(today(), -8))  # late
		make_delivery(self.supplier, "D", add_days(today(), -5))  # overdue counts as late
		make_delivery(self.supplier, "E", add_days(today(), 5))  # pending: not counted yet
		self.assertEqual(figures(self.supplier).delivery_count, 4)
		self.assertEqual(figures(self.supplier).on_time_rate, 50)
		self.assertEqual(figures(self.supplier).supplier_score, 50)  # deliveries only
		make_evaluation(self.supplier, 5, "very good", evaluation_date=add_days(today(), -3))
		make_evaluation(self.supplier, 4, "good")
		f = figures(self.supplier)
		# 0.6 × 0.5 + 0.4 × (4.5 − 1) / 4 = 0.65
		self.assertEqual((f.average_quality, f.supplier_score, f.supplier_rating), (4.5, 65, "C"))
		# deleting an evaluation, and delivering the overdue one on time
		frappe.delete_doc(
			"CP Supplier Quality Evaluation",
			frappe.db.get_value("CP Supplier Quality Evaluation", {"note": "good"}),
		)
		self.assertEqual(figures(self.supplier).average_quality, 5)
		delivery = frappe.get_doc("CP Supplier Delivery", {"supplier": self.supplier, "description": "D"})
		delivery.actual_date = add_days(today(), -5)
		delivery.save()
		f = figures(self.supplier)
		self.assertEqual((f.on_time_rate, f.supplier_score, f.supplier_rating), (75, 85, "A"))

	def test_moving_a_delivery_rescores_both_suppliers(self):
		other = make_supplier(f"{PREFIX} 第二供应商")
		name = make_delivery(self.supplier, "moved", add_days(today(), -3), add_days(today(), -3))
		self.assertEqual(figures(self.supplier).supplier_score, 100)
		doc = frappe.get_doc("CP Supplier Delivery", name)
		doc.supplier = other
		doc.save()
		self.assertFalse(figures(self.supplier).supplier_rating)
		self.assertEqual(figures(other).supplier_score, 100)

	def test_daily_job_turns_pending_deliveries_overdue_and_rescores_everyone(self):
		name = make_delivery(self.supplier, "due soon", add_days(today(), 1))
		self.assertEqual(figures(self.supplier).delivery_count, 0)
		# a day later nothing was saved, but the promised date has passed
		frappe.db.set_value("CP Supplier Delivery", name, "promised_date", add_days(today(), -1))
		daily()
		self.assertEqual(frappe.db.get_value("CP Supplier Delivery", name, "delivery_status"), "Overdue")
		self.assertEqual(figures(self.supplier).delivery_count, 1)
		self.assertEqual(figures(self.supplier).supplier_rating, "D")
		self.assertGreaterEqual(recompute_supplier_scores(), 1)

	# --- bad input ----------------------------------------------------------------------------------

	def test_quality_scores_out_of_range_are_refused_and_nothing_saved(self):
		before = frappe.db.count("CP Supplier Quality Evaluation")
		for score in (0, 6, -1, 4.5, "很好", None):
			with self.assertRaises(InvalidQualityScoreError, msg=score):
				frappe.get_doc(
					{"doctype": "CP Supplier Quality Evaluation", "supplier": self.supplier, "score": score}
				).insert()
		self.assertEqual(frappe.db.count("CP Supplier Quality Evaluation"), before)
		self.assertEqual(figures(self.supplier).evaluation_count, 0)

	def test_future_dates_and_foreign_deliveries_are_refused(self):
		with self.assertRaises(FutureDateError):
			make_delivery(self.supplier, "from the future", today(), add_days(today(), 1))
		with self.assertRaises(FutureDateError):
			make_evaluation(self.supplier, 3, "tomorrow", evaluation_date=add_days(today(), 1))
		other = make_supplier(f"{PREFIX} 第三供应商")
		theirs = make_delivery(other, "theirs", add_days(today(), -1), add_days(today(), -1))
		with self.assertRaises(PartyMismatchError):
			make_evaluation(self.supplier, 3, "wrong delivery", delivery=theirs)
