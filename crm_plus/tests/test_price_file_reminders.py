"""Update reminders of price files (定期更新): N days before a file's valid-to date or its contract's end
date, and when its review date comes due, the customer's owner is notified, once per cause."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, nowdate

from crm_plus.pricing.reminders import due_reminders, send_price_file_reminders
from crm_plus.tests.factories import approve_price_file, make_contract, make_price_file
from crm_plus.tests.price_file_world import PriceFileWorld

PREFIX = "PFR"
DT = "CP Price File"


class TestPriceFileReminders(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.pw = PriceFileWorld(PREFIX)
		cls.w = cls.pw.w

	def setUp(self):
		frappe.db.savepoint("price_file_reminders")
		# only this class's files are due: the other files of the site are put far away
		frappe.db.sql(
			"update `tabCP Price File` set valid_to = '2199-12-31', review_date = null, contract = null"
		)
		self.today = getdate(nowdate())

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="price_file_reminders")
		frappe.clear_document_cache("CP Price File Settings", "CP Price File Settings")

	def notifications(self, user, name=None):
		filters = {"for_user": user, "document_type": DT, "type": "Alert"}
		if name:
			filters["document_name"] = name
		return frappe.get_all("Notification Log", filters=filters, pluck="subject")

	def test_expiry_within_the_reminder_window_notifies_the_owner_once(self):
		frappe.db.set_value(DT, self.pw.a, "valid_to", add_days(self.today, 10))
		frappe.db.set_value(DT, self.pw.b, "valid_to", add_days(self.today, 45))  # outside 30 days
		self.assertEqual(send_price_file_reminders(), 1)
		[subject] = self.notifications(self.w.rep_a, self.pw.a)
		self.assertIn(frappe.db.get_value(DT, self.pw.a, "title"), subject)
		self.assertIn("expires", subject)
		self.assertEqual(self.notifications(self.w.rep_b), [])
		# the next days: nothing new for the same cause
		self.assertEqual(send_price_file_reminders(), 0)
		self.assertEqual(send_price_file_reminders(add_days(self.today, 1)), 0)
		self.assertEqual(len(self.notifications(self.w.rep_a, self.pw.a)), 1)
		# the window setting counts
		settings = frappe.get_doc("CP Price File Settings")
		settings.expiry_reminder_days = 60
		settings.save()
		self.assertEqual(send_price_file_reminders(), 1)
		self.assertEqual(len(self.notifications(self.w.rep_b, self.pw.b)), 1)

	def test_contract_end_and_review_date_are_causes_of_their_own(self):
		contract = make_contract(
			self.w.cust_a, f"{PREFIX}-A-1", start_date="2020-01-01", end_date=add_days(self.today, 20)
		)
		frappe.db.set_value(
			DT,
			self.pw.a,
			{"contract": contract, "review_date": add_days(self.today, -1)},
			update_modified=False,
		)
		frappe.db.set_value(DT, self.pw.c, "review_date", self.today)
		frappe.db.set_value(DT, self.pw.shared, "review_date", add_days(self.today, 1))  # not yet due
		self.assertEqual(send_price_file_reminders(), 3)
		subjects = self.notifications(self.w.rep_a, self.pw.a)
		self.assertEqual(len(subjects), 2)
		self.assertTrue(any(contract in s for s in subjects), subjects)
		self.assertTrue(any("review" in s for s in subjects), subjects)
		self.assertEqual(len(self.notifications(self.w.rep_c, self.pw.c)), 1)
		self.assertEqual(send_price_file_reminders(), 0)
		# a contract extended (a new end date) is a new cause
		frappe.db.set_value("CP Contract", contract, "end_date", add_days(self.today, 25))
		self.assertEqual([d["cause"] for d in due_reminders()], ["contract"])
		self.assertEqual(send_price_file_reminders(), 1)

	def test_only_approved_files_are_reminded(self):
		draft = make_price_file(self.w.cust_a, [(self.pw.bolt, 1)], valid_to=add_days(self.today, 5))
		frappe.db.set_value(DT, self.pw.b, {"valid_to": add_days(self.today, 5), "status": "Superseded"})
		self.assertEqual([d["name"] for d in due_reminders()], [])
		self.assertEqual(send_price_file_reminders(), 0)
		self.assertEqual(self.notifications(self.w.rep_a, draft), [])

	def test_the_owner_is_the_customers_current_owner(self):
		frappe.db.set_value(DT, self.pw.a, "valid_to", add_days(self.today, 3))
		frappe.db.set_value("CP Customer", self.w.cust_a, "sales_owner", self.w.rep_b)
		send_price_file_reminders()
		self.assertEqual(len(self.notifications(self.w.rep_b, self.pw.a)), 1)
		self.assertEqual(self.notifications(self.w.rep_a, self.pw.a), [])

	def test_a_file_of_the_unassigned_pool_reminds_its_creator(self):
		name = make_price_file(self.w.cust_pool, [(self.pw.bolt, 1)], valid_to=add_days(self.today, 3))
		approve_price_file(name, approver=self.pw.pm)
		send_price_file_reminders()
		self.assertEqual(len(self.notifications("Administrator", name)), 1)

	def test_reminders_are_written_in_the_owners_language(self):
		frappe.db.set_value("User", self.w.rep_c, "language", "zh")
		frappe.db.set_value(DT, self.pw.c, "valid_to", add_days(self.today, 3))
		send_price_file_reminders()
		[subject] = self.notifications(self.w.rep_c, self.pw.c)
		self.assertIn("失效", subject)
