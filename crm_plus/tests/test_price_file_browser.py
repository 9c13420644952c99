"""The price file form in headless Chromium: it loads without script errors, offers the version and
Excel/Word actions, and compares two versions; the customer form (the customer centre) loads too.
Skipped, saying why, without Chromium or Playwright (see test_browser_smoke)."""

import os
import unittest

import frappe
from frappe.tests.utils import FrappeTestCase

from crm_plus.api import price_file as api
from crm_plus.compat import DESK
from crm_plus.pricing import WORKFLOW
from crm_plus.tests.factories import TEST_PASSWORD, approve_price_file
from crm_plus.tests.price_file_world import PriceFileWorld
from crm_plus.tests.requirements import (
	CHROMIUM,
	CHROMIUM_FLAGS,
	collect_page_errors,
	log_in,
	needs_browser,
	sync_playwright,
)
from crm_plus.tests.server import artifacts_dir, site_server

PREFIX = "PFB"
DT = "CP Price File"

# what Frappe 16's form asks before each workflow action (frappe/public/js/frappe/form/workflow.js):
# the answer, or the error, of frappe.db.get_value("Workflow", {document_type}, "enable_action_confirmation")
ASK_ACTION_CONFIRMATION = """(doctype) => new Promise((resolve) => {
	setTimeout(() => resolve({ error: "no answer" }), 30000);
	frappe.db
		.get_value("Workflow", { document_type: doctype }, "enable_action_confirmation")
		.then((r) => resolve({ message: r && r.message }), (e) => resolve({ error: String(e) }));
})"""


@needs_browser()
class TestPriceFileForm(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.pw = PriceFileWorld(PREFIX)
		cls.w = cls.pw.w
		frappe.set_user(cls.w.rep_a)
		cls.v2 = api.new_revision(cls.pw.a)
		doc = frappe.get_doc(DT, cls.v2)
		doc.lines[0].unit_price = 1.5  # 1.2 -> 1.5: +25 %
		doc.save()
		frappe.set_user("Administrator")
		approve_price_file(cls.v2, approver=cls.pw.pm)
		frappe.db.commit()  # the web server is another process
		cls.addClassCleanup(cls.pw.remove, [cls.v2])

	def test_the_form_offers_versions_and_compares_them(self):
		with site_server() as base, sync_playwright()() as p:
			browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
			try:
				page = browser.new_page(viewport={"width": 1440, "height": 1000})
				errors = collect_page_errors(page)
				log_in(page, base, self.w.rep_a)

				page.goto(f"{base}{DESK}/cp-price-file/{self.v2}")
				page.wait_for_selector("[data-fieldname='customer'] .control-value", timeout=60_000)
				page.wait_for_load_state("networkidle")
				buttons = page.inner_text(".page-actions")
				page.click(".page-actions button:has-text('Versions')")
				page.click(".page-actions a:has-text('Compare Versions')")
				page.wait_for_selector(".modal-dialog:visible table", timeout=60_000)
				comparison = page.inner_text(".modal-dialog:visible")
				page.screenshot(path=os.path.join(artifacts_dir(), "price-file-compare.png"))

				page.goto(f"{base}{DESK}/cp-customer/{self.w.cust_a}")
				page.wait_for_selector("[data-fieldname='customer_name']", timeout=60_000)
				page.wait_for_load_state("networkidle")
				customer_form = page.inner_text(".form-layout")
			finally:
				browser.close()
		self.assertEqual(errors, [])
		for label in ("New Revision", "Versions", "Excel / Word"):
			self.assertIn(label, buttons)
		self.assertIn("+25.00%", comparison)
		self.assertIn("1 changed", comparison)
		self.assertIn("Price File", customer_form)  # the customer centre lists price files

	def test_a_price_manager_gets_the_workflow_setting_the_form_asks_for(self):
		"""Frappe 16's form reads its workflow's enable_action_confirmation with frappe.db.get_value on
		Workflow before each workflow action, which no crm_plus role may read ("No permission for
		Workflow"): the form's own copy of the workflow answers (crm_plus/public/js/compat.js), on
		Frappe 15 too (where the field does not exist and the answer is 0)."""
		has_field = frappe.get_meta("Workflow").has_field("enable_action_confirmation")
		if has_field:  # switched on, so that the answer shows it is the workflow's own
			before = frappe.db.get_value("Workflow", WORKFLOW, "enable_action_confirmation")
			frappe.db.set_value("Workflow", WORKFLOW, "enable_action_confirmation", 1, update_modified=False)
			frappe.db.commit()  # the web server is another process
			frappe.clear_cache(doctype=DT)

			def restore():
				frappe.db.set_value(
					"Workflow", WORKFLOW, "enable_action_confirmation", before, update_modified=False
				)
				frappe.db.commit()
				frappe.clear_cache(doctype=DT)

			self.addCleanup(restore)
		with site_server() as base, sync_playwright()() as p:
			browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
			try:
				page = browser.new_page(viewport={"width": 1440, "height": 1000})
				errors = collect_page_errors(page)
				log_in(page, base, self.pw.pm)

				page.goto(f"{base}{DESK}/cp-price-file/{self.pw.a}")
				page.wait_for_function(
					f"window.cur_frm && cur_frm.docname === {frappe.as_json(self.pw.a)}"
					f" && frappe.workflow.workflows[{frappe.as_json(DT)}]",
					timeout=60_000,
				)
				page.wait_for_load_state("networkidle")
				answer = page.evaluate(ASK_ACTION_CONFIRMATION, DT)
			finally:
				browser.close()
		self.assertEqual(answer, {"message": {"enable_action_confirmation": 1 if has_field else 0}})
		self.assertEqual(errors, [])
