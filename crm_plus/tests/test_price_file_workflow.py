"""Review, approval and versions of price files: draft -> pending review -> approved ->
expired or superseded, through the Frappe Workflow shipped as a fixture; new revisions, restore,
compare, and nothing ever deleted."""

import frappe
from frappe import client
from frappe.model.workflow import WorkflowPermissionError, WorkflowTransitionError, apply_workflow
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, nowdate

from crm_plus.api import price_file as api
from crm_plus.exceptions import InvalidDateRangeError, PriceFileLockedError, PriceFileRevisionError
from crm_plus.pricing import WORKFLOW
from crm_plus.pricing.reminders import expire_price_files
from crm_plus.tests.factories import approve_price_file, make_price_file
from crm_plus.tests.price_file_world import COST, PriceFileWorld

PREFIX = "PFW"
DT = "CP Price File"


class TestPriceFileWorkflow(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.pw = PriceFileWorld(PREFIX)
		cls.w = cls.pw.w

	def setUp(self):
		frappe.db.savepoint("price_file_workflow")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="price_file_workflow")

	def draft_of_rep_a(self, lines=None):
		return make_price_file(self.w.cust_a, lines or [(self.pw.bolt, 1.0), (self.pw.nut, 2.0)])

	def act(self, user, name, action):
		with self.set_user(user):
			return apply_workflow(frappe.get_doc(DT, name), action)

	def status(self, name):
		return frappe.db.get_value(DT, name, ["status", "docstatus"])

	# --- the workflow ----------------------------------------------------------------------------

	def test_the_workflow_is_installed_from_the_fixture(self):
		workflow = frappe.get_doc("Workflow", WORKFLOW)
		self.assertEqual(workflow.document_type, DT)
		self.assertTrue(workflow.is_active)
		self.assertEqual(workflow.workflow_state_field, "status")
		states = {s.state: s.doc_status for s in workflow.states}
		self.assertEqual(
			states,
			{
				"Draft": "0",
				"Pending Review": "0",
				"Rejected": "0",
				"Approved": "1",
				"Expired": "1",
				"Superseded": "1",
			},
		)
		approvers = {t.allowed for t in workflow.transitions if t.action == "Approve"}
		self.assertEqual(approvers, {"CP Price Manager"})

	def test_no_crm_plus_role_reads_the_workflows(self):
		"""Acting in a workflow needs no read on Workflow, which would show every workflow of the site
		(other apps' approval rules too): the form's workflow setting comes from the form's own copy of
		the workflow (crm_plus/public/js/compat.js), so none of crm_plus's roles is given it."""
		for user in (self.pw.pm, self.w.rep_a, self.w.mgr_east, self.w.admin):
			for ptype in ("read", "select"):
				self.assertFalse(frappe.has_permission("Workflow", ptype, user=user), (user, ptype))
			with self.set_user(user), self.assertRaises(frappe.PermissionError, msg=user):
				client.get_value("Workflow", "name", {"document_type": DT})

	def test_rep_submits_and_price_manager_approves(self):
		name = self.draft_of_rep_a()
		self.act(self.w.rep_a, name, "Submit for Review")
		self.assertEqual(self.status(name), ("Pending Review", 0))
		# the rep cannot approve, whatever path they take
		self.assertRaises(WorkflowTransitionError, self.act, self.w.rep_a, name, "Approve")
		with self.set_user(self.w.rep_a):
			doc = frappe.get_doc(DT, name)
			self.assertRaises(frappe.PermissionError, doc.submit)
			doc = frappe.get_doc(DT, name)
			doc.status = "Approved"
			self.assertRaises((WorkflowPermissionError, PriceFileLockedError), doc.save)
		self.act(self.pw.pm, name, "Approve")
		self.assertEqual(self.status(name), ("Approved", 1))
		doc = frappe.get_doc(DT, name)
		self.assertEqual(doc.approved_by, self.pw.pm)
		self.assertTrue(doc.approved_on)

	def test_a_price_manager_cannot_approve_their_own_file(self):
		with self.set_user(self.pw.pm):
			name = (
				frappe.get_doc(
					{
						"doctype": DT,
						"customer": self.w.cust_b,
						"valid_from": nowdate(),
						"valid_to": add_days(nowdate(), 30),
						"lines": [{"product": self.pw.bolt, "unit_price": 1}],
					}
				)
				.insert()
				.name
			)
			apply_workflow(frappe.get_doc(DT, name), "Submit for Review")
			self.assertRaises(frappe.ValidationError, apply_workflow, frappe.get_doc(DT, name), "Approve")
		self.assertEqual(self.status(name), ("Pending Review", 0))

	def test_approval_only_through_review(self):
		name = self.draft_of_rep_a()
		with self.set_user(self.pw.pm):
			doc = frappe.get_doc(DT, name)  # straight from Draft: refused
			self.assertRaises(PriceFileLockedError, doc.submit)
			doc = frappe.get_doc(DT, name)
			doc.status = "Approved"  # a plain save cannot approve either
			self.assertRaises((WorkflowPermissionError, PriceFileLockedError), doc.save)
		self.assertEqual(self.status(name), ("Draft", 0))

	def test_reject_then_resubmit_and_withdraw(self):
		name = self.draft_of_rep_a()
		self.act(self.w.rep_a, name, "Submit for Review")
		self.act(self.pw.pm, name, "Reject")
		self.assertEqual(self.status(name), ("Rejected", 0))
		with self.set_user(self.w.rep_a):  # a rejected file is changed and submitted again
			doc = frappe.get_doc(DT, name)
			doc.lines[0].unit_price = 1.1
			doc.save()
		self.act(self.w.rep_a, name, "Submit for Review")
		self.act(self.w.rep_a, name, "Withdraw")
		self.assertEqual(self.status(name), ("Draft", 0))

	def test_a_file_pending_review_is_locked_for_its_owner(self):
		name = self.draft_of_rep_a()
		self.act(self.w.rep_a, name, "Submit for Review")
		with self.set_user(self.w.rep_a):
			doc = frappe.get_doc(DT, name)
			doc.lines[0].unit_price = 0.5
			self.assertRaises(PriceFileLockedError, doc.save)
		with self.set_user(self.pw.pm):  # the reviewer may correct it
			doc = frappe.get_doc(DT, name)
			doc.lines[0].unit_price = 0.9
			doc.save()

	def test_a_file_past_its_validity_cannot_be_approved(self):
		name = self.draft_of_rep_a()
		frappe.db.set_value(DT, name, {"valid_from": "2020-01-01", "valid_to": "2020-12-31"})
		self.act(self.w.rep_a, name, "Submit for Review")
		self.assertRaises(InvalidDateRangeError, self.act, self.pw.pm, name, "Approve")

	# --- approved files are kept as they are -------------------------------------------------------

	def test_an_approved_file_is_read_only_and_never_deleted(self):
		refused = (frappe.PermissionError, frappe.ValidationError)
		for user in (self.w.rep_a, self.pw.pm):
			with self.set_user(user):
				doc = frappe.get_doc(DT, self.pw.a)
				doc.lines[0].unit_price = 0.01
				self.assertRaises(refused, doc.save)
				doc = frappe.get_doc(DT, self.pw.a)
				doc.valid_to = "2099-01-01"
				self.assertRaises(refused, doc.save)
				self.assertRaises(refused, frappe.delete_doc, DT, self.pw.a)
		with self.set_user(self.pw.pm):  # nobody has the right to cancel ...
			self.assertRaises(frappe.PermissionError, frappe.get_doc(DT, self.pw.a).cancel)
		# ... and Administrator, who has every right, is refused by the file itself
		self.assertRaises(PriceFileLockedError, frappe.get_doc(DT, self.pw.a).cancel)
		# not even code that skips permission checks deletes it
		self.assertRaises(frappe.ValidationError, frappe.delete_doc, DT, self.pw.a, ignore_permissions=True)
		self.assertEqual(frappe.db.get_value(DT, self.pw.a, "status"), "Approved")
		self.assertEqual(frappe.get_doc(DT, self.pw.a).lines[0].unit_price, 1.2)

	def test_a_draft_can_be_deleted(self):
		name = self.draft_of_rep_a()
		with self.set_user(self.w.rep_a):
			frappe.delete_doc(DT, name)
		self.assertFalse(frappe.db.exists(DT, name))

	def test_sharing_an_approved_file_stays_possible(self):
		with self.set_user(self.w.rep_a):  # from the sidebar, mirrored into the table
			frappe.share.add(DT, self.pw.a, self.w.rep_c)
		with self.set_user(self.pw.pm):  # in the table (a field that may change after approval)
			doc = frappe.get_doc(DT, self.pw.a)
			doc.append("shared_with", {"user": self.w.rep_b})
			doc.save()
		doc = frappe.get_doc(DT, self.pw.a)
		self.assertEqual({r.user for r in doc.shared_with}, {self.w.rep_b, self.w.rep_c})
		for user in (self.w.rep_b, self.w.rep_c):
			self.assertTrue(frappe.share.get_shared(DT, user, filters=[["share_name", "=", self.pw.a]]))
		self.assertEqual((doc.status, doc.lines[0].unit_price), ("Approved", 1.2))

	# --- revisions, supersede, restore, compare ----------------------------------------------------

	def test_new_revision_copies_lines_costs_and_shares_as_version_2(self):
		with self.set_user(self.w.rep_a):
			frappe.share.add(DT, self.pw.a, self.w.rep_c)
			name = api.new_revision(self.pw.a)
		new = frappe.get_doc(DT, name)
		old = frappe.get_doc(DT, self.pw.a)
		self.assertEqual((new.status, new.docstatus, new.version), ("Draft", 0, 2))
		self.assertEqual((new.lineage, new.based_on), (old.lineage, old.name))
		self.assertEqual(new.owner, self.w.rep_a)
		self.assertEqual(
			[(l.product, l.unit_price, l.cost_price) for l in new.lines],
			[(l.product, l.unit_price, l.cost_price) for l in old.lines],
		)
		self.assertIn(COST, [l.cost_price for l in new.lines])
		self.assertEqual({r.user for r in new.shared_with}, {self.w.rep_c})
		self.assertNotEqual(new.title, old.title)
		self.assertTrue(new.title.startswith(f"{PREFIX} 甲方科技有限公司_价格表_{getdate(nowdate()):%Y%m%d}"))

	def test_only_one_open_draft_per_file(self):
		with self.set_user(self.w.rep_a):
			api.new_revision(self.pw.a)
			self.assertRaises(PriceFileRevisionError, api.new_revision, self.pw.a)
			self.assertRaises(PriceFileRevisionError, api.restore, self.pw.a)

	def test_a_draft_cannot_be_revised(self):
		name = self.draft_of_rep_a()
		with self.set_user(self.w.rep_a):
			self.assertRaises(PriceFileRevisionError, api.new_revision, name)
			self.assertRaises(PriceFileRevisionError, api.restore, name)

	def test_approving_a_revision_supersedes_the_version_before(self):
		with self.set_user(self.w.rep_a):
			v2 = api.new_revision(self.pw.a)
			doc = frappe.get_doc(DT, v2)
			doc.lines[0].unit_price = 1.5
			doc.save()
		approve_price_file(v2, submitter=self.w.rep_a, approver=self.pw.pm)
		self.assertEqual(self.status(self.pw.a), ("Superseded", 1))
		self.assertEqual(frappe.db.get_value(DT, self.pw.a, "superseded_by"), v2)
		self.assertEqual(self.status(v2), ("Approved", 1))
		# the old version is intact and still read-only, and only the version in force is revised
		self.assertEqual(frappe.get_doc(DT, self.pw.a).lines[0].unit_price, 1.2)
		with self.set_user(self.w.rep_a):
			self.assertRaises(PriceFileRevisionError, api.new_revision, self.pw.a)
			history = api.version_history(v2)
		self.assertEqual([(h["version"], h["status"]) for h in history], [(2, "Approved"), (1, "Superseded")])

	def test_restore_makes_a_new_draft_from_an_old_version(self):
		with self.set_user(self.w.rep_a):
			v2 = api.new_revision(self.pw.a)
			doc = frappe.get_doc(DT, v2)
			doc.lines[0].unit_price = 9.9
			doc.remove(doc.lines[1])
			doc.save()
		approve_price_file(v2, submitter=self.w.rep_a, approver=self.pw.pm)
		with self.set_user(self.w.rep_a):
			v3 = api.restore(self.pw.a)
		restored = frappe.get_doc(DT, v3)
		self.assertEqual((restored.version, restored.based_on, restored.status), (3, self.pw.a, "Draft"))
		self.assertEqual(
			[(l.product, l.unit_price) for l in restored.lines], [(self.pw.bolt, 1.2), (self.pw.nut, 0.8)]
		)
		approve_price_file(v3, submitter=self.w.rep_a, approver=self.pw.pm)
		statuses = {n: frappe.db.get_value(DT, n, "status") for n in (self.pw.a, v2, v3)}
		self.assertEqual(statuses, {self.pw.a: "Superseded", v2: "Superseded", v3: "Approved"})

	def test_compare_two_versions_line_by_line(self):
		with self.set_user(self.w.rep_a):
			v2 = api.new_revision(self.pw.a)
			doc = frappe.get_doc(DT, v2)
			doc.lines[0].unit_price = 1.5  # bolt 1.2 -> 1.5: +25 %
			doc.lines[0].note = "含税"
			doc.remove(doc.lines[1])  # nut removed
			doc.append("lines", {"product": self.pw.washer, "unit_price": 0.1})
			doc.append("lines", {"product": self.pw.nut, "unit_price": 0.7, "min_qty": 100})  # a new tier
			doc.save()
			diff = api.compare_versions(self.pw.a, v2)
		self.assertEqual((diff["from"]["version"], diff["to"]["version"]), (1, 2))
		self.assertEqual(
			{(a["product"], a["min_qty"]) for a in diff["added"]}, {(self.pw.washer, 1), (self.pw.nut, 100)}
		)
		self.assertEqual([(r["product"], r["min_qty"]) for r in diff["removed"]], [(self.pw.nut, 1)])
		[changed] = diff["changed"]
		self.assertEqual(
			(changed["product"], changed["old_price"], changed["new_price"]), (self.pw.bolt, 1.2, 1.5)
		)
		self.assertEqual(changed["change_percent"], 25.0)
		self.assertEqual({c["field"] for c in changed["changes"]}, {"unit_price", "note"})
		self.assertEqual(diff["unchanged"], 0)
		with self.set_user(self.w.rep_a):  # and the other way round
			back = api.compare_versions(v2, self.pw.a)
		self.assertEqual(back["changed"][0]["change_percent"], -20.0)
		self.assertEqual(len(back["removed"]), 2)

	def test_versions_of_different_files_are_not_compared(self):
		with self.set_user(self.w.rep_b):
			self.assertRaises(PriceFileRevisionError, api.compare_versions, self.pw.b, self.pw.shared)

	# --- expiry ------------------------------------------------------------------------------------------

	def test_the_daily_job_expires_files_past_their_valid_to_date(self):
		frappe.db.set_value(
			DT, self.pw.b, {"valid_from": add_days(nowdate(), -366), "valid_to": add_days(nowdate(), -1)}
		)
		frappe.db.set_value(DT, self.pw.shared, "valid_to", nowdate())
		draft = self.draft_of_rep_a()
		frappe.db.set_value(DT, draft, {"valid_from": "2020-01-01", "valid_to": "2020-12-31"})
		expire_price_files()
		self.assertEqual(self.status(self.pw.b), ("Expired", 1))
		self.assertEqual(self.status(self.pw.shared), ("Approved", 1))  # valid through today
		self.assertEqual(self.status(draft), ("Draft", 0))  # drafts are not expired
		with self.set_user(self.w.rep_b):  # an expired file is renewed by a new revision, from today
			v2 = frappe.get_doc(DT, api.new_revision(self.pw.b))
		self.assertEqual((v2.version, getdate(v2.valid_from)), (2, getdate(nowdate())))
		self.assertGreater(getdate(v2.valid_to), getdate(nowdate()))

	def test_an_expired_or_superseded_file_is_not_deleted_either(self):
		frappe.db.set_value(DT, self.pw.b, "valid_to", add_days(nowdate(), -1))
		expire_price_files()
		with self.set_user(self.w.rep_b):
			self.assertRaises(frappe.ValidationError, frappe.delete_doc, DT, self.pw.b)
		self.assertRaises(frappe.ValidationError, frappe.delete_doc, DT, self.pw.b, ignore_permissions=True)
		self.assertTrue(frappe.db.exists(DT, self.pw.b))
