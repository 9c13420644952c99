"""Who may see which customer price file (README, "Customer price files": confidential).

A price file is visible only to
- the customer's owner (``sales_owner`` of its CP Customer),
- users the customer is shared with,
- users the price file is shared with (its "Shared With" table, kept in step with DocShare); a share
  of one version opens the whole history of that file (every version with the same ``lineage``),
- price managers (CP Price Manager), CRM administrators, System Managers and Administrator.

Unlike customers, sales managers do NOT see the price files of their team's customers unless a file or
its customer is shared with them: prices are more confidential than the customer record.

Reading needs any of the above; changing a draft needs the customer (own or shared with you) or a share
of the file itself (the framework grants that after a "no" from here); sharing a file further needs the
customer's owner. A saved file is judged by the customer it is stored under (``customer`` is set only
once). Cost and margin on the lines are permlevel 1: price managers and administrators only.
"""

import frappe

import crm_plus.overrides.db_query  # installs on import: cost and margin must not leak through lists
from crm_plus.compat import NO_OBJECTION
from crm_plus.permissions.customer import CUSTOMER, READ_PTYPES
from crm_plus.permissions.roles import PRICE_MANAGER, is_crm_admin
from crm_plus.permissions.shares import shares_of
from crm_plus.utils import conditions as sql

PRICE_FILE = "CP Price File"
PRICE_FILE_ITEM = "CP Price File Item"


def sees_all_price_files(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return is_crm_admin(user) or PRICE_MANAGER in frappe.get_roles(user)


def price_file_condition(user: str | None = None, table: str = sql.table(PRICE_FILE)) -> str:
	"""SQL condition selecting the price files `user` may see in `table`; "" when they see all."""
	user = user or frappe.session.user
	if sees_all_price_files(user):
		return ""
	customer = sql.column(table, "customer")
	owned = sql.select("`name`", sql.table(CUSTOMER), sql.equals("`sales_owner`", user))
	# a file shared is shared in every version (all files of its lineage)
	shared_lineages = sql.select(
		"`shared_pf`.`lineage`",
		f"{sql.table(PRICE_FILE)} `shared_pf`",
		sql.in_query("`shared_pf`.`name`", shares_of(PRICE_FILE, user)),
	)
	return sql.any_of(
		sql.in_query(customer, owned),
		sql.in_query(customer, shares_of(CUSTOMER, user)),
		sql.in_query(sql.column(table, "lineage"), shared_lineages),
	)


def price_file_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return price_file_condition(user)


def price_file_item_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""Lines read on their own (get_list of the child table with parent=CP Price File)."""
	condition = price_file_condition(user)
	if not condition:
		return ""
	files = sql.select(sql.column(sql.table(PRICE_FILE), "name"), sql.table(PRICE_FILE), condition)
	return sql.in_query(sql.column(sql.table(PRICE_FILE_ITEM), "parent"), files)


def owns_customer(customer: str | None, user: str) -> bool:
	return bool(customer) and frappe.db.get_value("CP Customer", customer, "sales_owner") == user


def customer_shared_with(customer: str | None, user: str) -> bool:
	return bool(customer) and bool(
		frappe.db.exists(
			"DocShare", {"share_doctype": "CP Customer", "share_name": customer, "user": user, "read": 1}
		)
	)


def lineage_shared_with(lineage: str | None, user: str) -> bool:
	"""Whether any version of the price file `lineage` is shared with `user`."""
	if not lineage:
		return False
	share = frappe.qb.DocType("DocShare")
	pf = frappe.qb.DocType(PRICE_FILE)
	found = (
		frappe.qb.from_(share)
		.join(pf)
		.on(pf.name == share.share_name)
		.select(share.name)
		.where(
			(share.share_doctype == PRICE_FILE)
			& (share.user == user)
			& (share.read == 1)
			& (pf.lineage == lineage)
		)
		.limit(1)
		.run()
	)
	return bool(found)


def price_file_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	"""Owner of the customer and users it is shared with: yes. Readers of a shared history: read only.
	Anyone else: no (the framework then still grants what a DocShare of this very file grants)."""
	user = user or frappe.session.user
	if sees_all_price_files(user):
		return True
	ptype = ptype or "read"
	customer = doc.get("customer") if doc.is_new() else _stored(doc, "customer")
	if owns_customer(customer, user):
		return True
	if ptype == "share":
		return False  # only the customer's owner, price managers and administrators share a file
	if customer_shared_with(customer, user):
		return True
	if doc.is_new() or ptype not in READ_PTYPES:
		return False
	return lineage_shared_with(_stored(doc, "lineage"), user)


def price_file_item_has_permission(
	doc, ptype: str | None = None, user: str | None = None, debug: bool = False
):
	"""A line: the answer for its price file (the framework asks the parent for child rows already;
	this keeps the pair complete for direct calls)."""
	if not doc.get("parent"):
		return NO_OBJECTION
	return frappe.has_permission(PRICE_FILE, ptype or "read", doc=doc.parent, user=user)


def may_manage_sharing(doc, user: str | None = None) -> bool:
	"""Who may change the users a price file is shared with."""
	user = user or frappe.session.user
	if sees_all_price_files(user):
		return True
	customer = doc.get("customer") if doc.is_new() else _stored(doc, "customer")
	return owns_customer(customer, user)


def can_see_cost(user: str | None = None) -> bool:
	"""Cost and margin (permlevel 1 of CP Price File)."""
	user = user or frappe.session.user
	if user == "Administrator":
		return True
	return 1 in frappe.get_meta(PRICE_FILE).get_permlevel_access("read", user=user)


def can_edit_cost(user: str | None = None) -> bool:
	user = user or frappe.session.user
	if user == "Administrator":
		return True
	return 1 in frappe.get_meta(PRICE_FILE).get_permlevel_access("write", user=user)


def _stored(doc, fieldname: str):
	return frappe.db.get_value(doc.doctype, doc.name, fieldname)
