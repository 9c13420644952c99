"""The load benchmark's data: the demo's reps and their customers, the ToDo baseline made for a run,
the check that every acknowledged write is stored once, and the cleanup after a run."""

from collections import defaultdict

import frappe

from crm_plus.utils.bulk import insert_rows

TODO_MARK = "crm-plus-load"


def demo_reps() -> list[str]:
	from crm_plus.permissions import roles

	has_role = frappe.qb.DocType("Has Role")
	user = frappe.qb.DocType("User")
	return (
		frappe.qb.from_(user)
		.join(has_role)
		.on(has_role.parent == user.name)
		.select(user.name)
		.where((has_role.role == roles.SALES_REP) & (user.enabled == 1) & user.name.like("%@crm-plus.demo"))
		.orderby(user.name)
		.run(pluck=True)
	)


def customers_of(reps: list[str], per_rep: int = 50) -> dict[str, list[str]]:
	c = frappe.qb.DocType("CP Customer")
	out = {}
	for rep in reps:
		out[rep] = (
			frappe.qb.from_(c)
			.select(c.name)
			.where(c.sales_owner == rep)
			.orderby(c.name)
			.limit(per_rep)
			.run(pluck=True)
		)
		if not out[rep]:
			raise RuntimeError(f"{rep} owns no customer: run crm-plus-demo first")
	return out


def make_todos(reps: list[str]) -> dict[str, list[str]]:
	"""One ToDo per customer, allocated to its owner (the baseline's table is as big and as spread)."""
	c = frappe.qb.DocType("CP Customer")
	owners = frappe.qb.from_(c).select(c.sales_owner).where(c.sales_owner.isnotnull()).run(pluck=True)
	rows = [
		(f"load-{i:07d}", f"{TODO_MARK} {i}", owner, owner, "Open", "Medium")
		for i, owner in enumerate(owners)
	]
	insert_rows(
		"ToDo", ("name", "description", "allocated_to", "owner", "status", "priority"), rows, batch=5000
	)
	frappe.db.commit()  # nosemgrep: the server is another process
	mine = defaultdict(list)
	for name, _d, owner, *_rest in rows:
		if owner in reps and len(mine[owner]) < 50:
			mine[owner].append(name)
	return dict(mine)


def check_writes(doctype: str, field: str, result: dict, tag: str) -> dict:
	"""Every acknowledged marker stored exactly once; none stored twice."""
	frappe.db.rollback()  # read what the server committed
	t = frappe.qb.DocType(doctype)
	stored = defaultdict(int)
	for text in (
		frappe.qb.from_(t).select(t[field]).where(t[field].like(f"%[{TODO_MARK} {tag} %")).run(pluck=True)
	):
		start = text.find(f"[{TODO_MARK} ")
		stored[text[start : text.index("]", start) + 1]] += 1
	acknowledged = result["acknowledged"]
	return {
		"acknowledged": len(acknowledged),
		"stored_once": sum(1 for m in acknowledged if stored.get(m) == 1),
		"missing": [m for m in acknowledged if m not in stored][:5],
		"duplicated": [m for m, n in stored.items() if n > 1][:5],
		"stored_not_acknowledged": len(set(stored) - set(acknowledged)),
	}


def cleanup(todos: bool = True) -> None:
	from crm_plus.follow_ups import refresh_last_follow_up_dates

	frappe.db.rollback()
	f = frappe.qb.DocType("CP Follow Up")
	customers = (
		frappe.qb.from_(f)
		.select(f.customer)
		.distinct()
		.where(f.content.like(f"%[{TODO_MARK} %"))
		.run(pluck=True)
	)
	frappe.qb.from_(f).delete().where(f.content.like(f"%[{TODO_MARK} %")).run()
	if customers:
		refresh_last_follow_up_dates("Customer", customers)
	if todos:
		td = frappe.qb.DocType("ToDo")
		frappe.qb.from_(td).delete().where(
			td.description.like(f"{TODO_MARK}%") | td.description.like(f"%[{TODO_MARK} %")
		).run()
	frappe.db.commit()  # nosemgrep: benchmark cleanup
