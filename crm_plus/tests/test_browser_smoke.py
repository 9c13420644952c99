"""Browser smoke test: log in to the desk in headless Chromium and open the CRM Plus workspace.

Needs Debian's chromium package (/usr/bin/chromium, or $CRM_PLUS_CHROMIUM) and Playwright for Python
(installed with crm_plus[test]); skipped, saying which is missing, when either is absent.
"""

import os
import shutil
import unittest

import frappe
from frappe.tests.utils import FrappeTestCase

from crm_plus.tests.factories import TEST_PASSWORD, make_user
from crm_plus.tests.server import artifacts_dir, site_server

CHROMIUM = os.environ.get("CRM_PLUS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
	"--headless=new",
	"--no-sandbox",
	"--disable-gpu",
	"--disable-quic",
	"--no-first-run",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--disable-dev-shm-usage",
]


def _playwright():
	try:
		from playwright.sync_api import sync_playwright

		return sync_playwright
	except ImportError:
		return None


@unittest.skipUnless(os.path.exists(CHROMIUM), f"no Chromium at {CHROMIUM} (apt install chromium)")
@unittest.skipUnless(_playwright(), "Playwright for Python is not installed (pip install crm_plus[test])")
class TestBrowserSmoke(FrappeTestCase):
	def test_login_and_open_the_workspace(self):
		user = make_user("smoke-admin@crm-plus.test", ["System Manager", "CP CRM Administrator"], "Smoke")
		frappe.db.commit()  # the web server is another process
		screenshot = os.path.join(artifacts_dir(), "workspace.png")
		with site_server() as base, _playwright()() as p:
			browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
			try:
				page = browser.new_page(viewport={"width": 1440, "height": 900})
				page.goto(f"{base}/login")
				page.fill("#login_email", user)
				page.fill("#login_password", TEST_PASSWORD)
				page.click(".btn-login")
				page.wait_for_url("**/app**", timeout=60_000)

				page.goto(f"{base}/app/crm-plus")
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
