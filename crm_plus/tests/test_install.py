"""What installing crm_plus must leave on a site."""

import frappe
from frappe.tests.utils import FrappeTestCase

from crm_plus.devtools import missing_translations
from crm_plus.permissions.roles import ALL_ROLES


class TestInstall(FrappeTestCase):
	def test_roles_are_installed_and_land_on_the_workspace(self):
		for role in ALL_ROLES:
			self.assertEqual(frappe.db.get_value("Role", role, "home_page"), "/app/crm-plus", role)
			self.assertEqual(frappe.db.get_value("Role", role, "desk_access"), 1, role)

	def test_workspace_is_public_and_first(self):
		ws = frappe.get_doc("Workspace", "CRM Plus")
		self.assertEqual(ws.public, 1)
		self.assertEqual(ws.module, "CRM Plus")
		lowest = frappe.get_all(
			"Workspace",
			filters={"public": 1, "parent_page": ""},
			order_by="sequence_id asc",
			limit=1,
			pluck="name",
		)
		self.assertEqual(lowest, ["CRM Plus"])

	def test_simplified_chinese_is_enabled(self):
		self.assertEqual(frappe.db.get_value("Language", "zh", "enabled"), 1)

	def test_site_is_past_the_setup_wizard(self):
		self.assertEqual(frappe.db.get_single_value("System Settings", "setup_complete"), 1)

	def test_every_user_facing_string_has_a_chinese_translation(self):
		frappe.local.lang = "zh"
		try:
			missing = missing_translations("zh")
		finally:
			frappe.local.lang = "en"
		self.assertEqual(missing, [], "add these to crm_plus/translations/zh.csv")

	def test_every_workspace_label_has_a_chinese_translation(self):
		"""Workspace links, shortcuts, cards and charts show their labels through __(); the string
		extractor does not read workspace JSON, so check them here."""
		from frappe.translate import get_all_translations

		translations = get_all_translations("zh")
		ws = frappe.get_doc("Workspace", "CRM Plus")
		labels = {
			row.label
			for table in ("links", "shortcuts", "charts", "number_cards")
			for row in ws.get(table)
			if row.label
		}
		self.assertTrue(labels)
		self.assertEqual(sorted(l for l in labels if l not in translations), [])

	def test_translation_file_is_well_formed(self):
		import csv

		path = frappe.get_app_path("crm_plus", "translations", "zh.csv")
		with open(path, encoding="utf-8") as f:
			rows = list(csv.reader(f))
		seen = set()
		for i, row in enumerate(rows, 1):
			self.assertIn(len(row), (2, 3), f"zh.csv line {i}: {row}")
			self.assertTrue(row[1].strip(), f"zh.csv line {i}: empty translation for {row[0]!r}")
			key = (row[0], row[2] if len(row) == 3 else "")
			self.assertNotIn(key, seen, f"zh.csv line {i}: duplicate entry for {row[0]!r}")
			seen.add(key)
