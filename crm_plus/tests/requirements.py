"""What some tests need from the machine (a browser, wkhtmltopdf, ERPNext), in one place.

A test that needs something the machine lacks is skipped, saying what is missing, on a developer's
machine; where the test command demands everything (``CRM_PLUS_REQUIRE_ALL=1``, which it sets when
``CI=true``) it fails instead, so a CI run can never pass by skipping."""

import os
import shutil
import unittest

import frappe

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


def require_all() -> bool:
	return os.environ.get("CRM_PLUS_REQUIRE_ALL") == "1"


def sync_playwright():
	try:
		from playwright.sync_api import sync_playwright

		return sync_playwright
	except ImportError:
		return None


def missing_browser() -> str | None:
	if not os.path.exists(CHROMIUM):
		return f"no Chromium at {CHROMIUM} (apt install chromium)"
	if not sync_playwright():
		return "Playwright for Python is not installed (pip install crm_plus[test])"
	return None


def missing_wkhtmltopdf() -> str | None:
	return None if shutil.which("wkhtmltopdf") else "no wkhtmltopdf (apt install wkhtmltopdf fonts-noto-cjk)"


def _needs(missing: str | None):
	"""A decorator for a test or a test class: skip (or, when everything is required, fail) if missing."""
	if not missing:
		return lambda obj: obj
	if not require_all():
		return unittest.skip(missing)

	def fail(obj):
		if isinstance(obj, type):

			@classmethod
			def setUpClass(cls):
				raise AssertionError(f"required by CRM_PLUS_REQUIRE_ALL: {missing}")

			obj.setUpClass = setUpClass
			return obj

		def test(self, *args, **kwargs):
			self.fail(f"required by CRM_PLUS_REQUIRE_ALL: {missing}")

		test.__name__ = obj.__name__
		return test

	return fail


def needs_browser():
	return _needs(missing_browser())


def needs_wkhtmltopdf():
	return _needs(missing_wkhtmltopdf())


def has_erpnext() -> bool:
	"""ERPNext is installed on the test site; when the test command says the site is an ERPNext one
	(CRM_PLUS_SITE_KIND=erpnext), it must be."""
	installed = "erpnext" in frappe.get_installed_apps()
	if os.environ.get("CRM_PLUS_SITE_KIND") == "erpnext" and not installed:
		raise AssertionError("the test command made an ERPNext site, but ERPNext is not installed on it")
	return installed


def method_exists(path: str) -> bool:
	"""The site has the function at `path`: its app is installed, in a version that has it."""
	import importlib

	module, _, name = path.rpartition(".")
	if module.split(".")[0] not in frappe.get_installed_apps():
		return False
	try:
		return hasattr(importlib.import_module(module), name)
	except ImportError:
		return False


# the test command runs the site's web server but not its realtime (socket.io) server: the desk's
# attempts to connect to it are not errors of the page under test
IGNORED_CONSOLE_ERRORS = ("404", "socket.io")


def log_in(page, base: str, user: str, password: str | None = None) -> None:
	"""Sign `user` in on the desk's login page (the test password unless another is given) and wait
	for the desk."""
	from crm_plus.compat import DESK
	from crm_plus.tests.factories import TEST_PASSWORD

	page.goto(f"{base}/login")
	page.fill("#login_email", user)
	page.fill("#login_password", password or TEST_PASSWORD)
	page.click(".btn-login")
	page.wait_for_url(f"**{DESK}**", timeout=60_000)


def collect_page_errors(page) -> list[str]:
	"""Script errors and console errors of `page` from now on (a list that fills as the page runs)."""
	errors: list[str] = []
	page.on("pageerror", lambda e: errors.append(str(e)))
	page.on(
		"console",
		lambda m: (
			errors.append(m.text)
			if m.type == "error" and not any(text in m.text for text in IGNORED_CONSOLE_ERRORS)
			else None
		),
	)
	return errors
