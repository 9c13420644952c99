"""Whitelisted endpoints of allocation, transfer and the pool: check the right, then call
crm_plus.allocation. Customers come as a list (or its JSON), rules as a dict (or its JSON) of
customer_category, customer_source, region, industry, company_type, grade, from_owner, only_unassigned."""

import frappe

from crm_plus.allocation import ALLOCATE, CLAIM, RE_ALLOCATE, SELECT_ALLOCATE, TRANSFER
from crm_plus.allocation.jobs import run_or_enqueue
from crm_plus.allocation.move import MoveRequest, plan_move
from crm_plus.allocation.pool import POOL_FILTERS, check_can_view_pool, holding, pool_customers
from crm_plus.allocation.rights import check_operation
from crm_plus.allocation.selection import Selection
from crm_plus.exceptions import AllocationNotAllowed

RULE_OPERATIONS = (ALLOCATE, RE_ALLOCATE, TRANSFER)

Customers = str | list[str] | None
Filters = str | dict | None


def _request(operation, customers=None, filters=None, to_owner=None, reason=None) -> MoveRequest:
	if operation == TRANSFER and customers is None:
		filters = frappe.parse_json(filters) if isinstance(filters, str) else dict(filters or {})
		filters["from_owner"] = filters.get("from_owner") or frappe.session.user  # "hand over my customers"
	if operation == CLAIM:
		to_owner = frappe.session.user
	selection = Selection.parse(customers=customers, filters=filters)
	return MoveRequest(operation, selection, to_owner=to_owner or None, reason=reason or None)


@frappe.whitelist()
def preview(
	operation: str, customers: Customers = None, filters: Filters = None, to_owner: str | None = None
) -> dict:
	"""How many customers a move would take, from whom, to whom; nothing moves."""
	check_operation(operation)
	return plan_move(_request(operation, customers, filters, to_owner)).summary()


@frappe.whitelist(methods=["POST"])
def run_rule(
	operation: str, filters: Filters, to_owner: str | None = None, reason: str | None = None
) -> dict:
	"""Allocate (to a rep), re-allocate (to the pool) or transfer the customers matching a rule."""
	check_operation(operation)
	if operation not in RULE_OPERATIONS:
		frappe.throw(
			frappe._("{0} does not work on a rule.").format(frappe._(operation)), AllocationNotAllowed
		)
	return run_or_enqueue(_request(operation, filters=filters, to_owner=to_owner, reason=reason))


@frappe.whitelist(methods=["POST"])
def allocate(customers: Customers, to_owner: str, reason: str | None = None) -> dict:
	"""Select-allocate: give hand-picked unassigned customers to a rep."""
	check_operation(SELECT_ALLOCATE)
	return run_or_enqueue(_request(SELECT_ALLOCATE, customers, to_owner=to_owner, reason=reason))


@frappe.whitelist(methods=["POST"])
def transfer(customers: Customers, to_owner: str, reason: str | None = None) -> dict:
	"""Hand customers over to another rep (a rep: their own; a manager: their team's)."""
	check_operation(TRANSFER)
	return run_or_enqueue(_request(TRANSFER, customers, to_owner=to_owner, reason=reason))


@frappe.whitelist(methods=["POST"])
def return_to_pool(customers: Customers, reason: str | None = None) -> dict:
	"""Re-allocate hand-picked customers: take them back into the unassigned pool."""
	check_operation(RE_ALLOCATE)
	return run_or_enqueue(_request(RE_ALLOCATE, customers, reason=reason))


@frappe.whitelist(methods=["POST"])
def claim(customers: Customers) -> dict:
	"""Claim customers from the unassigned pool for yourself (within your holding limit)."""
	check_operation(CLAIM)
	return run_or_enqueue(_request(CLAIM, customers, to_owner=frappe.session.user))


@frappe.whitelist()
def get_pool_customers(
	filters: Filters = None, search: str | None = None, start: int = 0, page_length: int = 100
) -> dict:
	"""The unassigned pool with limited fields (no contacts, phones or remarks), and your holding."""
	check_can_view_pool(frappe.session.user)
	filters = frappe.parse_json(filters) if isinstance(filters, str) else (filters or {})
	filters = {k: v for k, v in filters.items() if k in POOL_FILTERS}
	result = pool_customers(filters, search=search, start=start, page_length=page_length)
	result["holding"] = holding(frappe.session.user)
	return result
