"""The visibility rule over real HTTP: the site's web server, a rep's API key, /api/resource and
whitelisted methods, exactly as a REST client uses them."""

import json
from urllib.parse import quote

import frappe
import requests
from frappe.tests.utils import FrappeTestCase

from crm_plus.tests.factories import VisibilityWorld, make_contact
from crm_plus.tests.server import site_server

PREFIX = "HTTP"


def api_token(user: str) -> str:
	doc = frappe.get_doc("User", user)
	doc.api_key = frappe.generate_hash(length=15)
	secret = frappe.generate_hash(length=15)
	doc.api_secret = secret
	doc.save(ignore_permissions=True)
	return f"token {doc.api_key}:{secret}"


class TestCustomerVisibilityOverHTTP(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = VisibilityWorld(PREFIX)
		cls.contact_b = make_contact(cls.w.cust_b, "Bob HTTP")
		cls.token_a = api_token(cls.w.rep_a)
		cls.token_mgr = api_token(cls.w.mgr_east)
		frappe.db.commit()  # the web server is another process with its own connection
		cls.addClassCleanup(cls.remove_world)
		cls._server = site_server()
		cls.base = cls._server.__enter__()
		cls.addClassCleanup(cls._server.__exit__, None, None, None)

	@classmethod
	def remove_world(cls):
		frappe.set_user("Administrator")
		frappe.delete_doc("Contact", cls.contact_b, force=True, ignore_permissions=True)
		cls.w.remove()
		frappe.db.commit()

	def get(self, path, token=None, **params):
		return requests.get(
			f"{self.base}{path}", params=params, headers={"Authorization": token or self.token_a}, timeout=60
		)

	def test_resource_list_returns_only_the_reps_customers(self):
		r = self.get(
			"/api/resource/CP Customer",
			filters=json.dumps([["customer_name", "like", f"{PREFIX} %"]]),
			limit_page_length=0,
		)
		self.assertEqual(r.status_code, 200, r.text)
		self.assertEqual({d["name"] for d in r.json()["data"]}, self.w.expected(self.w.rep_a))

	def test_manager_gets_the_team_and_the_pool(self):
		r = self.get(
			"/api/resource/CP Customer",
			token=self.token_mgr,
			filters=json.dumps([["customer_name", "like", f"{PREFIX} %"]]),
			limit_page_length=0,
		)
		self.assertEqual({d["name"] for d in r.json()["data"]}, self.w.expected(self.w.mgr_east))

	def test_another_reps_customer_is_refused(self):
		for name in (self.w.cust_b, self.w.cust_c, self.w.cust_pool):
			r = self.get(f"/api/resource/CP Customer/{quote(name)}")
			self.assertIn(r.status_code, (403, 404), r.text)
			self.assertNotIn(name + '"', r.text.replace(f"/{name}", ""))
		r = self.get(f"/api/resource/CP Customer/{quote(self.w.cust_a)}")
		self.assertEqual(r.status_code, 200)
		self.assertEqual(r.json()["data"]["customer_name"], f"{PREFIX} 甲方科技有限公司")

	def test_another_reps_customer_cannot_be_changed(self):
		r = requests.put(
			f"{self.base}/api/resource/CP Customer/{quote(self.w.cust_b)}",
			json={"remarks": "mine now", "sales_owner": self.w.rep_a},
			headers={"Authorization": self.token_a},
			timeout=60,
		)
		self.assertEqual(r.status_code, 403, r.text)
		self.assertEqual(frappe.db.get_value("CP Customer", self.w.cust_b, "sales_owner"), self.w.rep_b)

	def test_count_and_link_search_methods(self):
		r = self.get(
			"/api/method/frappe.client.get_count",
			doctype="CP Customer",
			filters=json.dumps([["customer_name", "like", f"{PREFIX} %"]]),
		)
		self.assertEqual(r.json()["message"], 2, r.text)
		r = self.get(
			"/api/method/frappe.desk.search.search_link", doctype="CP Customer", txt=PREFIX, page_length=50
		)
		self.assertEqual({d["value"] for d in r.json()["message"]}, self.w.expected(self.w.rep_a))

	def test_another_reps_contact_is_refused(self):
		r = self.get(f"/api/resource/Contact/{quote(self.contact_b)}")
		self.assertIn(r.status_code, (403, 404), r.text)
