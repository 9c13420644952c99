"""Moving customers to a new owner (or back into the pool): the preview and the set-based move.

The move never saves customer documents one by one. Per batch of customers it

1. locks the new owner's User row when a holding limit applies (moves to one rep are serialised, so
   the limit holds under concurrency),
2. locks the batch's customer rows (``SELECT ... FOR UPDATE``, in primary-key order, so two moves
   never deadlock on customers) and re-checks each one against the rule and the user's rights with
   the owner it has *now* — a customer another move took meanwhile is skipped, not moved twice,
3. changes the owner with one compare-and-set ``UPDATE ... WHERE name IN (...) AND sales_owner <=>
   previous`` per previous owner; the rows are locked, so the update changes exactly them,
4. writes one CP Owner Change Log row per changed customer in one multi-row INSERT,
5. removes the new owner's shares of those customers (DocShare and the Shared With table, kept in step;
   owning makes them redundant). Other shared users keep their shares; the previous owner loses access
   unless the customer is shared with them.

After the last batch the document cache of CP Customer is cleared and the new owner gets one
notification for the whole move.
"""

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.utils import now_datetime

from crm_plus.allocation import BACKGROUND_THRESHOLD, BATCH_SIZE, CUSTOMER, LOG, WARNING, notify
from crm_plus.allocation.log import Change, full_names, new_batch_id, write_log
from crm_plus.allocation.pool import check_holding_limit, lock_owner, owned_count, settings, unassigned
from crm_plus.allocation.rights import (
	OwnerScope,
	check_from_owner,
	check_operation,
	check_target,
	refuse_outside_scope,
	source_scope,
)
from crm_plus.allocation.selection import Selection
from crm_plus.compat import rowcount
from crm_plus.exceptions import ConcurrentMoveError, InvalidSelectionError
from crm_plus.integrations.erpnext.owners import sync_account_managers
from crm_plus.sharing import unshare_in_bulk


@dataclass
class MoveRequest:
	operation: str
	selection: Selection
	to_owner: str | None = None
	reason: str | None = None
	user: str = field(default_factory=lambda: frappe.session.user)
	batch_id: str = field(default_factory=new_batch_id)

	def as_dict(self) -> dict:
		return {
			"operation": self.operation,
			"selection": self.selection.as_dict(),
			"to_owner": self.to_owner,
			"reason": self.reason,
			"user": self.user,
			"batch_id": self.batch_id,
		}

	@classmethod
	def from_dict(cls, data: dict) -> "MoveRequest":
		return cls(**{**data, "selection": Selection(**data["selection"])})


@dataclass
class Plan:
	"""What a move will do: the customers it will take, grouped by their current owner."""

	request: MoveRequest
	names: list[str]
	by_owner: Counter
	already: int = 0  # hand-picked customers the new owner already owns

	@property
	def count(self) -> int:
		return len(self.names)

	@property
	def background(self) -> bool:
		return self.count > BACKGROUND_THRESHOLD

	def summary(self) -> dict:
		"""The preview: how many customers move, from whom, to whom, and whether it runs in the background."""
		to_owner = self.request.to_owner
		names = full_names([*self.by_owner, to_owner])
		pool = _("Unassigned pool")
		to_label = names.get(to_owner, to_owner) if to_owner else pool
		summary = {
			"operation": self.request.operation,
			"count": self.count,
			"already": self.already,
			"to_owner": to_owner,
			"to_owner_name": to_label,
			"by_owner": [
				{"from_owner": owner or None, "from_owner_name": names.get(owner, owner) or pool, "count": n}
				for owner, n in self.by_owner.most_common()
			],
			"background": self.background,
			"message": _("{0} customers will move to {1}.").format(self.count, to_label),
		}
		if to_owner:
			limit = settings().holding_limit
			holds = owned_count(to_owner)
			summary["holding"] = {"holds": holds, "limit": limit}
			summary["exceeds_limit"] = bool(limit) and holds + self.count > limit
		summary["html"] = render_preview(summary)
		return summary


def render_preview(summary: dict) -> str:
	"""The preview as the desk shows it before a move is confirmed."""
	esc = frappe.utils.escape_html
	parts = [f"<p><b>{esc(summary['message'])}</b></p>"]
	if summary["by_owner"]:
		rows = "".join(
			f"<tr><td>{esc(r['from_owner_name'])}</td><td class='text-right'>{r['count']}</td></tr>"
			for r in summary["by_owner"]
		)
		owner_label, count_label = esc(_("Current Owner")), esc(_("Customers"))
		parts.append(
			"<table class='table table-bordered table-sm'><thead><tr>"
			f"<th>{owner_label}</th><th class='text-right'>{count_label}</th>"
			f"</tr></thead><tbody>{rows}</tbody></table>"
		)
	if summary["already"]:
		message = _("{0} of the selected customers already belong to {1} and stay as they are.")
		parts.append(
			f"<p class='text-muted'>{esc(message.format(summary['already'], summary['to_owner_name']))}</p>"
		)
	if summary.get("exceeds_limit"):
		holding = summary["holding"]
		message = _("Refused: {0} holds {1} customers and the holding limit is {2}.").format(
			summary["to_owner_name"], holding["holds"], holding["limit"]
		)
		parts.append(f"<p class='text-danger'>{esc(message)}</p>")
	if summary["background"]:
		message = _("The move runs in the background; you will be notified when it is done.")
		parts.append(f"<p class='text-muted'>{esc(message)}</p>")
	return "".join(parts)


@dataclass
class MoveResult:
	batch_id: str
	operation: str
	to_owner: str | None
	planned: int
	moved: int
	by_owner: dict

	@property
	def skipped(self) -> int:
		"""Planned customers not moved: another move changed their owner in the meantime."""
		return self.planned - self.moved

	def as_dict(self) -> dict:
		return {
			"batch_id": self.batch_id,
			"operation": self.operation,
			"to_owner": self.to_owner,
			"moved": self.moved,
			"skipped": self.skipped,
			"by_owner": self.by_owner,
		}


def plan_move(request: MoveRequest) -> Plan:
	"""Check the rights and find the customers `request` would move. Nothing is changed."""
	op, user, selection, to_owner = request.operation, request.user, request.selection, request.to_owner
	check_operation(op, user)
	check_target(op, user, to_owner)
	scope = source_scope(op, user)
	t = frappe.qb.DocType(CUSTOMER)
	names, by_owner, already = [], Counter(), 0
	if selection.hand_picked:
		found = dict(
			frappe.qb.from_(t).select(t.name, t.sales_owner).where(t.name.isin(selection.customers)).run()
		)
		missing = [c for c in selection.customers if c not in found]
		if missing:
			frappe.throw(_("Customer {0} not found.").format(", ".join(missing[:10])), InvalidSelectionError)
		for name in selection.customers:
			owner = found[name] or None
			if owner == to_owner:
				already += 1
				continue
			if not scope.allows(owner):
				refuse_outside_scope(op, user, name, owner)
			names.append(name)
			by_owner[owner or ""] += 1
	else:
		check_from_owner(op, user, scope, selection.from_owner)
		condition = rule_scope(request).criterion(t)
		if (fields := selection.field_criterion(t)) is not None:
			condition &= fields
		if to_owner:
			condition &= t.sales_owner.isnull() | (t.sales_owner != to_owner)
		for name, owner in (
			frappe.qb.from_(t).select(t.name, t.sales_owner).where(condition).orderby(t.name).run()
		):
			names.append(name)
			by_owner[owner or ""] += 1
	return Plan(request, names, by_owner, already)


def rule_scope(request: MoveRequest) -> OwnerScope:
	"""The owners `request` takes customers from: the user's rights narrowed by the rule."""
	scope = source_scope(request.operation, request.user)
	selection = request.selection
	if selection.hand_picked:
		return scope
	return scope.narrowed(selection.from_owner, selection.only_unassigned)


def execute_move(
	plan: Plan,
	*,
	batch_size: int | None = None,
	after_batch: Callable[[int, int, int], None] | None = None,
	recheck: Callable[[list[str]], set[str]] | None = None,
) -> MoveResult:
	"""Move the planned customers, batch by batch (see the module docstring).

	`after_batch(done, total, moved)` runs after each batch (a background job commits there);
	`recheck(names)` may narrow a locked batch further (the names still eligible)."""
	request = plan.request
	to_owner = request.to_owner
	batch_size = batch_size or BATCH_SIZE
	limit = settings().holding_limit if to_owner else 0
	check_holding_limit(to_owner, plan.count, limit=limit)  # refuse at once what cannot fit
	scope = rule_scope(request)
	t = frappe.qb.DocType(CUSTOMER)
	fields = None if request.selection.hand_picked else request.selection.field_criterion(t)
	changed_on = now_datetime()
	to_name = full_names([to_owner]).get(to_owner) if to_owner else None
	moved = Counter()
	total = plan.count
	# a job the worker retries after a deadlock finds the rows its committed batches already wrote
	logged_before = frappe.db.count(LOG, {"batch_id": request.batch_id})
	for start in range(0, total, batch_size):
		batch = plan.names[start : start + batch_size]
		logged = logged_before + sum(moved.values())
		changes = _move_batch(request, batch, scope, fields, limit, changed_on, to_name, recheck, logged)
		moved.update(c.from_owner or "" for c in changes)
		if after_batch:
			after_batch(min(start + batch_size, total), total, sum(moved.values()))
	count = sum(moved.values())
	if count:
		frappe.clear_document_cache(CUSTOMER)
		single = plan.names[0] if total == 1 else None
		notify.new_owner(to_owner, count, request.operation, request.batch_id, request.user, single)
	return MoveResult(request.batch_id, request.operation, to_owner, total, count, dict(moved))


def _move_batch(request, batch, scope, fields, limit, changed_on, to_name, recheck, logged) -> list[Change]:
	t = frappe.qb.DocType(CUSTOMER)
	to_owner = request.to_owner
	if to_owner and limit:
		lock_owner(to_owner)
	condition = t.name.isin(batch)
	if fields is not None:  # a rule's fields, checked again on the locked rows
		condition &= fields
	locked = (
		frappe.qb.from_(t)
		.select(t.name, t.customer_name, t.sales_owner)
		.where(condition)
		.orderby(t.name)
		.for_update()
		.run(as_dict=True)
	)
	eligible = [r for r in locked if (r.sales_owner or None) != to_owner and scope.allows(r.sales_owner)]
	if recheck and eligible:
		keep = recheck([r.name for r in eligible])
		eligible = [r for r in eligible if r.name in keep]
	if not eligible:
		return []
	if to_owner and limit:
		check_holding_limit(to_owner, len(eligible), locked=True, limit=limit)

	by_previous = defaultdict(list)
	for row in eligible:
		by_previous[row.sales_owner or None].append(row.name)
	for previous, names in by_previous.items():
		owner_is = unassigned(t) if previous is None else (t.sales_owner == previous)
		(
			frappe.qb.update(t)
			.set(t.sales_owner, to_owner)
			.set(t.sales_owner_name, to_name)
			.set(t.modified, changed_on)
			.set(t.modified_by, request.user)
			.where(t.name.isin(names) & owner_is)
			.run()
		)
		if rowcount() != len(names):  # the rows are locked: cannot happen
			frappe.throw(
				_("Customers changed owner during the move; nothing was moved."), ConcurrentMoveError
			)

	changes = [Change(r.name, r.customer_name, r.sales_owner or None, to_owner) for r in eligible]
	write_log(
		changes,
		operation=request.operation,
		changed_by=request.user,
		changed_on=changed_on,
		batch_id=request.batch_id,
		reason=request.reason,
		first_number=logged + 1,
	)
	moved_names = [c.customer for c in changes]
	if to_owner:
		unshare_in_bulk(CUSTOMER, moved_names, to_owner)
	w = frappe.qb.DocType(WARNING)
	frappe.qb.from_(w).delete().where(w.customer.isin(moved_names)).run()  # a new owner, a new count
	sync_account_managers(moved_names)  # ERPNext's account manager, where the site keeps it in step
	return changes
