"""Linking a crm_plus customer / supplier to ERPNext's record of the party, one at a time.

ERPNext is optional. crm_plus stores the ERPNext name in a Data field (CP Customer.erpnext_customer,
CP Supplier.erpnext_supplier), not a Link: a Link to a DocType that does not exist would break migrate
on a bare Frappe site. The link is made on demand (``link_party``): an ERPNext party with the same name
(or tax id) is reused, otherwise one is created with ERPNext's defaults, under the user's own ERPNext
permissions. On a site without ERPNext every call refuses with ERPNextNotInstalledError and changes
nothing.
"""

from dataclasses import dataclass

import frappe

from crm_plus.integrations.erpnext import ensure_erpnext


@dataclass(frozen=True)
class PartySpec:
	erpnext_doctype: str  # ERPNext's DocType
	name_field: str  # the company name, on both sides
	our_name_field: str
	link_field: str  # where crm_plus keeps the ERPNext name
	group_field: str  # ERPNext's mandatory group, and where its default lives
	group_default: tuple[str, str]
	group_root: str


PARTIES = {
	"CP Customer": PartySpec(
		"Customer",
		"customer_name",
		"customer_name",
		"erpnext_customer",
		"customer_group",
		("Selling Settings", "customer_group"),
		"All Customer Groups",
	),
	"CP Supplier": PartySpec(
		"Supplier",
		"supplier_name",
		"supplier_name",
		"erpnext_supplier",
		"supplier_group",
		("Buying Settings", "supplier_group"),
		"All Supplier Groups",
	),
}


def link_party(doctype: str, name: str) -> str:
	"""Find or create the ERPNext party of crm_plus's `doctype` `name`, remember it, return its name."""
	ensure_erpnext()
	spec = PARTIES[doctype]
	doc = frappe.get_doc(doctype, name)
	current = doc.get(spec.link_field)
	if current and frappe.db.exists(spec.erpnext_doctype, current):
		return current
	found = _find(spec, doc) or _create(spec, doc)
	frappe.db.set_value(doctype, name, spec.link_field, found)
	return found


def _find(spec: PartySpec, doc) -> str | None:
	if doc.get("tax_id"):
		found = frappe.db.get_value(spec.erpnext_doctype, {"tax_id": doc.tax_id})
		if found:
			return found
	return frappe.db.get_value(spec.erpnext_doctype, {spec.name_field: doc.get(spec.our_name_field)})


def _create(spec: PartySpec, doc) -> str:
	settings, field = spec.group_default
	group = frappe.db.get_single_value(settings, field) or spec.group_root
	party = frappe.get_doc(
		{
			"doctype": spec.erpnext_doctype,
			spec.name_field: doc.get(spec.our_name_field),
			spec.group_field: group,
			"tax_id": doc.get("tax_id"),
		}
	)
	if spec.erpnext_doctype == "Customer":
		party.customer_type = "Company"
		party.territory = frappe.db.get_single_value("Selling Settings", "territory") or "All Territories"
	else:
		party.supplier_type = "Company"
	party.insert()
	return party.name
