"""Contacts and addresses of customers and suppliers (Frappe's core Contact / Address, Dynamic Link).

A contact or address linked to a CP Customer is visible exactly when one of its customers is; one
linked to a CP Supplier exactly when the user may see suppliers (crm_plus.permissions.supplier). For
crm_plus users whose only access to contacts comes from crm_plus roles, a contact linked to no
customer is a personal business card: visible to whoever created it. Users of other apps (ERPNext's
Sales User and the like) keep the framework's rules for contacts that are not crm_plus's.
"""

import frappe

from crm_plus.compat import NO_OBJECTION
from crm_plus.permissions.customer import (
	CUSTOMER,
	READ_PTYPES,
	can_see_customer,
	needed_customer_right,
	visible_customers_subquery,
)
from crm_plus.permissions.roles import ALL_ROLES, is_crm_admin
from crm_plus.permissions.supplier import SUPPLIER, can_see_supplier, may_read_suppliers
from crm_plus.utils import conditions as sql

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
	table = sql.table(doctype)
	link_doctype, link_name = sql.column("`dl`", "link_doctype"), sql.column("`dl`", "link_name")

	def links(*conditions: str) -> str:
		"""Dynamic Links of the record to a customer or a supplier (that also meet `conditions`)."""
		return sql.select(
			"1",
			f"{sql.table('Dynamic Link')} `dl`",
			sql.all_of(
				sql.equals(sql.column("`dl`", "parenttype"), doctype),
				f"{sql.column('`dl`', 'parent')} = {sql.column(table, 'name')}",
				sql.is_in(link_doctype, PARTY_DOCTYPES),
				*conditions,
			),
		)

	linked_visible = [
		sql.exists(
			links(
				sql.equals(link_doctype, "CP Customer"),
				sql.in_query(link_name, visible_customers_subquery(user)),
			)
		)
	]
	if may_read_suppliers(user):
		linked_visible.append(sql.exists(links(sql.equals(link_doctype, "CP Supplier"))))
	personal = "" if _has_other_read_role(doctype, user) else sql.equals(sql.column(table, "owner"), user)
	return sql.any_of(*linked_visible, sql.all_of(sql.not_exists(links()), personal))


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
		return NO_OBJECTION
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
		return NO_OBJECTION
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
