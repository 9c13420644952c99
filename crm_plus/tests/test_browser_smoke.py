"""Browser smoke test: log in to the desk in headless Chromium and open the CRM Plus workspace.

Needs Debian's chromium package (/usr/bin/chromium, or $CRM_PLUS_CHROMIUM) and Playwright for Python
(installed with crm_plus[test]); skipped, saying which is missing, when either is absent.
"""

import os
import shutil
import unittest

import frappe
from frappe.tests.utils import FrappeTestCase

from crm_plus.compat import DESK
from crm_plus.tests.factories import TEST_PASSWORD, make_user
from crm_plus.tests.requirements import (
	CHROMIUM,
	CHROMIUM_FLAGS,
	collect_page_errors,
	has_erpnext,
	log_in,
	needs_browser,
	sync_playwright,
)
from crm_plus.tests.server import artifacts_dir, site_server


@needs_browser()
class TestBrowserSmoke(FrappeTestCase):
	def test_login_and_open_the_workspace(self):
		user = make_user("smoke-admin@crm-plus.test", ["System Manager", "CP CRM Administrator"], "Smoke")
		frappe.db.commit()  # the web server is another process
		screenshot = os.path.join(artifacts_dir(), "workspace.png")
		with site_server() as base, sync_playwright()() as p:
			browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
			try:
				page = browser.new_page(viewport={"width": 1440, "height": 900})
				log_in(page, base, user)

				page.goto(f"{base}{DESK}/crm-plus")
				try:
					page.wait_for_selector(".layout-main-section .ce-block", timeout=60_000)
					page.wait_for_load_state("networkidle")
				finally:
					page.screenshot(path=screenshot, full_page=True)
				title = page.inner_text(".page-head .title-text")
			finally:
				browser.close()
		self.assertEqual(title.strip(), "CRM Plus")
		self.assertGreater(os.path.getsize(screenshot), 10_000)


@needs_browser()
class TestBrowserBesideTheFramework(FrappeTestCase):
	"""crm_plus's desk script wraps the list menus of every list: lists of other DocTypes keep exactly the
	framework's items, and forms of the framework's and ERPNext's DocTypes open without an error."""

	def test_other_apps_lists_and_forms_are_untouched(self):
		frappe.set_user("Administrator")
		todo = frappe.get_doc({"doctype": "ToDo", "description": "beside the framework"}).insert()
		forms = [("todo", todo.name)]
		lists = ["todo", "cp-customer"]
		if has_erpnext():
			customer = frappe.get_doc(
				{
					"doctype": "Customer",
					"customer_name": "Browser Beside Customer",
					"customer_group": "All Customer Groups",
					"territory": "All Territories",
				}
			).insert()
			forms.append(("customer", customer.name))
			lists += ["customer", "sales-order"]
		frappe.db.commit()
		menus = {}
		try:
			with site_server() as base, sync_playwright()() as p:
				browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
				try:
					page = browser.new_page(viewport={"width": 1440, "height": 900})
					errors = collect_page_errors(page)
					log_in(page, base, "Administrator", "admin")
					for route in lists:
						page.goto(f"{base}{DESK}/{route}")
						page.wait_for_function(
							"window.cur_list && cur_list.doctype && cur_list.page", timeout=60_000
						)
						menus[route] = page.evaluate(
							"""() => {
								const originals = crm_plus.exports.framework_list_menus;
								const labels = (items) => (items || []).map((i) => i.label);
								return {
									framework: labels(originals.get_menu_items.call(cur_list)),
									shown: labels(cur_list.get_menu_items()),
									framework_actions: labels(originals.get_actions_menu_items.call(cur_list)),
									shown_actions: labels(cur_list.get_actions_menu_items()),
								};
							}"""
						)
					for route, name in forms:
						page.goto(f"{base}{DESK}/{route}/{name}")
						page.wait_for_function(
							f"window.cur_frm && cur_frm.docname === {frappe.as_json(name)} && !cur_frm.is_new()",
							timeout=60_000,
						)
						self.assertFalse(
							page.is_visible(".modal.show .msgprint"), f"{route}: an error dialog"
						)
				finally:
					page.screenshot(path=os.path.join(artifacts_dir(), "beside-the-framework.png"))
					browser.close()
		finally:
			for route, name in forms:
				frappe.delete_doc({"todo": "ToDo", "customer": "Customer"}[route], name, force=True)
			frappe.db.commit()
		self.assertFalse(errors, errors)
		for route, menu in menus.items():
			with self.subTest(route=route):
				if route == "cp-customer":
					self.assertEqual(menu["shown"], [*menu["framework"], "Export Excel", "Export Word"])
				else:
					self.assertEqual(menu["shown"], menu["framework"])
					self.assertEqual(menu["shown_actions"], menu["framework_actions"])
