"""The customer list's page as a rep with shared customers asks for it (crm_plus/overrides/reportview.py)
is exactly the framework's page, and the other requests are the framework's own.

Every combination of user (a rep with shares: the page is found through the rep's index; a rep without;
a manager; an administrator), filters, or-filters, sort and page is asked of ``frappe.desk.reportview.get``
through the hooked override and of the framework's function, and the answers must be equal — rows,
columns and order. The world's customers have distinct ``modified`` and ``creation`` times (with equal
times the framework's own order is undefined); pages across equal times are tested on their own.
"""

import json
from datetime import datetime, timedelta
from unittest.mock import patch

import frappe
import requests
from frappe.desk import reportview
from frappe.tests.utils import FrappeTestCase

from crm_plus.overrides import reportview as page_override
from crm_plus.permissions import roles
from crm_plus.tests.factories import make_customer, make_team, make_user
from crm_plus.tests.server import site_server
from crm_plus.tests.test_http_visibility import api_token

PREFIX = "ListPage"
DESK_FIELDS = [
	"`tabCP Customer`.`name`",
	"`tabCP Customer`.`owner`",
	"`tabCP Customer`.`creation`",
	"`tabCP Customer`.`modified`",
	"`tabCP Customer`.`modified_by`",
	"`tabCP Customer`.`_user_tags`",
	"`tabCP Customer`.`_comments`",
	"`tabCP Customer`.`_assign`",
	"`tabCP Customer`.`_liked_by`",
	"`tabCP Customer`.`docstatus`",
	"`tabCP Customer`.`customer_name`",
	"`tabCP Customer`.`status`",
	"`tabCP Customer`.`grade`",
	"`tabCP Customer`.`sales_owner`",
]
OURS = [["CP Customer", "customer_name", "like", f"{PREFIX} %"]]


def hooked_get():
	return frappe.get_attr(frappe.override_whitelisted_method("frappe.desk.reportview.get"))


def ask(fn, **form):
	frappe.local.form_dict = frappe._dict({"doctype": "CP Customer", **form})
	try:
		return fn()
	finally:
		frappe.local.form_dict = frappe._dict()


def fast_page(user: str, form: dict) -> list[str] | None:
	"""The page's names as the override finds them when `user` asks for `form`; None where it leaves the
	request to the framework."""
	found = []

	def spy(*args):
		found.append(original(*args))
		return found[-1]

	original = page_override._page_names
	frappe.set_user(user)
	with patch.object(page_override, "_page_names", spy):
		try:
			ask(hooked_get(), **form)
		except frappe.ValidationError:
			pass  # a request the framework refuses (after the override left it to the framework)
	return found[0] if found else None


class TestCustomerListPage(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		p = PREFIX.lower()
		cls.rep = make_user(f"{p}-rep@crm-plus.test", [roles.SALES_REP])
		cls.other = make_user(f"{p}-other@crm-plus.test", [roles.SALES_REP])
		cls.lonely = make_user(f"{p}-lonely@crm-plus.test", [roles.SALES_REP])
		cls.manager = make_user(f"{p}-mgr@crm-plus.test", [roles.SALES_MANAGER])
		make_team(f"{PREFIX} Team", cls.manager, [cls.rep, cls.other, cls.lonely])
		customers = []
		for i in range(24):
			customers.append(
				make_customer(f"{PREFIX} {i:02d} 自有", cls.rep, status="Active" if i % 3 else "Paused")
			)
		for i in range(16):
			shared = (cls.rep,) if i % 2 else ()
			customers.append(make_customer(f"{PREFIX} {i:02d} 他人", cls.other, shared_with=shared))
		for i in range(6):
			customers.append(make_customer(f"{PREFIX} {i:02d} 独自", cls.lonely))
		customers.append(make_customer(f"{PREFIX} 公海", None, shared_with=(cls.rep,)))
		cls.customers = customers
		# distinct times (47 customers, 37 minutes apart modulo 47), owners and shares interleaved
		start = datetime(2026, 1, 1, 9)
		for i, name in enumerate(customers):
			at = start + timedelta(minutes=(i * 37) % len(customers))
			frappe.db.set_value(
				"CP Customer",
				name,
				{"modified": at, "creation": at - timedelta(days=i % 5)},
				update_modified=False,
			)
		frappe.db.commit()  # the HTTP test's web server is another process
		cls.addClassCleanup(cls.remove_world)

	@classmethod
	def remove_world(cls):
		frappe.set_user("Administrator")
		for name in cls.customers:
			frappe.delete_doc("CP Customer", name, force=True, ignore_permissions=True)
		frappe.delete_doc("CP Sales Team", f"{PREFIX} Team", force=True, ignore_permissions=True)
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")

	def requests_to_compare(self):
		for order in (
			"`tabCP Customer`.`modified` desc",
			"`tabCP Customer`.`modified` asc",
			"creation desc",
			"`tabCP Customer`.`customer_name` asc",
		):
			for filters, or_filters in (
				(OURS, None),
				([*OURS, ["CP Customer", "status", "=", "Active"]], None),
				([*OURS, ["status", "!=", "Active"]], None),
				(OURS, [["CP Customer", "grade", "is", "not set"], ["CP Customer", "status", "=", "Active"]]),
				([*OURS, ["CP Customer Share", "user", "is", "set"]], None),
			):
				for start, length in ((0, 20), (0, 5), (5, 5), (18, 7), (20, 20), (40, 20), (0, 500)):
					yield {
						"fields": json.dumps(DESK_FIELDS),
						"filters": json.dumps(filters),
						"or_filters": json.dumps(or_filters) if or_filters else None,
						"order_by": order,
						"start": start,
						"page_length": length,
						"view": "List",
						"with_comment_count": 1,
					}

	def test_every_page_is_the_frameworks_page(self):
		override = hooked_get()
		self.assertIsNot(override, reportview.get)
		taken = 0
		for user in (self.rep, self.other, self.lonely, self.manager, "Administrator"):
			frappe.set_user(user)
			for form in self.requests_to_compare():
				with self.subTest(user=user, **form):
					expected = ask(reportview.get, **form)
					actual = ask(override, **form)
					self.assertEqual(actual, expected)
					page = fast_page(user, form)
					if page is not None:
						taken += 1
						self.assertEqual(user, self.rep, "only a rep with shares takes the rep's index")
						self.assertEqual(page, [row[0] for row in (expected or {}).get("values", [])])
		# the fast way was taken for every modified / creation sort on CP Customer's own fields
		self.assertEqual(taken, 3 * 4 * 7)

	def test_the_page_names_exactly_the_reps_customers(self):
		frappe.set_user(self.rep)
		form = next(self.requests_to_compare())
		answer = ask(hooked_get(), **{**form, "page_length": 500})
		names = {row[0] for row in answer["values"]}
		own = set(self.customers[:24])
		shared = set(self.customers[25:40:2]) | {self.customers[-1]}
		self.assertEqual(names, own | shared)

	def test_filters_naming_a_customer_the_rep_may_not_see_find_nothing(self):
		frappe.set_user(self.rep)
		form = next(self.requests_to_compare())
		hidden = [self.customers[24], self.customers[40]]  # another rep's, not shared; the lonely rep's
		for name in hidden:
			customer_name = frappe.db.get_value("CP Customer", name, "customer_name")
			for change in (
				{"filters": json.dumps([["CP Customer", "name", "=", name]])},
				{"filters": json.dumps([["customer_name", "=", customer_name]])},
				{"filters": "[]", "or_filters": json.dumps([["name", "=", name], ["name", "=", "nothing"]])},
				{"filters": json.dumps([["name", "in", [name, self.customers[0]]]])},
			):
				with self.subTest(name=name, **change):
					answer = ask(hooked_get(), **{**form, **change})
					self.assertNotIn(name, json.dumps(answer, default=str))
					self.assertEqual(answer, ask(reportview.get, **{**form, **change}))

	def test_more_shares_than_a_list_holds_go_to_the_framework(self):
		frappe.set_user(self.rep)
		form = next(self.requests_to_compare())
		with (
			patch.object(page_override, "INLINE_SHARES_LIMIT", 3),
			patch.object(page_override, "_page_names", side_effect=AssertionError("not the framework")),
		):
			self.assertEqual(ask(hooked_get(), **form), ask(reportview.get, **form))

	def test_requests_the_fast_way_cannot_answer_go_to_the_framework(self):
		frappe.set_user(self.rep)
		base = next(self.requests_to_compare())
		for change in (
			{"group_by": "`tabCP Customer`.`status`"},
			{"fields": json.dumps(["count(`tabCP Customer`.`name`) as total"])},
			{"fields": json.dumps(["`tabCP Customer Share`.`user`", "`tabCP Customer`.`name`"])},
			{"filters": json.dumps({"customer_name": ["like", f"{PREFIX} %"]})},
			{"order_by": "`tabCP Customer`.`modified` desc, `tabCP Customer`.`name` asc"},
			{"page_length": 0},
			{"doctype": "ToDo", "fields": json.dumps(["name"]), "filters": "[]"},
		):
			with self.subTest(**change):
				self.assertIsNone(fast_page(self.rep, {**base, **change}))

	def test_a_restriction_besides_the_rule_leaves_the_page_to_the_framework(self):
		"""User Permissions on CP Customer narrow what the rep sees below own-or-shared (to the allowed ones
		and, as the framework always adds, the shared ones): the page the fast way finds has customers the
		framework then hides, so the framework pages by itself."""
		from frappe.permissions import add_user_permission

		self.addCleanup(
			frappe.clear_cache, user=self.rep
		)  # the user permissions are cached: after the rollback
		self.addCleanup(frappe.db.rollback)
		shared = set(self.customers[25:40:2]) | {self.customers[-1]}
		allowed = [self.customers[i] for i in (0, 3, 5, 20)]
		for name in allowed:
			add_user_permission("CP Customer", name, self.rep, ignore_permissions=True)
		frappe.set_user(self.rep)
		for form in self.requests_to_compare():
			if form["order_by"] != "`tabCP Customer`.`modified` desc":
				continue
			with self.subTest(**form):
				expected = ask(reportview.get, **form)
				self.assertEqual(ask(hooked_get(), **form), expected)
				self.assertLessEqual(
					{row[0] for row in (expected or {}).get("values", [])}, set(allowed) | shared
				)

	def test_pages_across_equal_times_show_every_customer_once(self):
		self.addCleanup(frappe.db.rollback)
		own, shared = self.customers[0], self.customers[25]
		at = frappe.db.get_value("CP Customer", own, "modified")
		frappe.db.set_value("CP Customer", shared, "modified", at, update_modified=False)
		frappe.db.set_value("CP Customer", self.customers[1], "modified", at, update_modified=False)
		frappe.set_user(self.rep)
		form = next(self.requests_to_compare())
		everything = ask(reportview.get, **{**form, "page_length": 500})["values"]
		seen = []
		for start in range(len(everything) + 1):
			answer = ask(hooked_get(), **{**form, "start": start, "page_length": 1})
			seen += [row[0] for row in (answer or {}).get("values", [])]
		self.assertEqual(len(seen), len(everything))
		self.assertEqual(set(seen), {row[0] for row in everything})

	def test_over_http_the_rep_gets_the_page_and_nothing_else(self):
		token = api_token(self.rep)
		frappe.db.commit()
		form = next(self.requests_to_compare())
		with site_server() as base:
			r = requests.post(
				f"{base}/api/method/frappe.desk.reportview.get",
				data={"doctype": "CP Customer", **{k: v for k, v in form.items() if v is not None}},
				headers={"Authorization": token},
				timeout=60,
			)
		self.assertEqual(r.status_code, 200, r.text)
		frappe.set_user(self.rep)
		self.assertEqual(r.json()["message"], json.loads(frappe.as_json(ask(reportview.get, **form))))
		names = {row[0] for row in r.json()["message"]["values"]}
		self.assertEqual(len(names), 20)
		self.assertFalse(names & set(self.customers[24:40:2]), "a customer of another rep, not shared")
		self.assertFalse(names & set(self.customers[40:46]))
