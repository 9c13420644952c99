"""Contacts and addresses of customers and suppliers (Frappe's core Contact / Address, Dynamic Link).

A contact or address linked to a CP Customer is visible exactly when one of its customers is; one
linked to a CP Supplier exactly when the user may see suppliers (crm_plus.permissions.supplier). For
crm_plus users whose only access to contacts comes from crm_plus roles, a contact linked to no
customer is a personal business card: visible to whoever created it. Users of other apps (ERPNext's
Sales User and the like) keep the framework's rules for contacts that are not crm_plus's.
"""

import frappe

from crm_plus.permissions.customer import (
	CUSTOMER,
	READ_PTYPES,
	can_see_customer,
	needed_customer_right,
	visible_customers_subquery,
)
from crm_plus.permissions.roles import ALL_ROLES, is_crm_admin
from crm_plus.permissions.supplier import SUPPLIER, can_see_supplier, may_read_suppliers

PARTY_DOCTYPES = (CUSTOMER, SUPPLIER)


def _is_crm_user(user: str) -> bool:
	return bool(set(ALL_ROLES) & set(frappe.get_roles(user)))


def _has_other_read_role(doctype: str, user: str) -> bool:
	"""Whether a role that is not crm_plus's grants `user` unrestricted read on `doctype`."""
	granting = {
		p.role
		for p in frappe.permissions.get_valid_perms(doctype, user)
		if p.read and not p.if_owner and not p.permlevel and p.role not in ALL_ROLES
	}
	return bool(granting)


def _condition(doctype: str, user: str | None) -> str:
	user = user or frappe.session.user
	if is_crm_admin(user) or not _is_crm_user(user):
		return ""
	table = f"`tab{doctype}`"
	parties = ", ".join(frappe.db.escape(d) for d in PARTY_DOCTYPES)
	links = (
		f"select 1 from `tabDynamic Link` dl where dl.`parenttype` = {frappe.db.escape(doctype)}"
		f" and dl.`parent` = {table}.`name` and dl.`link_doctype` in ({parties})"
	)
	visible = visible_customers_subquery(user)
	linked_visible = (
		f"exists ({links} and dl.`link_doctype` = 'CP Customer' and dl.`link_name` in ({visible}))"
	)
	if may_read_suppliers(user):
		linked_visible = f"({linked_visible} or exists ({links} and dl.`link_doctype` = 'CP Supplier'))"
	unlinked = f"not exists ({links})"
	personal = (
		"" if _has_other_read_role(doctype, user) else f" and {table}.`owner` = {frappe.db.escape(user)}"
	)
	return f"({linked_visible} or ({unlinked}{personal}))"


def contact_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return _condition("Contact", user)


def address_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return _condition("Address", user)


def linked_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	"""Contact / Address: the answer for its customers and suppliers; personal cards belong to their
	creator.

	A saved contact is judged by the parties it is stored under; a link being added must point at a
	party the user may change, so nobody attaches contacts to customers or suppliers they cannot see."""
	user = user or frappe.session.user
	if is_crm_admin(user) or not _is_crm_user(user):
		return None
	right = needed_customer_right(ptype)
	current = {
		(link.link_doctype, link.link_name)
		for link in doc.get("links") or []
		if link.link_doctype in PARTY_DOCTYPES
	}
	stored = set() if doc.is_new() else set(_stored_party_links(doc))
	if (ptype or "read") not in READ_PTYPES and any(
		not _can_see_party(dt, name, user, "write") for dt, name in current - stored
	):
		return False
	judged_by = current if doc.is_new() else stored
	if judged_by:
		return any(_can_see_party(dt, name, user, right) for dt, name in judged_by)
	if _has_other_read_role(doc.doctype, user):
		return None
	return doc.is_new() or doc.owner == user


def _can_see_party(doctype: str, name: str, user: str, right: str) -> bool:
	if doctype == SUPPLIER:
		return can_see_supplier(name, user, right)
	return can_see_customer(name, user, right)


def _stored_party_links(doc) -> list[tuple[str, str]]:
	links = frappe.get_all(
		"Dynamic Link",
		filters={"parenttype": doc.doctype, "parent": doc.name, "link_doctype": ("in", PARTY_DOCTYPES)},
		fields=["link_doctype", "link_name"],
	)
	return [(link.link_doctype, link.link_name) for link in links]
