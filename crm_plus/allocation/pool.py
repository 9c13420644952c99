"""The unassigned pool (公海): customers without an owner, the view reps get of it, the holding limit.

Reps do not see pool customers through the customer visibility rule (they see only their own and
shared customers), so the pool view shows a limited set of fields — enough to decide whether to claim
a customer, never its contacts, phones or remarks."""

import frappe
from frappe import _
from frappe.query_builder.functions import Count
from frappe.utils import cint, get_fullname

from crm_plus.allocation import CUSTOMER, SETTINGS
from crm_plus.allocation.rights import is_sales_user
from crm_plus.exceptions import AllocationNotAllowed, HoldingLimitExceeded
from crm_plus.permissions.roles import is_crm_admin

# what the pool view shows of a customer
POOL_FIELDS = (
	"name",
	"customer_name",
	"customer_category",
	"customer_source",
	"region",
	"industry",
	"grade",
	"last_follow_up_date",
)
POOL_FILTERS = ("customer_category", "customer_source", "region", "industry", "grade")
MAX_PAGE_LENGTH = 500

DEFAULTS = {"holding_limit": 0, "auto_return_enabled": 0, "return_after_days": 90, "warning_days": 7}


def settings() -> frappe._dict:
	"""CP Pool Settings, with the defaults for fields never saved."""
	stored = frappe.db.get_singles_dict(SETTINGS)
	return frappe._dict(
		{k: cint(stored[k]) if stored.get(k) not in (None, "") else v for k, v in DEFAULTS.items()}
	)


def unassigned(table):
	return table.sales_owner.isnull() | (table.sales_owner == "")


# --- the holding limit ---------------------------------------------------------------------------


def owned_count(user: str, lock: bool = False) -> int:
	"""How many customers `user` owns; with `lock`, a locking read (the latest committed rows, locked
	until the transaction ends)."""
	t = frappe.qb.DocType(CUSTOMER)
	query = frappe.qb.from_(t).select(Count("*")).where(t.sales_owner == user)
	if lock:
		query = query.for_update()
	return int(query.run()[0][0])


def lock_owner(user: str) -> None:
	"""Serialise moves to `user`: their User row stays locked until the transaction ends, so two
	concurrent moves to the same rep cannot both pass the holding limit."""
	u = frappe.qb.DocType("User")
	frappe.qb.from_(u).select(u.name).where(u.name == user).for_update().run()


def check_holding_limit(user: str | None, adding: int, *, locked: bool = False, limit: int | None = None):
	"""Refuse when `user` would own more customers than the holding limit after taking `adding` more."""
	limit = settings().holding_limit if limit is None else limit
	if not user or not limit or adding <= 0:
		return
	holds = owned_count(user, lock=locked)
	if holds + adding > limit:
		frappe.throw(
			_(
				"{0} already holds {1} customers; {2} more would exceed the holding limit of {3} customers per sales rep. Return or transfer some customers first."
			).format(frappe.bold(get_fullname(user)), holds, adding, limit),
			HoldingLimitExceeded,
			title=_("Holding Limit Reached"),
		)


def holding(user: str) -> dict:
	return {"holds": owned_count(user), "limit": settings().holding_limit}


# --- the pool view ------------------------------------------------------------------------------


def check_can_view_pool(user: str) -> None:
	if not (is_crm_admin(user) or is_sales_user(user)):
		frappe.throw(
			_("Only sales reps, sales managers and CRM administrators may see the customer pool."),
			AllocationNotAllowed,
			title=_("Not Permitted"),
		)


def pool_customers(
	filters: dict | None = None, search: str | None = None, start: int = 0, page_length: int = 100
) -> dict:
	"""Unassigned customers matching `filters`, with the pool fields only, and how many match."""
	filters = filters or {}
	t = frappe.qb.DocType(CUSTOMER)
	condition = unassigned(t)
	for fieldname in POOL_FILTERS:
		if filters.get(fieldname):
			condition &= t[fieldname] == filters[fieldname]
	if search:
		condition &= t.customer_name.like(f"%{search}%") | (t.name == search)
	page_length = max(1, min(cint(page_length) or 100, MAX_PAGE_LENGTH))
	rows = (
		frappe.qb.from_(t)
		.select(*(t[f] for f in POOL_FIELDS))
		.where(condition)
		.orderby(t.name)
		.limit(page_length)
		.offset(max(cint(start), 0))
		.run(as_dict=True)
	)
	total = frappe.qb.from_(t).select(Count("*")).where(condition).run()[0][0]
	return {"customers": rows, "total": int(total)}
