"""Follow-ups (跟进记录) belong to a customer or to a supplier, and follow that party's visibility.

A follow-up of a customer is visible exactly when its customer is (crm_plus.permissions.customer); a
follow-up of a supplier exactly when the user may see suppliers (crm_plus.permissions.supplier). Changing
a follow-up needs write on its party; moving it to another party needs write on both.
"""

import frappe

from crm_plus.permissions.customer import (
	CUSTOMER,
	can_see_customer,
	needed_customer_right,
	visible_customers_subquery,
)
from crm_plus.permissions.roles import is_crm_admin
from crm_plus.permissions.supplier import can_see_supplier, may_read_suppliers
from crm_plus.utils import conditions as sql

FOLLOW_UP = "CP Follow Up"
# party_type -> the field holding the party
PARTY_FIELDS = {"Customer": "customer", "Supplier": "supplier"}


def follow_up_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if is_crm_admin(user):
		return ""
	table = sql.table(FOLLOW_UP)
	party_type = sql.column(table, "party_type")
	allowed = []
	if frappe.has_permission(CUSTOMER, "read", user=user):
		allowed.append(
			sql.all_of(
				sql.equals(party_type, "Customer"),
				sql.in_query(sql.column(table, "customer"), visible_customers_subquery(user)),
			)
		)
	if may_read_suppliers(user):
		allowed.append(sql.equals(party_type, "Supplier"))
	return sql.any_of(*allowed)


def _parties(doc) -> set[tuple[str, str]]:
	return {
		(party_type, doc.get(field))
		for party_type, field in PARTY_FIELDS.items()
		if doc.get("party_type") == party_type and doc.get(field)
	}


def _can_see_party(party_type: str, name: str, user: str, right: str) -> bool:
	if party_type == "Customer":
		return can_see_customer(name, user, right)
	return can_see_supplier(name, user, right)


def follow_up_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	"""The answer for its party; a saved follow-up is judged by the party it is stored under and, when it
	is being moved, by the party it moves to as well."""
	user = user or frappe.session.user
	if is_crm_admin(user):
		return True
	parties = _parties(doc)
	if not doc.is_new():
		stored = frappe.db.get_value(
			FOLLOW_UP, doc.name, ["party_type", "customer", "supplier"], as_dict=True
		)
		if stored:
			parties |= _parties(stored)
	right = needed_customer_right(ptype)
	return bool(parties) and all(_can_see_party(pt, name, user, right) for pt, name in parties)
