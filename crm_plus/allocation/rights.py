"""Who may move which customers to whom.

- Sales managers allocate, select-allocate and re-allocate within the teams they manage: customers of
  their reps (and their own) and the unassigned pool, given to one of their reps (or themselves).
- CRM administrators (and System Managers) may do everything.
- A sales rep transfers only their own customers, to any sales rep; a manager transfers their team's.
- Sales reps and managers claim customers from the pool for themselves.
- Automatic return to the pool is the system's (it runs as Administrator).

Everything else is refused with AllocationNotAllowed and a message saying why.
"""

from dataclasses import dataclass, field

import frappe
from frappe import _
from pypika.terms import Criterion

from crm_plus.allocation import (
	ALLOCATE,
	AUTO_RETURN,
	CLAIM,
	RE_ALLOCATE,
	SELECT_ALLOCATE,
	TO_POOL,
	TRANSFER,
	USER_OPERATIONS,
)
from crm_plus.exceptions import AllocationNotAllowed
from crm_plus.permissions.customer import is_sales_manager, managed_reps
from crm_plus.permissions.roles import SALES_MANAGER, SALES_REP, is_crm_admin

MANAGER_OPERATIONS = (RE_ALLOCATE, ALLOCATE, SELECT_ALLOCATE)


@dataclass(frozen=True)
class OwnerScope:
	"""The current owners a move may take customers from."""

	any_owner: bool = False  # every customer that has an owner
	owners: frozenset = field(default_factory=frozenset)
	pool: bool = False  # unassigned customers

	def allows(self, owner: str | None) -> bool:
		if not owner:
			return self.pool
		return self.any_owner or owner in self.owners

	def criterion(self, table) -> Criterion:
		"""The same rule as `allows`, as a condition on `table`.sales_owner."""
		unassigned = table.sales_owner.isnull() | (table.sales_owner == "")
		owned = table.sales_owner.notnull() & (table.sales_owner != "")
		parts = []
		if self.any_owner:
			parts.append(owned)
		elif self.owners:
			parts.append(table.sales_owner.isin(sorted(self.owners)))
		if self.pool:
			parts.append(unassigned)
		return Criterion.any(parts) if parts else Criterion.all([table.name.isnull()])  # nothing

	def narrowed(self, from_owner: str | None = None, only_unassigned: bool = False) -> "OwnerScope":
		if only_unassigned:
			return OwnerScope(pool=self.pool)
		if from_owner:
			return OwnerScope(owners=frozenset([from_owner]))
		return self


def is_sales_user(user: str) -> bool:
	return bool({SALES_REP, SALES_MANAGER} & set(frappe.get_roles(user)))


def check_operation(operation: str, user: str | None = None) -> None:
	"""Whether `user` may start `operation` at all (the first check of every endpoint)."""
	user = user or frappe.session.user
	if operation not in USER_OPERATIONS and operation != AUTO_RETURN:
		frappe.throw(_("Unknown ownership operation: {0}").format(operation), AllocationNotAllowed)
	if is_crm_admin(user):
		return
	if operation == AUTO_RETURN:
		frappe.throw(_("Only the system returns customers to the pool automatically."), AllocationNotAllowed)
	if operation in MANAGER_OPERATIONS and not is_sales_manager(user):
		frappe.throw(
			_("Only sales managers and CRM administrators may allocate or re-allocate customers."),
			AllocationNotAllowed,
			title=_("Not Permitted"),
		)
	if operation in (TRANSFER, CLAIM) and not is_sales_user(user):
		frappe.throw(
			_("Only sales reps, sales managers and CRM administrators may transfer or claim customers."),
			AllocationNotAllowed,
			title=_("Not Permitted"),
		)


def source_scope(operation: str, user: str) -> OwnerScope:
	"""The owners `user` may take customers from with `operation`."""
	if operation in (CLAIM, SELECT_ALLOCATE):
		return OwnerScope(pool=True)
	if operation == AUTO_RETURN or is_crm_admin(user):
		return OwnerScope(any_owner=True, pool=operation == ALLOCATE)
	if is_sales_manager(user):
		team = frozenset([user, *managed_reps(user)])
		return OwnerScope(owners=team, pool=operation == ALLOCATE)
	return OwnerScope(owners=frozenset([user]))  # a rep's transfer


def check_target(operation: str, user: str, to_owner: str | None) -> None:
	"""Whether `user` may give customers to `to_owner` with `operation`."""
	if operation in TO_POOL:
		if to_owner:
			frappe.throw(
				_("Re-allocation takes customers back into the unassigned pool; leave the new owner empty."),
				AllocationNotAllowed,
			)
		return
	if not to_owner:
		frappe.throw(_("Choose the sales rep who gets the customers."), AllocationNotAllowed)
	if operation == CLAIM and to_owner != user:
		frappe.throw(_("Customers can only be claimed for yourself."), AllocationNotAllowed)
	if not frappe.db.get_value("User", {"name": to_owner, "enabled": 1}) or not is_sales_user(to_owner):
		frappe.throw(
			_("{0} is not an active sales rep or sales manager.").format(frappe.bold(to_owner)),
			AllocationNotAllowed,
		)
	if operation == CLAIM or is_crm_admin(user):
		return
	if to_owner == user:  # only claims take customers for oneself (README "Security", class 6)
		frappe.throw(_("You cannot transfer customers to yourself."), AllocationNotAllowed)
	if is_sales_manager(user):
		if to_owner not in managed_reps(user):
			frappe.throw(
				_(
					"{0} is not in a team you manage: a sales manager moves customers only within their own teams."
				).format(frappe.bold(to_owner)),
				AllocationNotAllowed,
				title=_("Not Permitted"),
			)
		return


def refuse_outside_scope(operation: str, user: str, customer: str, owner: str | None) -> None:
	"""A hand-picked customer `user` may not take with `operation`: say why."""
	if operation in (CLAIM, SELECT_ALLOCATE):
		message = _(
			"Customer {0} is not in the unassigned pool; use Transfer to move customers that have an owner."
		)
	elif not owner:
		message = _("Customer {0} is in the unassigned pool; use Allocate or Claim to give it an owner.")
	elif is_crm_admin(user) or is_sales_manager(user):
		message = _("Customer {0} belongs to a sales rep outside the teams you manage.")
	else:
		message = _("Customer {0} is not yours: a sales rep may transfer only their own customers.")
	frappe.throw(message.format(frappe.bold(customer)), AllocationNotAllowed, title=_("Not Permitted"))


def check_from_owner(operation: str, user: str, scope: OwnerScope, from_owner: str | None) -> None:
	"""A rule's original owner must be one `user` may take customers from."""
	if from_owner and not scope.allows(from_owner):
		if is_sales_manager(user):
			message = _("{0} is not in a team you manage.")
		else:
			message = _("A sales rep may transfer only their own customers, not those of {0}.")
		frappe.throw(message.format(frappe.bold(from_owner)), AllocationNotAllowed, title=_("Not Permitted"))
