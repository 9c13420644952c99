"""Who may see which customer, and everything that belongs to a customer.

The rule (README, "Visibility"): a sales rep sees the customers they own (``sales_owner``) and the ones shared
with them (DocShare, mirrored in the customer's "Shared With" table); a sales manager also sees the
customers of the reps in the teams they manage and the unassigned pool; CRM administrators, System
Managers and Administrator see everything.

Records that belong to a customer (contacts, follow-ups, orders, price files ...) are visible exactly
when their customer is. Each such DocType is one line in crm_plus.permissions.registry.CUSTOMER_CHILDREN;
hooks.py wires it to ``child_query_conditions`` / ``child_has_permission`` below. (Follow-ups belong to a customer or a
supplier and have their own pair in crm_plus.permissions.follow_up, built from the same pieces.)

The SQL conditions returned here are what list views, REST (/api/resource, frappe.client.*), link
search, report builder, group-by counts, export and every ``frappe.get_list`` apply; the
``has_permission`` functions are what forms, print, attachments and ``frappe.get_doc`` checks apply.
"""

from contextlib import contextmanager

import frappe

from crm_plus.doctypes import CUSTOMER
from crm_plus.permissions.registry import CUSTOMER_CHILDREN
from crm_plus.permissions.roles import SALES_MANAGER, is_crm_admin
from crm_plus.permissions.shares import shares_of
from crm_plus.utils import conditions as sql


def managed_reps(user: str) -> list[str]:
	"""The sales reps in the teams `user` manages."""
	member = frappe.qb.DocType("CP Sales Team Member")
	team = frappe.qb.DocType("CP Sales Team")
	return (
		frappe.qb.from_(member)
		.join(team)
		.on(member.parent == team.name)
		.select(member.user)
		.distinct()
		.where((team.manager == user) & (member.parenttype == "CP Sales Team"))
		.run(pluck=True)
	)


def is_sales_manager(user: str) -> bool:
	return SALES_MANAGER in frappe.get_roles(user)


def may_manage_owner(sales_owner: str | None, user: str) -> bool:
	"""Whether `user` may decide about a customer owned by `sales_owner` (edit ownership and sharing).

	The owner, their team's manager (or any sales manager for the unassigned pool) and CRM
	administrators may; a user the customer is merely shared with may not."""
	if is_crm_admin(user):
		return True
	if sales_owner and sales_owner == user:
		return True
	if not is_sales_manager(user):
		return False
	return not sales_owner or sales_owner in managed_reps(user)


# Up to this many shares are written into the condition as a list of names, which lets MariaDB
# combine the owner index and the primary key (index_merge union); beyond it, a subquery.
INLINE_SHARES_LIMIT = 1000


# The owner key of the unassigned pool (a customer without sales_owner) where owners are listed
POOL = ""


def owners_in_view(user: str) -> list[str] | None:
	"""The owners whose every customer `user` sees (POOL for the unassigned pool); None: every owner.

	Beyond these, a user sees the customers shared with them (``shared_customers``)."""
	if is_crm_admin(user):
		return None
	if sees_own_and_shared_only(user):
		return [user]
	return [user, *managed_reps(user), POOL]


def sees_own_and_shared_only(user: str) -> bool:
	"""A rep: `user` sees the customers they own and the ones shared with them, nothing else
	(``owners_in_view`` is ``[user]``)."""
	return not (is_crm_admin(user) or is_sales_manager(user))


def owner_condition(owner: str, owners: list[str]) -> str:
	"""The column `owner` is one of `owners` (POOL: blank); nothing matches an empty list."""
	return sql.any_of(*_owner_pieces(owner, owners))


def _owner_pieces(owner: str, owners: list[str]) -> tuple[str, str]:
	named = [o for o in owners if o != POOL]
	return (sql.is_in(owner, named) if named else "", sql.blank(owner) if POOL in owners else "")


def customer_condition(user: str | None = None, table: str = sql.table(CUSTOMER)) -> str:
	"""SQL condition selecting the customers `user` may see in `table`; "" when they see all."""
	user = user or frappe.session.user
	owners = owners_in_view(user)
	if owners is None:
		return ""
	return sql.any_of(
		*_owner_pieces(sql.column(table, "sales_owner"), owners),
		shared_customers(user, sql.column(table, "name")),
	)


def shared_names(user: str) -> list[str]:
	"""The customers shared with `user`, by name: at most INLINE_SHARES_LIMIT + 1 (more: beyond the limit)."""
	remembered = getattr(frappe.local, "crm_plus_shares", None)
	if remembered and remembered[0] == user:
		return remembered[1]
	return frappe.get_all(
		"DocShare",
		filters={"user": user, "share_doctype": CUSTOMER, "read": 1},
		pluck="share_name",
		limit=INLINE_SHARES_LIMIT + 1,
		order_by="share_name",
	)


@contextmanager
def remembered_shares(user: str, shared: list[str]):
	"""Within the block, `user`'s shares are `shared` (read just before, in the same request and snapshot):
	the permission condition of the block's queries does not read DocShare again."""
	frappe.local.crm_plus_shares = (user, shared)
	try:
		yield
	finally:
		frappe.local.crm_plus_shares = None


def shared_customers(user: str, name: str) -> str:
	"""`name` is a customer shared with `user`: a list of names, or a subquery beyond the limit ("" when
	none is)."""
	shared = shared_names(user)
	if not shared:
		return ""
	if len(shared) <= INLINE_SHARES_LIMIT:
		return sql.is_in(name, shared)
	return sql.in_query(name, shares_of(CUSTOMER, user))


def visible_customers_subquery(user: str | None = None) -> str | None:
	"""SQL selecting the names of the customers `user` may see; None when they see all."""
	condition = customer_condition(user)
	if not condition:
		return None
	return sql.select(sql.column(sql.table(CUSTOMER), "name"), sql.table(CUSTOMER), condition)


def can_see_customer(customer: str | None, user: str | None = None, ptype: str = "read") -> bool:
	if not customer:
		return False
	return bool(frappe.has_permission(CUSTOMER, ptype, doc=customer, user=user or frappe.session.user))


# --- CP Customer ---------------------------------------------------------------------------------


def customer_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return customer_condition(user)


def customer_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	"""Owner, their manager and admins: yes. Anyone else: no, unless the customer is shared with them
	(the framework checks DocShare after a "no" from here).

	An existing customer is judged by its stored owner, not by an owner a client just put into the
	document it is saving (the controller decides who may change the owner)."""
	user = user or frappe.session.user
	if is_crm_admin(user):
		return True
	if doc.is_new():
		if not doc.get("sales_owner"):
			return True  # the controller assigns the creator as owner, or refuses
		return may_manage_owner(doc.sales_owner, user)
	return may_manage_owner(_stored(doc, "sales_owner"), user)


def _stored(doc, fieldname: str):
	"""The value of `fieldname` as saved in the database (the document may carry unsaved changes)."""
	return frappe.db.get_value(doc.doctype, doc.name, fieldname)


# --- records that belong to a customer -----------------------------------------------------------


def child_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	subquery = visible_customers_subquery(user)
	if subquery is None or doctype not in CUSTOMER_CHILDREN:
		return ""
	return sql.in_query(sql.column(sql.table(doctype), CUSTOMER_CHILDREN[doctype]), subquery)


READ_PTYPES = ("read", "select", "print", "email", "report", "export")


def needed_customer_right(ptype: str | None) -> str:
	"""Reading a customer's record needs read on the customer; changing it needs write."""
	return "read" if (ptype or "read") in READ_PTYPES else "write"


def child_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	"""A record of a customer: the same answer as for its customer. A saved record is judged by the
	customer it is stored under and, when it is being moved, by the customer it moves to as well."""
	user = user or frappe.session.user
	if is_crm_admin(user):
		return True
	field = CUSTOMER_CHILDREN[doc.doctype]
	customers = {doc.get(field)}
	if not doc.is_new():
		customers.add(_stored(doc, field))
	customers.discard(None)
	right = needed_customer_right(ptype)
	return bool(customers) and all(can_see_customer(c, user, right) for c in customers)
