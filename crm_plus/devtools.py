"""Checks the test command runs against a site: `bench --site S execute crm_plus.devtools.<name>`."""

import hashlib
import json

import frappe

from crm_plus.install import PERM_RIGHTS
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


# Framework records that say who may do what, kept per app: none of another app's may change when crm_plus
# is installed, migrated or uninstalled (the test command compares them before and after).
HOST_CONFIG = {
	"Role": ["name", "desk_access", "disabled", "home_page", "two_factor_auth"],
	"Has Role": ["parent", "parenttype", "role"],
	"DocPerm": ["parent", "role", "permlevel", "if_owner", *PERM_RIGHTS],
	"Workflow": ["name", "document_type", "is_active", "workflow_state_field", "send_email_alert"],
	"Workflow Document State": ["parent", "idx", "state", "doc_status", "allow_edit", "update_field"],
	"Workflow Transition": ["parent", "idx", "state", "action", "next_state", "allowed", "condition"],
	"Workflow State": ["name", "icon", "style"],
	"Workflow Action Master": ["name"],
	"Custom Field": ["name", "dt", "fieldname", "fieldtype", "options", "insert_after", "hidden", "reqd"],
	"Property Setter": ["name", "doc_type", "field_name", "property", "value"],
}


def host_state() -> str:
	"""JSON of what other apps own on this site: every table of their DocTypes (CHECKSUM TABLE), their
	single DocTypes' values, and the roles, permissions (effective: Custom DocPerm where a DocType has
	any, else DocPerm), workflows, workflow states, custom fields and property setters not crm_plus's."""
	own_modules = set(_modules())
	own_roles = set(ALL_ROLES)
	state: dict[str, object] = {}
	doctypes = frappe.get_all(
		"DocType",
		filters={"module": ("not in", list(own_modules)), "is_virtual": 0},
		fields=["name", "issingle", "module"],
	)
	app_of_module = dict(frappe.get_all("Module Def", fields=["name", "app_name"], as_list=True))
	for dt in doctypes:
		if app_of_module.get(dt.module) in ("frappe", "crm_plus", None):
			continue  # the framework's own tables record activity (logs, caches, versions)
		if dt.issingle:
			state[f"single:{dt.name}"] = frappe.db.get_singles_dict(dt.name, cast=False)
		else:
			row = frappe.db.sql(
				f"checksum table `tab{dt.name}`"
			)  # nosemgrep: DocType names from the DocType table
			state[f"table:{dt.name}"] = row[0][1] if row else None
	# records crm_plus owns (its DocTypes' permissions, its reports' roles, its workflows) are not the host's
	own_doctypes = set(frappe.get_all("DocType", {"module": ("in", list(own_modules))}, pluck="name"))
	own_parents = own_doctypes | {
		name
		for doctype in ("Report", "Page", "Workspace")
		for name in frappe.get_all(doctype, {"module": ("in", list(own_modules))}, pluck="name")
	}
	own_workflows = set(
		frappe.get_all("Workflow", {"document_type": ("in", list(own_doctypes))}, pluck="name")
	)
	for doctype, fields in HOST_CONFIG.items():
		rows = frappe.get_all(doctype, fields=fields, order_by=", ".join(fields[:3]))
		if "role" in fields:
			rows = [r for r in rows if r.role not in own_roles]
		if "parent" in fields:
			rows = [r for r in rows if r.parent not in own_parents and r.parent not in own_workflows]
		if doctype == "Role":
			rows = [r for r in rows if r.name not in own_roles]
		if doctype == "Workflow":
			rows = [r for r in rows if r.name not in own_workflows]
		if doctype in ("Custom Field", "Property Setter"):
			mine = set(frappe.get_all(doctype, {"module": ("in", list(own_modules))}, pluck="name"))
			rows = [r for r in rows if r.name not in mine]
		state[doctype] = [[r[f] for f in fields] for r in rows]
	state["effective permissions"] = [
		p for p in _effective_permissions(own_roles) if p[0] not in own_doctypes
	]
	return json.dumps(state, default=str, sort_keys=True, ensure_ascii=False)


def _effective_permissions(own_roles: set[str]) -> list:
	"""(DocType, role, level, if_owner, rights...) as the framework applies them, crm_plus's roles aside."""
	fields = ["parent", "role", "permlevel", "if_owner", *PERM_RIGHTS]
	custom = frappe.get_all("Custom DocPerm", fields=fields)
	customised = {r.parent for r in custom}
	rows = custom + [r for r in frappe.get_all("DocPerm", fields=fields) if r.parent not in customised]
	return sorted(
		[r[f] if f in ("parent", "role") else int(r[f] or 0) for f in fields]
		for r in rows
		if r.role not in own_roles
	)


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
