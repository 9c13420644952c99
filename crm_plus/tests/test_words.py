"""The words policy of crm_plus's Chinese (README, "The words on crm_plus's pages"), without a browser:
crm_plus's zh.csv fixes the framework's misfiring words with a context (a crm_plus DocType or report,
or "CRM Plus": read on crm_plus's pages only, crm_plus/public/js/page_words.js), never by a plain
override that would change other apps' pages too. test_browser_words walks the pages themselves."""

import csv
import os

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.translate import get_all_translations, get_messages_for_app, get_translations_from_apps

from crm_plus.utils.page_words import CONTEXT, crm_plus_pages


def zh_rows() -> list[list[str]]:
	with open(frappe.get_app_path("crm_plus", "translations", "zh.csv"), encoding="utf-8") as f:
		return [row for row in csv.reader(f) if row]


def other_apps_translations() -> dict[str, str]:
	apps = [app for app in frappe.get_installed_apps() if app != "crm_plus"]
	return get_translations_from_apps("zh", apps=apps)


def code_text() -> str:
	"""crm_plus's Python, JavaScript and templates (not its tests), as one text."""
	root = frappe.get_app_path("crm_plus")
	texts = []
	for folder, dirs, files in os.walk(root):
		dirs[:] = [d for d in dirs if d not in ("tests", "node_modules", "__pycache__")]
		for name in files:
			if name.endswith((".py", ".js", ".html")):
				with open(os.path.join(folder, name), encoding="utf-8") as f:
					texts.append(f.read())
	return "\n".join(texts)


def app_wide_words() -> set[str]:
	path = os.path.join(os.path.dirname(__file__), "app_wide_words.txt")
	with open(path, encoding="utf-8") as f:
		return {line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")}


class TestWords(FrappeTestCase):
	def test_every_context_is_a_crm_plus_page_or_one_crm_plus_code_passes(self):
		pages = crm_plus_pages()
		page_contexts = {CONTEXT, *pages["doctypes"], *pages["reports"]}
		in_code = {
			(m[1], m[2]) for m in get_messages_for_app("crm_plus", deduplicate=False) if len(m) > 2 and m[2]
		}
		source = code_text()
		dead = [
			row
			for row in zh_rows()
			if len(row) == 3
			and row[2]
			and row[2] not in page_contexts
			and (row[0], row[2]) not in in_code
			and f'context="{row[2]}"' not in source  # _("Open", lang=lang, context="..."): not extracted
		]
		self.assertEqual(dead, [], "a context no crm_plus page and no crm_plus code uses: never read")

	def test_page_scoped_words_leave_the_framework_words_as_they_were(self):
		pages = crm_plus_pages()
		page_contexts = {CONTEXT, *pages["doctypes"], *pages["reports"]}
		plain = {row[0] for row in zh_rows() if len(row) == 2 or not row[2]}
		scoped = [row for row in zh_rows() if len(row) == 3 and row[2] in page_contexts]
		self.assertGreater(len(scoped), 10)
		frappe.cache.hdel("merged_translations", "zh")
		site = get_all_translations("zh")
		others = other_apps_translations()
		for source, text, context in scoped:
			with self.subTest(source=source, context=context):
				self.assertEqual(site.get(f"{source}:{context}"), text)  # loaded, for crm_plus's pages
				if source not in plain:
					self.assertEqual(site.get(source), others.get(source))  # everywhere else: unchanged
		# the issue's two: minutes are metres and Run is jogging on other apps' pages still, and not on ours
		self.assertEqual(site["{0} m:CRM Plus"], "{0}分钟")
		self.assertEqual(site["Run:CP Allocation Tool"], "执行")
		if "{0} m" in others:
			self.assertEqual(site["{0} m"], others["{0} m"])

	def test_no_new_plain_override_of_another_apps_words(self):
		others = other_apps_translations()
		changed = {
			row[0]
			for row in zh_rows()
			if (len(row) == 2 or not row[2]) and row[0] in others and others[row[0]] != row[1].strip()
		}
		self.assertEqual(
			sorted(changed - app_wide_words()),
			[],
			"these change what other apps' pages say: give them a context (a crm_plus DocType or report, or "
			"'CRM Plus') instead",
		)
