"""A sales team's day on a phone (issue 18, part 2): headless Chromium at 390x844 (a phone's viewport,
touch, mobile user agent), one test per flow, as the Chinese users of a demo-like world
(crm_plus/tests/desk_world.py). A rep opens the workspace and finds a customer, calls or e-mails its
contact from the form, logs a follow-up, sees the follow-ups due and claims a customer from the pool;
a price manager approves a price file. Every page must fit the screen's width (nothing wider than the
viewport to scroll sideways to). Screenshots: $CRM_PLUS_ARTIFACTS/phone/ (the README's are copies).

Skipped like the other browser tests when Chromium or Playwright is missing."""

import os
import time
from contextlib import contextmanager

import frappe
from frappe.tests.utils import FrappeTestCase

from crm_plus.compat import DESK
from crm_plus.tests.desk_world import EMAIL, MOBILE, DeskWorld, without_framework_noise
from crm_plus.tests.factories import TEST_PASSWORD
from crm_plus.tests.requirements import (
	CHROMIUM,
	CHROMIUM_FLAGS,
	collect_page_errors,
	log_in,
	needs_browser,
	sync_playwright,
)
from crm_plus.tests.server import artifacts_dir, site_server

PHONE = {
	"viewport": {"width": 390, "height": 844},
	"is_mobile": True,
	"has_touch": True,
	"device_scale_factor": 1,
	"locale": "zh-CN",
	"user_agent": (
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
		"(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
	),
}
SETTLED = "() => new Promise((done) => frappe.after_ajax(() => setTimeout(done, 250)))"
# how far the page reaches to the right of the screen (0: nothing to scroll sideways to)
OVERFLOW = "() => document.scrollingElement.scrollWidth - window.innerWidth"


@needs_browser()
class TestPhoneFlows(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.world = DeskWorld("PHN")
		cls.addClassCleanup(cls.world.remove)
		cls._server = site_server()
		cls.base = cls._server.__enter__()
		cls.addClassCleanup(cls._server.__exit__, None, None, None)
		playwright = sync_playwright()()
		cls.addClassCleanup(playwright.__exit__, None, None, None)
		cls.browser = playwright.__enter__().chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
		cls.addClassCleanup(cls.browser.close)
		cls.shots = os.path.join(artifacts_dir(), "phone")
		os.makedirs(cls.shots, exist_ok=True)

	@contextmanager
	def phone(self, user: str, flow: str):
		context = self.browser.new_context(**PHONE)
		page = context.new_page()
		errors = collect_page_errors(page)
		page.on("pageerror", lambda e: print(f"{flow}: script error: {e.stack}"))  # where, for a reader
		try:
			log_in(page, self.base, user)
			yield page
		finally:
			page.screenshot(path=os.path.join(self.shots, f"{flow}-last.png"))
			context.close()
		self.assertEqual(without_framework_noise(errors), [], "script errors in the page")

	def shot(self, page, name: str) -> None:
		page.screenshot(path=os.path.join(self.shots, f"{name}.png"))

	def settle(self, page) -> None:
		page.evaluate(SETTLED)

	def assert_fits(self, page, where: str) -> None:
		self.assertLessEqual(page.evaluate(OVERFLOW), 0, f"{where}: wider than the phone's screen")

	def eventually(self, check, what: str, timeout: float = 30) -> None:
		deadline = time.monotonic() + timeout
		while time.monotonic() < deadline:
			frappe.db.rollback()  # a fresh snapshot: see what the web server committed
			if check():
				return
			time.sleep(0.5)
		self.fail(what)

	def open_customer_from_the_list(self, page) -> None:
		"""The Customer shortcut of the workspace, the name typed into the list's filter, the row tapped."""
		w = self.world
		page.goto(f"{self.base}{DESK}/crm-plus")
		page.wait_for_selector(".layout-main-section .ce-block", timeout=60_000)
		self.settle(page)
		page.locator(".shortcut-widget-box:visible").filter(
			has=page.get_by_text(frappe._("Customer", lang="zh"), exact=True)
		).first.tap()
		page.wait_for_function("window.cur_list && cur_list.doctype === 'CP Customer' && cur_list.data")
		self.settle(page)
		name_box = ".standard-filter-section [data-fieldname='customer_name'] input"
		if not page.locator(f"{name_box}:visible").count():
			# Frappe 16 on a phone: the list's standard filters open from the funnel button
			page.locator(".filter-toggle:visible").first.tap()
		search = page.locator(f"{name_box}:visible")
		search.fill(f"{w.prefix} 星河")
		page.wait_for_function(
			"cur_list.data.length === 1 && cur_list.data[0].name === " + frappe.as_json(w.customer),
			timeout=30_000,
		)
		self.settle(page)
		# the filter bar leaves room: the matching row is in the top half of the first screen
		row = page.locator(".list-row:visible", has_text=f"{w.prefix} 星河").first.bounding_box()
		self.assertLess(row["y"] + row["height"], 844 / 2)
		self.assert_fits(page, "the customer list")
		self.shot(page, "phone-customer-list")
		page.locator(".list-row:visible a.ellipsis", has_text=f"{w.prefix} 星河").first.tap()
		page.wait_for_function(
			f"window.cur_frm && cur_frm.docname === {frappe.as_json(w.customer)} && !cur_frm.is_new()",
			timeout=60_000,
		)
		self.settle(page)

	def test_rep_opens_the_workspace_and_finds_a_customer(self):
		with self.phone(self.world.rep, "find") as page:
			page.goto(f"{self.base}{DESK}/crm-plus")
			page.wait_for_selector(".layout-main-section .ce-block", timeout=60_000)
			self.settle(page)
			self.assert_fits(page, "the workspace")
			self.shot(page, "phone-workspace")
			# the list's filter bar leaves room for the rows: they start on the first screen
			self.open_customer_from_the_list(page)
			self.assertEqual(
				page.evaluate("cur_frm.doc.customer_name"), f"{self.world.prefix} 星河科技有限公司"
			)
			self.assert_fits(page, "the customer form")

	def test_rep_calls_or_emails_a_contact_from_the_form(self):
		with self.phone(self.world.rep, "call") as page:
			self.open_customer_from_the_list(page)
			call = page.locator(f".cp-contact-actions a[href='tel:{MOBILE}']")
			mail = page.locator(f".cp-contact-actions a[href='mailto:{EMAIL}']")
			company = page.locator(".cp-contact-actions a[href='tel:021-62345678']")
			for link in (call, mail, company):
				link.wait_for(state="visible", timeout=30_000)
				box = link.bounding_box()
				# on the first screen, whole, and big enough for a thumb
				self.assertGreaterEqual(box["x"], 0)
				self.assertLessEqual(box["x"] + box["width"], 390)
				self.assertLessEqual(box["y"] + box["height"], 844)
				self.assertGreaterEqual(box["height"], 40)
			self.assertIn("王丽", page.inner_text(".cp-contact-actions"))
			self.assert_fits(page, "the customer form")
			self.shot(page, "phone-call-or-email")
			# the framework's own contact card keeps its links too
			self.assertTrue(page.locator(f".address-box a[href='tel:{MOBILE}']").count())

	def test_rep_logs_a_follow_up(self):
		w = self.world
		content = f"{w.prefix} 电话回访：客户同意下周报价"
		with self.phone(w.rep, "follow-up") as page:
			self.open_customer_from_the_list(page)
			# the "+" of Follow-ups in the customer centre: a new follow-up of this customer
			page.locator(".form-dashboard .document-link[data-doctype='CP Follow Up'] .btn-new").tap()
			page.wait_for_function(
				"window.cur_frm && cur_frm.doctype === 'CP Follow Up' && cur_frm.is_new()", timeout=60_000
			)
			self.settle(page)
			self.assertEqual(page.evaluate("cur_frm.doc.customer"), w.customer)
			page.locator("[data-fieldname='content'] textarea:visible").fill(content)
			# the next contact planned for today: it is due (the follow-ups due stay due after this flow)
			page.evaluate("cur_frm.set_value('next_follow_up_date', frappe.datetime.get_today())")
			self.assert_fits(page, "the follow-up form")
			self.shot(page, "phone-follow-up")
			page.locator(".page-actions .primary-action:visible").tap()
			page.wait_for_function(
				"window.cur_frm && !cur_frm.is_new() && !cur_frm.is_dirty()", timeout=60_000
			)
		self.eventually(
			lambda: frappe.db.exists(
				"CP Follow Up", {"customer": w.customer, "content": content, "owner": w.rep}
			),
			"the follow-up was not saved",
		)

	def test_rep_sees_the_follow_ups_due(self):
		w = self.world
		with self.phone(w.rep, "due") as page:
			page.goto(f"{self.base}{DESK}/crm-plus")
			card = page.locator(
				".widget.number-widget-box:visible", has_text=frappe._("Follow-ups Due", lang="zh")
			)
			card.wait_for(timeout=60_000)
			page.wait_for_function(
				"""() => [...document.querySelectorAll('.number-widget-box .widget-content .number')]
					.some((e) => e.textContent.trim() !== '' && e.getClientRects().length)""",
				timeout=60_000,
			)
			self.assertGreaterEqual(int(card.locator(".number").inner_text().strip() or 0), 1)
			card.locator(".widget-head, .widget-title").first.tap()
			page.wait_for_function(
				"window.cur_list && cur_list.doctype === 'CP Follow Up' && cur_list.data"
				f" && cur_list.data.some((d) => d.name === {frappe.as_json(w.follow_up)})",
				timeout=60_000,
			)
			self.settle(page)
			rows = page.evaluate("cur_list.data.map((d) => d.name)")
			filters = page.evaluate("cur_list.get_filters_for_args()")
			self.assert_fits(page, "the follow-ups due")
			self.shot(page, "phone-follow-ups-due")
		self.assertIn(w.follow_up, rows)
		self.assertIn("next_follow_up_date", frappe.as_json(filters))

	def test_rep_claims_from_the_pool(self):
		w = self.world
		with self.phone(w.rep, "claim") as page:
			page.goto(f"{self.base}{DESK}/query-report/CP Customer Pool?region={w.region}")
			page.wait_for_selector(f".dt-scrollable :text('{w.prefix} 公海贸易有限公司')", timeout=60_000)
			self.settle(page)
			row = page.locator(".dt-row", has_text=f"{w.prefix} 公海贸易有限公司")
			row.locator("input[type='checkbox']").check()
			claim = page.locator(".page-actions .primary-action:visible")
			self.assertEqual(claim.inner_text().strip(), frappe._("Claim Selected", lang="zh"))
			self.assert_fits(page, "the pool")
			self.shot(page, "phone-pool")
			claim.tap()
			page.locator(".modal.show .btn-primary:visible").tap()
			self.eventually(
				lambda: frappe.db.get_value("CP Customer", w.pool_customer, "sales_owner") == w.rep,
				"the pool customer was not claimed",
			)

	def test_manager_approves_a_price_file(self):
		w = self.world
		with self.phone(w.price_manager, "approve") as page:
			page.goto(f"{self.base}{DESK}/cp-price-file?status=Pending%20Review")
			page.wait_for_function(
				"window.cur_list && cur_list.doctype === 'CP Price File' && cur_list.data", timeout=60_000
			)
			self.settle(page)
			self.assert_fits(page, "the price files to review")
			page.locator(f".list-row:visible a[data-name='{w.price_file}']").first.tap()
			page.wait_for_function(
				f"window.cur_frm && cur_frm.docname === {frappe.as_json(w.price_file)}", timeout=60_000
			)
			self.settle(page)
			actions = page.locator(".page-actions .actions-btn-group > button:visible")
			# the workflow's button says what it is on a phone too
			self.assertEqual(actions.inner_text().strip(), frappe._("Actions", lang="zh"))
			self.assert_fits(page, "the price file")
			actions.tap()
			approve = page.locator(
				".actions-btn-group .dropdown-item:visible", has_text=frappe._("Approve", lang="zh")
			)
			self.shot(page, "phone-approve")
			approve.tap()
			if page.locator(".modal.show .btn-primary:visible").count():  # a confirmation, where asked
				page.locator(".modal.show .btn-primary:visible").tap()
			page.wait_for_function("cur_frm.doc.status === 'Approved'", timeout=60_000)
		self.eventually(
			lambda: frappe.db.get_value("CP Price File", w.price_file, "status") == "Approved",
			"the price file was not approved",
		)
