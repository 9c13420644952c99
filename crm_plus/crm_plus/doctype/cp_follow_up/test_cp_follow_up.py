# Copyright (c) 2026, crm_plus contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, today

from crm_plus.exceptions import FollowUpDateError, FutureDateError, PartyMismatchError
from crm_plus.follow_ups import send_due_reminders
from crm_plus.tests.factories import (
	VisibilityWorld,
	make_contact,
	make_follow_up,
	make_supplier,
	make_user,
)

PREFIX = "FUP"


def reminders(follow_up: str) -> list[dict]:
	return frappe.get_all(
		"Notification Log",
		filters={"document_type": "CP Follow Up", "document_name": follow_up},
		fields=["for_user", "subject"],
	)


class TestCPFollowUp(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = VisibilityWorld(PREFIX)
		cls.supplier = make_supplier(f"{PREFIX} 原料供应有限公司")

	def setUp(self):
		frappe.db.savepoint("follow_up_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="follow_up_test")

	def new(self, **fields):
		return frappe.get_doc({"doctype": "CP Follow Up", "content": "电话沟通", **fields})

	def last_date(self, customer):
		return frappe.db.get_value("CP Customer", customer, "last_follow_up_date")

	def count(self):
		return frappe.db.count("CP Follow Up")

	# --- the record -------------------------------------------------------------------------------

	def test_a_rep_records_a_follow_up_of_their_customer(self):
		contact = make_contact(self.w.cust_a, "Li", designation="采购经理")
		with self.set_user(self.w.rep_a):
			doc = self.new(
				customer=self.w.cust_a,
				follow_up_type="Visit",
				contact=contact,
				next_follow_up_date=add_days(today(), 7),
			).insert()
		self.assertEqual(doc.party_type, "Customer")
		self.assertEqual(doc.party_name, f"{PREFIX} 甲方科技有限公司")
		self.assertEqual(doc.follow_up_owner, self.w.rep_a)
		self.assertEqual(getdate(doc.follow_up_date), getdate(today()))

	def test_a_supplier_follow_up_names_only_the_supplier(self):
		doc = self.new(supplier=self.supplier).insert()
		self.assertEqual(doc.party_type, "Supplier")
		self.assertEqual(doc.party_name, f"{PREFIX} 原料供应有限公司")
		self.assertEqual(
			frappe.db.get_value("CP Supplier", self.supplier, "last_follow_up_date"), getdate(today())
		)

	# --- bad input ----------------------------------------------------------------------------------

	def test_a_follow_up_dated_in_the_future_is_refused(self):
		before = self.count()
		with self.assertRaises(FutureDateError):
			self.new(customer=self.w.cust_a, follow_up_date=add_days(today(), 3)).insert()
		self.assertEqual(self.count(), before)
		self.assertIsNone(self.last_date(self.w.cust_a))

	def test_a_follow_up_dated_after_its_next_follow_up_date_is_refused(self):
		before = self.count()
		with self.assertRaises(FollowUpDateError) as caught:
			self.new(
				customer=self.w.cust_a,
				follow_up_date=add_days(today(), -2),
				next_follow_up_date=add_days(today(), -5),
			).insert()
		self.assertIn("before the follow-up date", str(caught.exception))
		self.assertEqual(self.count(), before)

	def test_exactly_one_party(self):
		with self.assertRaises(PartyMismatchError):
			self.new(customer=self.w.cust_a, supplier=self.supplier).insert()
		with self.assertRaises(PartyMismatchError):
			self.new(party_type="Customer").insert()

	def test_the_contact_person_must_be_a_contact_of_the_party(self):
		contact_b = make_contact(self.w.cust_b, "Wang")
		with self.assertRaises(PartyMismatchError):
			self.new(customer=self.w.cust_a, contact=contact_b).insert()

	# --- last follow-up date ---------------------------------------------------------------------------

	def test_last_follow_up_date_follows_insert_update_move_and_delete(self):
		d1, d2 = add_days(today(), -10), add_days(today(), -3)
		first = self.new(customer=self.w.cust_a, follow_up_date=d1).insert()
		self.assertEqual(self.last_date(self.w.cust_a), getdate(d1))
		second = self.new(customer=self.w.cust_a, follow_up_date=d2).insert()
		self.assertEqual(self.last_date(self.w.cust_a), getdate(d2))
		# an older follow-up recorded later does not move the date back
		self.new(customer=self.w.cust_a, follow_up_date=add_days(today(), -20)).insert()
		self.assertEqual(self.last_date(self.w.cust_a), getdate(d2))
		# moving the latest to another customer: both customers follow
		second.customer = self.w.cust_b
		second.save()
		self.assertEqual(self.last_date(self.w.cust_a), getdate(d1))
		self.assertEqual(self.last_date(self.w.cust_b), getdate(d2))
		# changing the date
		first.follow_up_date = add_days(today(), -1)
		first.save()
		self.assertEqual(self.last_date(self.w.cust_a), getdate(add_days(today(), -1)))
		# deleting
		frappe.delete_doc("CP Follow Up", second.name)
		self.assertIsNone(self.last_date(self.w.cust_b))

	def test_saving_a_customer_opened_before_a_follow_up_keeps_the_new_date(self):
		with self.set_user(self.w.rep_a):
			stale = frappe.get_doc("CP Customer", self.w.cust_a)
			self.new(customer=self.w.cust_a).insert()
			stale.remarks = "edited in a form opened earlier"
			stale.save()
		self.assertEqual(self.last_date(self.w.cust_a), getdate(today()))

	# --- reminders --------------------------------------------------------------------------------------

	def test_owner_is_reminded_once_of_due_and_overdue_follow_ups(self):
		due_today = make_follow_up(
			self.w.cust_a,
			"FUP due today",
			follow_up_date=add_days(today(), -7),
			next_follow_up_date=today(),
			follow_up_owner=self.w.rep_a,
		)
		overdue = make_follow_up(
			self.w.cust_b,
			"FUP overdue",
			follow_up_date=add_days(today(), -30),
			next_follow_up_date=add_days(today(), -2),
			follow_up_owner=self.w.rep_b,
		)
		not_yet = make_follow_up(
			self.w.cust_c,
			"FUP later",
			follow_up_date=today(),
			next_follow_up_date=add_days(today(), 1),
			follow_up_owner=self.w.rep_c,
		)
		send_due_reminders()
		self.assertEqual([r.for_user for r in reminders(due_today)], [self.w.rep_a])
		self.assertIn("due today", reminders(due_today)[0].subject)
		self.assertEqual([r.for_user for r in reminders(overdue)], [self.w.rep_b])
		self.assertIn("overdue", reminders(overdue)[0].subject)
		self.assertEqual(reminders(not_yet), [])
		# the next run (or the same day's second run) repeats nothing
		send_due_reminders()
		send_due_reminders(add_days(today(), 1))
		self.assertEqual(len(reminders(due_today)), 1)
		self.assertEqual(len(reminders(overdue)), 1)
		self.assertEqual(len(reminders(not_yet)), 1)  # due tomorrow: reminded tomorrow, once

	def test_a_later_follow_up_of_the_same_party_settles_the_earlier_one(self):
		earlier = make_follow_up(
			self.w.cust_a,
			"FUP settled",
			follow_up_date=add_days(today(), -10),
			next_follow_up_date=add_days(today(), -3),
		)
		make_follow_up(self.w.cust_a, "FUP the visit that followed", follow_up_date=add_days(today(), -3))
		send_due_reminders()
		self.assertEqual(reminders(earlier), [])

	def test_moving_the_next_follow_up_date_reminds_again_on_the_new_date(self):
		name = make_follow_up(
			self.w.cust_a,
			"FUP postponed",
			follow_up_date=add_days(today(), -5),
			next_follow_up_date=add_days(today(), -1),
			follow_up_owner=self.w.rep_a,
		)
		send_due_reminders()
		doc = frappe.get_doc("CP Follow Up", name)
		doc.next_follow_up_date = add_days(today(), 2)
		doc.save()
		send_due_reminders()
		self.assertEqual(len(reminders(name)), 1)
		send_due_reminders(add_days(today(), 2))
		self.assertEqual(len(reminders(name)), 2)

	def test_reminders_are_in_the_owners_language_and_skip_disabled_users(self):
		zh_rep = make_user(f"{PREFIX.lower()}-zh@crm-plus.test", ["CP Sales Rep"])
		frappe.db.set_value("User", zh_rep, "language", "zh")
		gone = make_user(f"{PREFIX.lower()}-gone@crm-plus.test", ["CP Sales Rep"])
		frappe.db.set_value("User", gone, "enabled", 0)
		zh = make_follow_up(self.w.cust_a, "FUP zh", next_follow_up_date=today(), follow_up_owner=zh_rep)
		silent = make_follow_up(self.w.cust_b, "FUP gone", next_follow_up_date=today(), follow_up_owner=gone)
		send_due_reminders()
		self.assertIn("今天", reminders(zh)[0].subject)
		self.assertEqual(reminders(silent), [])
		self.assertEqual(frappe.db.get_value("CP Follow Up", silent, "reminder_sent_for"), getdate(today()))
