"""The allocation desk UI in headless Chromium against the site's web server: a manager allocates a
pool customer from the customer list (Actions menu, preview, confirm) and previews a rule in the
allocation tool; a rep claims a customer from the pool report.

Skipped like the browser smoke test when Chromium or Playwright is missing. The data is committed
(the web server is another process) and removed afterwards."""

import os
import time
import unittest

import frappe
from frappe.tests.utils import FrappeTestCase

from crm_plus.compat import DESK
from crm_plus.permissions import roles
from crm_plus.tests.factories import TEST_PASSWORD, make_customer, make_master, make_team, make_user
from crm_plus.tests.requirements import CHROMIUM, CHROMIUM_FLAGS, log_in, needs_browser, sync_playwright
from crm_plus.tests.server import artifacts_dir, site_server

PREFIX = "BRW"
REGION = f"{PREFIX} 西北"


@needs_browser()
class TestAllocationInTheBrowser(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		p = PREFIX.lower()
		cls.manager = make_user(f"{p}-mgr@crm-plus.test", [roles.SALES_MANAGER], "BRW Manager")
		cls.rep = make_user(f"{p}-rep@crm-plus.test", [roles.SALES_REP], "BRW Rep")
		make_team(f"{PREFIX} Team", cls.manager, [cls.rep])
		make_master("CP Region", REGION)
		cls.for_list = make_customer(f"{PREFIX} 列表分配有限公司", None, region=REGION)
		cls.for_claim = make_customer(f"{PREFIX} 公海领取有限公司", None, region=REGION)
		cls.addClassCleanup(cls.remove_data)
		frappe.db.commit()  # the web server is another process
		cls._server = site_server()
		cls.base = cls._server.__enter__()
		cls.addClassCleanup(cls._server.__exit__, None, None, None)

	@classmethod
	def remove_data(cls):
		frappe.db.rollback()
		customers = [cls.for_list, cls.for_claim]
		frappe.db.delete("CP Owner Change Log", {"customer": ("in", customers)})
		for name in customers:
			frappe.delete_doc("CP Customer", name, force=True, ignore_permissions=True)
		frappe.db.delete("Notification Log", {"for_user": ("in", [cls.manager, cls.rep])})
		frappe.db.commit()

	def owner_eventually(self, customer, owner, timeout=30):
		deadline = time.monotonic() + timeout
		while time.monotonic() < deadline:
			frappe.db.rollback()  # a fresh snapshot: see what the web server committed
			if frappe.db.get_value("CP Customer", customer, "sales_owner") == owner:
				return
			time.sleep(0.5)
		self.fail(f"{customer} did not go to {owner}")

	def browse(self, user, steps):
		with sync_playwright()() as p:
			browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
			page = browser.new_page(viewport={"width": 1440, "height": 900})
			errors = []
			page.on("pageerror", lambda e: errors.append(str(e)))
			try:
				log_in(page, self.base, user)
				steps(page)
			finally:
				page.screenshot(path=os.path.join(artifacts_dir(), f"allocation-{steps.__name__}.png"))
				browser.close()
		self.assertEqual(errors, [], "JavaScript errors in the page")

	def confirm(self, page):
		page.locator(".modal.show .btn-primary", has_text="Yes").click()

	def test_manager_allocates_from_the_list_and_previews_a_rule(self):
		def list_and_tool(page):
			page.goto(f"{self.base}{DESK}/cp-customer?name={self.for_list}")
			page.locator(".list-row-checkbox").first.check(timeout=60_000)
			page.locator(".actions-btn-group button").click()
			page.locator(".actions-btn-group .dropdown-item", has_text="Allocate to Sales Rep").click()
			page.wait_for_function("window.cur_dialog && cur_dialog.fields_dict.to_owner", timeout=30_000)
			page.evaluate(f"cur_dialog.set_value('to_owner', '{self.rep}')")
			page.locator(".modal.show .btn-primary", has_text="Preview").click()
			page.wait_for_selector(".modal.show :text('1 customers will move')", timeout=30_000)
			self.confirm(page)
			self.owner_eventually(self.for_list, self.rep)

			page.goto(f"{self.base}{DESK}/cp-allocation-tool")
			page.wait_for_function(
				"window.cur_frm && cur_frm.doctype === 'CP Allocation Tool'", timeout=60_000
			)
			page.evaluate(f"cur_frm.set_value('region', '{REGION}')")
			page.evaluate("cur_frm.set_value('only_unassigned', 1)")
			page.evaluate(f"cur_frm.set_value('to_owner', '{self.rep}')")
			page.locator(".page-actions button, .form-inner-toolbar button", has_text="Preview").first.click()
			page.wait_for_selector(
				"[data-fieldname='preview_html'] :text('1 customers will move')", timeout=30_000
			)

		self.browse(self.manager, list_and_tool)
		frappe.db.rollback()
		self.assertIsNone(frappe.db.get_value("CP Customer", self.for_claim, "sales_owner"))  # previewed only

	def test_rep_claims_from_the_pool_report(self):
		def claim(page):
			page.goto(f"{self.base}{DESK}/query-report/CP Customer Pool?region={REGION}")
			page.wait_for_selector(f".dt-scrollable :text('{PREFIX} 公海领取有限公司')", timeout=60_000)
			# the report may still be refreshing (a second render would drop the selection): wait until
			# the desk has no request in flight before selecting the row
			page.evaluate("() => new Promise((done) => frappe.after_ajax(done))")
			row = page.locator(".dt-row", has_text=f"{PREFIX} 公海领取有限公司")
			row.locator("input[type='checkbox']").check()
			page.locator(
				".page-actions button, .custom-actions button", has_text="Claim Selected"
			).first.click()
			self.confirm(page)
			self.owner_eventually(self.for_claim, self.rep)

		self.browse(self.rep, claim)
