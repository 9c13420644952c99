"""Allocation, transfer, re-allocation, claiming and the owner-change log, as the users who
may and the users who must be refused, through the whitelisted endpoints the desk calls.

World (crm_plus.tests.factories.VisibilityWorld): reps A and B in team East (manager East), rep C in
team South (manager South), a CRM administrator, a price manager, customers of A, B, C, the pool and
one of B's shared with A; plus four customers in region "ALC 华东" (A's, B's, C's and one in the pool).
"""

from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase

from crm_plus.allocation import jobs, move
from crm_plus.allocation.move import MoveRequest, execute_move, plan_move
from crm_plus.allocation.pool import POOL_FIELDS
from crm_plus.allocation.selection import Selection
from crm_plus.api import allocation as api
from crm_plus.exceptions import (
	AllocationNotAllowed,
	HoldingLimitExceeded,
	InvalidSelectionError,
	OwnershipChangeNotAllowed,
)
from crm_plus.tests.factories import VisibilityWorld, make_customer, make_master, set_pool_settings
from crm_plus.tests.workers import queued

PREFIX = "ALC"
EAST = f"{PREFIX} 华东"


class TestAllocation(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = w = VisibilityWorld(PREFIX)
		make_master("CP Region", EAST)
		cls.east_a = make_customer(f"{PREFIX} 华东甲有限公司", w.rep_a, region=EAST)
		cls.east_b = make_customer(f"{PREFIX} 华东乙有限公司", w.rep_b, region=EAST)
		cls.east_c = make_customer(f"{PREFIX} 华东丙有限公司", w.rep_c, region=EAST)
		cls.east_pool = make_customer(f"{PREFIX} 华东公海有限公司", None, region=EAST, phone="021-55556666")
		set_pool_settings(holding_limit=0)

	def setUp(self):
		frappe.db.savepoint("allocation_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="allocation_test")

	# --- helpers ------------------------------------------------------------------------------------

	def owner(self, customer):
		return frappe.db.get_value("CP Customer", customer, "sales_owner")

	def log(self, customer, **filters):
		return frappe.get_all(
			"CP Owner Change Log",
			filters={"customer": customer, **filters},
			fields=[
				"operation",
				"from_owner",
				"to_owner",
				"changed_by",
				"reason",
				"batch_id",
				"to_owner_name",
			],
			order_by="creation asc",
		)

	def notifications(self, user):
		"""The notifications of allocation (not those of sharing the world's customers)."""
		return frappe.get_all(
			"Notification Log",
			filters={"for_user": user, "type": ("in", ["", "Alert"])},
			fields=["subject", "link", "type"],
			order_by="creation",
		)

	def refused(self, user, fn, *args, error=AllocationNotAllowed, **kwargs):
		"""Call an endpoint as `user`, expecting a refusal; return the message."""
		with self.set_user(user), self.assertRaises(error) as caught:
			fn(*args, **kwargs)
		return str(caught.exception)

	# --- select-allocate, allocate, re-allocate -------------------------------------------------

	def test_manager_allocates_a_pool_customer_to_a_rep_of_their_team(self):
		with self.set_user(self.w.mgr_east):
			preview = api.preview("Select-allocate", customers=[self.w.cust_pool], to_owner=self.w.rep_a)
			self.assertEqual(preview["count"], 1)
			self.assertIsNone(self.owner(self.w.cust_pool))  # a preview moves nothing
			result = api.allocate(customers=[self.w.cust_pool], to_owner=self.w.rep_a, reason="新人练手")
		self.assertEqual(result["moved"], 1)
		self.assertEqual(self.owner(self.w.cust_pool), self.w.rep_a)
		self.assertEqual(
			frappe.db.get_value("CP Customer", self.w.cust_pool, "sales_owner_name"),
			frappe.db.get_value("User", self.w.rep_a, "full_name"),
		)
		[row] = self.log(self.w.cust_pool)
		self.assertEqual(
			(row.operation, row.from_owner, row.to_owner, row.changed_by, row.reason),
			("Select-allocate", None, self.w.rep_a, self.w.mgr_east, "新人练手"),
		)
		[note] = self.notifications(self.w.rep_a)
		self.assertIn(f"{PREFIX} 公海客户有限公司", note.subject)
		with self.set_user(self.w.rep_a):
			self.assertTrue(frappe.has_permission("CP Customer", "write", self.w.cust_pool))

	def test_rule_preview_counts_by_current_owner_and_the_move_follows_it(self):
		with self.set_user(self.w.mgr_east):
			preview = api.preview("Allocate", filters={"region": EAST}, to_owner=self.w.rep_a)
			# A's own customer stays; C's belongs to another team and is not in the selection
			self.assertEqual(preview["count"], 2)
			self.assertEqual(
				{(r["from_owner"], r["count"]) for r in preview["by_owner"]}, {(self.w.rep_b, 1), (None, 1)}
			)
			self.assertIn("2", preview["html"])
			self.assertEqual(self.owner(self.east_b), self.w.rep_b)
			result = api.run_rule("Allocate", filters={"region": EAST}, to_owner=self.w.rep_a)
		self.assertEqual((result["queued"], result["moved"]), (False, 2))
		self.assertEqual(
			[self.owner(c) for c in (self.east_a, self.east_b, self.east_c, self.east_pool)],
			[self.w.rep_a, self.w.rep_a, self.w.rep_c, self.w.rep_a],
		)
		batch = {r.batch_id for c in (self.east_b, self.east_pool) for r in self.log(c)}
		self.assertEqual(len(batch), 1)  # one move, one batch
		[note] = self.notifications(self.w.rep_a)  # one notification for the whole move
		self.assertIn("2", note.subject)
		self.assertIn(batch.pop(), note.link)

	def test_re_allocate_takes_all_customers_of_one_owner_back_into_the_pool(self):
		with self.set_user(self.w.mgr_east):
			preview = api.preview("Re-allocate", filters={"from_owner": self.w.rep_b})
			self.assertEqual(preview["count"], 3)  # B's, B's shared one and B's in the east region
			result = api.run_rule("Re-allocate", filters={"from_owner": self.w.rep_b}, reason="离职")
		self.assertEqual(result["moved"], 3)
		for customer in (self.w.cust_b, self.w.cust_shared, self.east_b):
			self.assertIsNone(self.owner(customer))
			self.assertEqual(self.log(customer, operation="Re-allocate")[0].from_owner, self.w.rep_b)
		with self.set_user(self.w.rep_b):
			self.assertFalse(frappe.has_permission("CP Customer", "read", self.w.cust_b))
		# the shared user keeps their share
		with self.set_user(self.w.rep_a):
			self.assertTrue(frappe.has_permission("CP Customer", "write", self.w.cust_shared))

	def test_rule_combines_filters(self):
		make_master("CP Customer Category", f"{PREFIX} 重点客户")
		frappe.db.set_value("CP Customer", self.east_b, "customer_category", f"{PREFIX} 重点客户")
		with self.set_user(self.w.admin):
			preview = api.preview(
				"Re-allocate", filters={"region": EAST, "customer_category": f"{PREFIX} 重点客户"}
			)
		self.assertEqual([r["from_owner"] for r in preview["by_owner"]], [self.w.rep_b])

	# --- transfer -------------------------------------------------------------------------------

	def test_rep_transfers_their_own_customers_to_any_rep(self):
		with self.set_user(self.w.rep_a):
			result = api.transfer(customers=[self.w.cust_a, self.east_a], to_owner=self.w.rep_c)
		self.assertEqual(result["moved"], 2)
		self.assertEqual(self.owner(self.w.cust_a), self.w.rep_c)
		with self.set_user(self.w.rep_a):
			self.assertFalse(frappe.has_permission("CP Customer", "read", self.w.cust_a))
		[note] = self.notifications(self.w.rep_c)
		self.assertIn("2", note.subject)

	def test_rep_transfers_all_their_customers_by_rule(self):
		with self.set_user(self.w.rep_c):
			preview = api.preview("Transfer", filters={"region": EAST}, to_owner=self.w.rep_a)
			self.assertEqual(preview["count"], 1)  # only C's own customer in that region
			result = api.run_rule("Transfer", filters={"region": EAST}, to_owner=self.w.rep_a)
		self.assertEqual(result["moved"], 1)
		self.assertEqual(self.owner(self.east_c), self.w.rep_a)
		with self.set_user(self.w.rep_c):  # no filter at all: every customer of theirs
			preview = api.preview("Transfer", filters={}, to_owner=self.w.rep_b)
		self.assertEqual(preview["count"], frappe.db.count("CP Customer", {"sales_owner": self.w.rep_c}))
		self.assertEqual([r["from_owner"] for r in preview["by_owner"]], [self.w.rep_c])

	def test_manager_transfers_within_their_team(self):
		with self.set_user(self.w.mgr_east):
			api.transfer(customers=[self.w.cust_a], to_owner=self.w.rep_b)
		self.assertEqual(self.owner(self.w.cust_a), self.w.rep_b)

	# --- refusals, as the refused user, through the endpoints -------------------------------------

	def test_rep_may_not_transfer_anyone_elses_customer(self):
		message = self.refused(self.w.rep_a, api.transfer, customers=[self.w.cust_b], to_owner=self.w.rep_c)
		self.assertIn(self.w.cust_b, message)
		self.assertIn("not yours", message)
		# not even mixed with their own: nothing moves
		self.refused(
			self.w.rep_a, api.transfer, customers=[self.w.cust_a, self.w.cust_b], to_owner=self.w.rep_c
		)
		self.assertEqual(self.owner(self.w.cust_a), self.w.rep_a)
		# a shared customer is maintained, not owned
		self.refused(self.w.rep_a, api.transfer, customers=[self.w.cust_shared], to_owner=self.w.rep_c)
		self.refused(
			self.w.rep_a,
			api.run_rule,
			"Transfer",
			filters={"from_owner": self.w.rep_b},
			to_owner=self.w.rep_c,
		)
		self.assertEqual(self.owner(self.w.cust_b), self.w.rep_b)

	def test_rep_may_not_allocate_re_allocate_or_preview_them(self):
		for fn, kwargs in (
			(api.allocate, {"customers": [self.w.cust_pool], "to_owner": self.w.rep_a}),
			(api.return_to_pool, {"customers": [self.w.cust_a]}),
			(api.run_rule, {"operation": "Allocate", "filters": {"region": EAST}, "to_owner": self.w.rep_a}),
			(api.run_rule, {"operation": "Re-allocate", "filters": {"region": EAST}}),
			(api.preview, {"operation": "Re-allocate", "filters": {"region": EAST}}),
		):
			message = self.refused(self.w.rep_a, fn, **kwargs)
			self.assertIn("Only sales managers and CRM administrators", message)
		self.assertEqual(self.owner(self.w.cust_a), self.w.rep_a)
		self.assertIsNone(self.owner(self.w.cust_pool))

	def test_manager_may_not_touch_another_team(self):
		# the other team's customer
		message = self.refused(
			self.w.mgr_east, api.transfer, customers=[self.w.cust_c], to_owner=self.w.rep_a
		)
		self.assertIn("outside the teams you manage", message)
		self.refused(self.w.mgr_east, api.return_to_pool, customers=[self.w.cust_c])
		self.refused(self.w.mgr_east, api.run_rule, "Re-allocate", filters={"from_owner": self.w.rep_c})
		# the other team's rep as new owner
		message = self.refused(
			self.w.mgr_east, api.allocate, customers=[self.w.cust_pool], to_owner=self.w.rep_c
		)
		self.assertIn("not in a team you manage", message)
		self.refused(
			self.w.mgr_east, api.run_rule, "Allocate", filters={"region": EAST}, to_owner=self.w.rep_c
		)
		self.assertEqual(self.owner(self.w.cust_c), self.w.rep_c)
		self.assertIsNone(self.owner(self.w.cust_pool))

	def test_users_without_a_sales_role_are_refused_everything(self):
		for fn, kwargs in (
			(api.claim, {"customers": [self.w.cust_pool]}),
			(api.transfer, {"customers": [self.w.cust_a], "to_owner": self.w.rep_b}),
			(api.get_pool_customers, {}),
		):
			self.refused(self.w.outsider, fn, **kwargs)

	def test_new_owner_must_be_an_active_sales_user(self):
		message = self.refused(
			self.w.admin, api.allocate, customers=[self.w.cust_pool], to_owner=self.w.outsider
		)
		self.assertIn("not an active sales rep", message)
		frappe.db.set_value("User", self.w.rep_b, "enabled", 0)
		self.refused(self.w.admin, api.transfer, customers=[self.w.cust_a], to_owner=self.w.rep_b)

	def test_bad_selections_are_refused_clearly(self):
		self.refused(self.w.admin, api.run_rule, "Re-allocate", filters={}, error=InvalidSelectionError)
		self.refused(
			self.w.admin, api.run_rule, "Re-allocate", filters={"phone": "1"}, error=InvalidSelectionError
		)
		message = self.refused(
			self.w.admin, api.return_to_pool, customers=["C-DOES-NOT-EXIST"], error=InvalidSelectionError
		)
		self.assertIn("C-DOES-NOT-EXIST", message)
		self.refused(
			self.w.admin, api.run_rule, "Re-allocate", filters={"region": EAST}, to_owner=self.w.rep_a
		)
		self.refused(self.w.admin, api.run_rule, "Allocate", filters={"region": EAST})
		self.refused(self.w.admin, api.run_rule, "Claim", filters={"region": EAST}, to_owner=self.w.admin)
		# select-allocate and claim take unassigned customers only
		message = self.refused(
			self.w.mgr_east, api.allocate, customers=[self.w.cust_a], to_owner=self.w.rep_b
		)
		self.assertIn("not in the unassigned pool", message)

	# --- shares -------------------------------------------------------------------------------------

	def shares(self, customer):
		docshares = set(
			frappe.get_all("DocShare", {"share_doctype": "CP Customer", "share_name": customer}, pluck="user")
		)
		table = set(frappe.get_all("CP Customer Share", {"parent": customer}, pluck="user"))
		self.assertEqual(docshares, table)  # kept in step
		return docshares

	def test_shared_users_keep_access_and_a_new_owner_loses_their_redundant_share(self):
		customer = make_customer(
			f"{PREFIX} 多人共享有限公司", self.w.rep_b, shared_with=[self.w.rep_a, self.w.rep_c]
		)
		with self.set_user(self.w.rep_b):
			api.transfer(customers=[customer], to_owner=self.w.rep_a)
		self.assertEqual(self.owner(customer), self.w.rep_a)
		self.assertEqual(self.shares(customer), {self.w.rep_c})
		with self.set_user(self.w.rep_c):
			self.assertTrue(frappe.has_permission("CP Customer", "write", customer))
		with self.set_user(self.w.rep_b):  # the previous owner, not shared
			self.assertFalse(frappe.has_permission("CP Customer", "read", customer))
		self.assertEqual(
			{r.user for r in frappe.get_doc("CP Customer", customer).shared_with}, {self.w.rep_c}
		)

	def test_returning_to_the_pool_keeps_the_shares(self):
		customer = make_customer(f"{PREFIX} 交接共享有限公司", self.w.rep_a, shared_with=[self.w.rep_b])
		with self.set_user(self.w.mgr_east):
			api.return_to_pool(customers=[customer])
		self.assertEqual(self.shares(customer), {self.w.rep_b})
		with self.set_user(self.w.rep_b):
			self.assertTrue(frappe.has_permission("CP Customer", "write", customer))
		with self.set_user(self.w.rep_a):
			self.assertFalse(frappe.has_permission("CP Customer", "read", customer))

	# --- the pool -----------------------------------------------------------------------------------

	def test_rep_sees_the_pool_with_limited_fields_and_claims_from_it(self):
		with self.set_user(self.w.rep_a):
			self.assertFalse(frappe.has_permission("CP Customer", "read", self.east_pool))
			pool = api.get_pool_customers(filters={"region": EAST})
			self.assertEqual([c["name"] for c in pool["customers"]], [self.east_pool])
			self.assertEqual(set(pool["customers"][0]), set(POOL_FIELDS))
			self.assertNotIn("021-55556666", frappe.as_json(pool))
			from crm_plus.crm_plus.report.cp_customer_pool.cp_customer_pool import execute

			columns, rows, message = execute({"region": EAST})
			self.assertEqual([r["name"] for r in rows], [self.east_pool])
			self.assertNotIn("phone", {c["fieldname"] for c in columns})
			self.assertIn("1", message)
			result = api.claim(customers=[self.east_pool])
			self.assertEqual(result["moved"], 1)
			self.assertTrue(frappe.has_permission("CP Customer", "write", self.east_pool))
			self.assertEqual(api.get_pool_customers(filters={"region": EAST})["customers"], [])
		[row] = self.log(self.east_pool)
		self.assertEqual((row.operation, row.from_owner, row.to_owner), ("Claim", None, self.w.rep_a))
		self.assertEqual(self.notifications(self.w.rep_a), [])  # nobody to tell: they did it themselves

	def test_claiming_an_owned_customer_is_refused(self):
		message = self.refused(self.w.rep_c, api.claim, customers=[self.w.cust_a])
		self.assertIn("not in the unassigned pool", message)
		self.assertEqual(self.owner(self.w.cust_a), self.w.rep_a)

	def test_holding_limit_refuses_claims_and_allocations_beyond_it(self):
		holds = frappe.db.count("CP Customer", {"sales_owner": self.w.rep_a})
		set_pool_settings(holding_limit=holds + 1)
		message = self.refused(
			self.w.rep_a, api.claim, customers=[self.w.cust_pool, self.east_pool], error=HoldingLimitExceeded
		)
		self.assertIn(f"holding limit of {holds + 1}", message)
		self.assertIsNone(self.owner(self.w.cust_pool))
		with self.set_user(self.w.mgr_east):
			preview = api.preview("Allocate", filters={"region": EAST}, to_owner=self.w.rep_a)
			self.assertTrue(preview["exceeds_limit"])
		self.refused(
			self.w.mgr_east,
			api.run_rule,
			"Allocate",
			filters={"region": EAST},
			to_owner=self.w.rep_a,
			error=HoldingLimitExceeded,
		)
		# a transfer to a rep at the limit, and an owner change on the form, are refused alike
		with self.set_user(self.w.rep_a):
			api.claim(customers=[self.w.cust_pool])  # exactly at the limit now
		self.refused(
			self.w.rep_c,
			api.transfer,
			customers=[self.w.cust_c],
			to_owner=self.w.rep_a,
			error=HoldingLimitExceeded,
		)
		with self.set_user(self.w.mgr_east):
			doc = frappe.get_doc("CP Customer", self.w.cust_b)
			doc.sales_owner = self.w.rep_a
			self.assertRaises(HoldingLimitExceeded, doc.save)
		set_pool_settings(holding_limit=0)
		with self.set_user(self.w.rep_a):
			self.assertEqual(api.claim(customers=[self.east_pool])["moved"], 1)

	def test_manager_edits_unassigned_customers(self):
		with self.set_user(self.w.mgr_east):
			doc = frappe.get_doc("CP Customer", self.w.cust_pool)
			doc.remarks = "待分配：优先给新人"
			doc.save()
		with self.set_user(self.w.rep_a):  # a rep cannot, the pool is not theirs
			doc = frappe.get_doc("CP Customer", self.w.cust_pool)
			doc.remarks = "我的"
			self.assertRaises(frappe.PermissionError, doc.save)
		self.assertEqual(
			frappe.db.get_value("CP Customer", self.w.cust_pool, "remarks"), "待分配：优先给新人"
		)

	# --- manual owner change on the form ----------------------------------------------------------

	def test_owner_change_on_the_form_is_logged_and_notified(self):
		with self.set_user(self.w.mgr_east):
			doc = frappe.get_doc("CP Customer", self.w.cust_pool)
			doc.sales_owner = self.w.rep_b
			doc.save()
			doc.remarks = "no owner change: no log row"
			doc.save()
		[row] = self.log(self.w.cust_pool)
		self.assertEqual(
			(row.operation, row.from_owner, row.to_owner, row.changed_by),
			("Manual edit", None, self.w.rep_b, self.w.mgr_east),
		)
		[note] = self.notifications(self.w.rep_b)
		self.assertIn(self.w.cust_pool, note.link)
		# refused changes leave no row
		with self.set_user(self.w.rep_a):
			doc = frappe.get_doc("CP Customer", self.w.cust_shared)
			doc.sales_owner = self.w.rep_a
			self.assertRaises(OwnershipChangeNotAllowed, doc.save)
		self.assertEqual(self.log(self.w.cust_shared), [])

	# --- concurrency within one process, and the background path -----------------------------------

	def test_a_customer_moved_after_the_preview_is_skipped_not_moved_twice(self):
		with self.set_user(self.w.mgr_east):
			plan = plan_move(
				MoveRequest("Select-allocate", Selection(customers=[self.w.cust_pool]), to_owner=self.w.rep_a)
			)
		frappe.db.set_value(
			"CP Customer", self.w.cust_pool, "sales_owner", self.w.rep_b
		)  # someone was faster
		with self.set_user(self.w.mgr_east):
			result = execute_move(plan)
		self.assertEqual((result.moved, result.skipped), (0, 1))
		self.assertEqual(self.owner(self.w.cust_pool), self.w.rep_b)
		self.assertEqual(self.log(self.w.cust_pool), [])
		self.assertEqual(self.notifications(self.w.rep_a), [])

	def test_large_moves_run_as_a_background_job_with_progress_and_a_result(self):
		customers = [self.w.cust_b, self.w.cust_shared, self.east_b]
		with (
			patch.object(move, "BACKGROUND_THRESHOLD", 2),
			patch.object(move, "BATCH_SIZE", 2),
			patch("frappe.enqueue") as enqueue,
			patch("frappe.publish_progress") as progress,
			self.set_user(self.w.mgr_east),
		):
			preview = api.preview("Re-allocate", customers=customers)
			self.assertTrue(preview["background"])
			response = api.return_to_pool(customers=customers, reason="调岗")
			self.assertTrue(response["queued"])
			self.assertEqual(self.owner(self.w.cust_b), self.w.rep_b)  # nothing moved yet
			[call] = enqueue.call_args_list
			method, kwargs = queued(call)
			self.assertEqual(method, jobs.JOB)
			self.assertEqual(call.kwargs["queue"], "long")
			self.assertTrue(call.kwargs["enqueue_after_commit"])
			result = jobs.run_move_job(**kwargs)  # what the worker runs
		self.assertEqual(result["moved"], 3)
		self.assertEqual([c.args[0] for c in progress.call_args_list], [200 / 3, 100])
		for customer in customers:
			self.assertIsNone(self.owner(customer))
			[row] = self.log(customer)
			self.assertEqual((row.batch_id, row.reason), (response["batch_id"], "调岗"))
		[note] = self.notifications(self.w.mgr_east)
		self.assertIn("3 moved", note.subject)

	def test_a_job_re_run_after_a_deadlock_skips_what_it_moved_and_continues_the_log(self):
		request = MoveRequest(
			"Re-allocate", Selection(customers=[self.w.cust_b, self.east_b]), user=self.w.mgr_east
		)
		# the first run committed its first batch, then the worker lost the rest to a deadlock
		first = MoveRequest(request.operation, Selection(customers=[self.w.cust_b]), user=self.w.mgr_east)
		first.batch_id = request.batch_id
		jobs.run_move_job(first.as_dict())
		result = jobs.run_move_job(request.as_dict())  # the worker runs the whole job again
		self.assertEqual(result["moved"], 1)
		self.assertIsNone(self.owner(self.east_b))
		names = frappe.get_all("CP Owner Change Log", {"batch_id": request.batch_id}, pluck="name")
		self.assertEqual(sorted(names), [f"{request.batch_id}-00001", f"{request.batch_id}-00002"])

	def test_a_refused_background_job_moves_nothing_and_says_why(self):
		request = MoveRequest(
			"Transfer", Selection(customers=[self.w.cust_a]), to_owner=self.w.rep_c, user=self.w.rep_b
		)
		result = jobs.run_move_job(request.as_dict())
		self.assertEqual(result["moved"], 0)
		self.assertEqual(self.owner(self.w.cust_a), self.w.rep_a)
		[note] = self.notifications(self.w.rep_b)
		self.assertIn("not yours", note.subject)

	# --- notifications by e-mail ------------------------------------------------------------------

	def test_new_owner_is_emailed_where_an_email_account_is_configured(self):
		with self.set_user(self.w.mgr_east):
			api.allocate(customers=[self.w.cust_pool], to_owner=self.w.rep_a)
		self.assertEqual(self.notifications(self.w.rep_a)[0].type, "Alert")  # no account: desk only
		self.assertFalse(frappe.db.exists("Email Queue Recipient", {"recipient": self.w.rep_a}))
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": f"{PREFIX} Outgoing",
				"email_id": "crm-notify@crm-plus.test",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "smtp.crm-plus.test",
				"password": "not-used-in-tests",
			}
		).insert(ignore_permissions=True)
		frappe.local.outgoing_email_account = {}
		self.addCleanup(lambda: setattr(frappe.local, "outgoing_email_account", {}))
		# queue the mail but do not send it: sending commits, and there is no SMTP server here
		with self.set_user(self.w.mgr_east), patch.dict(frappe.flags, {"mute_emails": True}):
			api.transfer(customers=[self.w.cust_pool], to_owner=self.w.rep_b)
		self.assertEqual(self.notifications(self.w.rep_b)[0].type, "")
		self.assertTrue(frappe.db.exists("Email Queue Recipient", {"recipient": self.w.rep_b}))
