"""Checks the test command runs against a site: `bench --site S execute crm_plus.devtools.<name>`."""

import hashlib
import json

import frappe

from crm_plus.permissions.roles import ALL_ROLES

# Framework records an app may own, with the field that says which module they belong to.
MODULE_OWNED = (
	"DocType",
	"Report",
	"Page",
	"Print Format",
	"Workspace",
	"Number Card",
	"Dashboard Chart",
	"Notification",
	"Custom Field",
	"Property Setter",
	"Web Form",
)


def _modules() -> list[str]:
	return frappe.get_module_list("crm_plus")


def install_fingerprint() -> str:
	"""A hash of everything crm_plus installs; two migrates in a row must leave it unchanged."""
	state = {
		doctype: frappe.get_all(
			doctype, filters={"module": ("in", _modules())}, fields=["name", "modified"], order_by="name"
		)
		for doctype in MODULE_OWNED
	}
	state["Role"] = frappe.get_all(
		"Role", filters={"name": ("in", ALL_ROLES)}, fields=["name", "modified", "home_page"], order_by="name"
	)
	state["Custom DocPerm"] = frappe.get_all(
		"Custom DocPerm",
		filters={"role": ("in", ALL_ROLES)},
		fields=["name", "parent", "role", "permlevel", "read", "write", "create", "delete", "if_owner"],
		order_by="name",
	)
	digest = hashlib.sha256(json.dumps(state, default=str, sort_keys=True).encode()).hexdigest()
	print(digest)
	return digest


def leftovers() -> list[str]:
	"""What crm_plus left on the site after `uninstall-app crm_plus`; must be empty."""
	found = []
	for doctype in MODULE_OWNED:
		found += [
			f"{doctype}: {name}"
			for name in frappe.get_all(doctype, {"module": ("in", _modules())}, pluck="name")
		]
	found += [
		f"Module Def: {m}" for m in frappe.get_all("Module Def", {"app_name": "crm_plus"}, pluck="name")
	]
	found += [f"Role: {r}" for r in frappe.get_all("Role", {"name": ("in", ALL_ROLES)}, pluck="name")]
	found += [
		f"Custom DocPerm: {p.parent}/{p.role}"
		for p in frappe.get_all("Custom DocPerm", {"role": ("in", ALL_ROLES)}, ["parent", "role"])
	]
	found += [f"table: {t}" for t in frappe.db.get_tables(cached=False) if t.startswith("tabCP ")]
	print(json.dumps(found, ensure_ascii=False))
	return found


def missing_translations(lang: str = "zh") -> list[str]:
	"""User-facing strings of crm_plus that have no `lang` translation (from any installed app).

	`bench --site S execute crm_plus.devtools.missing_translations` lists them, one per line, ready to
	be translated into crm_plus/translations/zh.csv.
	"""
	from frappe.translate import get_all_translations, get_messages_for_app

	translations = get_all_translations(lang)
	missing = []
	for message in get_messages_for_app("crm_plus"):
		source, text, context = message[0], message[1], message[2] if len(message) > 2 else None
		if source == "Navbar:":  # the framework's own navbar labels, not ours
			continue
		if not text or not text.strip() or _untranslatable(text):
			continue
		if context and f"{text}:{context}" in translations:
			continue
		if text not in translations:
			missing.append(text)
	missing = sorted(set(missing))
	for text in missing:
		print(text)
	return missing


def _untranslatable(text: str) -> bool:
	"""Strings with no words in them (placeholders, numbers, punctuation) and naming series."""
	import re

	if re.search(r"\.#+", text):
		return True
	return not re.search(r"[A-Za-z\u4e00-\u9fff]{2,}", re.sub(r"\{\d*\}|<[^>]+>|%\(\w+\)s|%s", "", text))


def canonicalize(doctype: str | None = None) -> None:
	"""Developer mode only: re-save crm_plus DocTypes so the framework rewrites their JSON in its own
	format and regenerates the typed block of each controller (export_python_type_annotations)."""
	if not frappe.conf.developer_mode:
		frappe.throw("canonicalize needs developer_mode on the site")
	names = [doctype] if doctype else frappe.get_all("DocType", {"module": ("in", _modules())}, pluck="name")
	for name in names:
		doc = frappe.get_doc("DocType", name)
		doc.save()
		print(f"exported {name}")
	frappe.db.commit()  # nosemgrep: developer tool run from the command line
