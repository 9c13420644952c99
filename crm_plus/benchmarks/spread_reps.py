"""Reps in proportion to the customers, for the scale run (README, "Scale").

    bench --site S crm-plus-benchmark spread-reps [--arg per_rep=2000]

The demo keeps 20 reps whatever the number of customers: at 1,000,000 customers a rep owns 50,000, and
the rep's list measures that unusual case. This step adds demo reps (to the two demo teams, half each)
until there is one per `per_rep` owned customers, then deals the owned customers out to all reps in
turn, moving them with exactly what the allocation's background job runs (one move per new owner:
batches, owner-change log rows, notifications), so every record that follows a customer's owner
follows here too. Customers in the unassigned pool stay there.
"""

import math
import time
from collections import defaultdict

import frappe

from crm_plus.allocation import ALLOCATE
from crm_plus.allocation.jobs import run_move_job
from crm_plus.allocation.move import MoveRequest
from crm_plus.allocation.pool import settings
from crm_plus.allocation.selection import Selection
from crm_plus.benchmarks import as_user, peak_rss_mb
from crm_plus.benchmarks.allocation import _demo_reps
from crm_plus.demo import DEMO_DOMAIN
from crm_plus.demo.users import TEAMS, _ensure_user
from crm_plus.doctypes import CUSTOMER
from crm_plus.permissions.roles import SALES_REP


def _add_reps(have: list[str], want: int) -> list[str]:
	"""Demo reps rep021, rep022 ... until there are `want`, each a member of a demo team."""
	teams = [
		frappe.get_doc("CP Sales Team", team) for team in TEAMS if frappe.db.exists("CP Sales Team", team)
	]
	members = {m.user for team in teams for m in team.members}
	reps = list(have)
	k = len(have)
	frappe.flags.in_import = True  # a bulk load of users: past the framework's 60-an-hour throttle
	try:
		while len(reps) < want:
			k += 1
			email = f"rep{k:03d}@{DEMO_DOMAIN}"
			if email not in reps:
				reps.append(_ensure_user(email, f"销售{k:03d}", [SALES_REP]))
	finally:
		frappe.flags.in_import = False
	for i, rep in enumerate(r for r in reps if r not in members):
		if teams:
			teams[i % len(teams)].append("members", {"user": rep})
	for team in teams:
		team.save(ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: a benchmark step, run from the command line
	return sorted(reps)


def run(per_rep: int | str = 2000, user: str | None = None) -> dict:
	per_rep = int(per_rep)
	user = user or f"admin@{DEMO_DOMAIN}"
	if not frappe.db.exists("User", user):
		frappe.throw(f"{user} does not exist: run `bench --site S crm-plus-demo` first")
	if settings().holding_limit:
		frappe.throw("set the holding limit (CP Pool Settings) to 0 on the benchmark site")
	started = time.perf_counter()
	c = frappe.qb.DocType(CUSTOMER)
	owned = (
		frappe.qb.from_(c)
		.select(c.name, c.sales_owner)
		.where(c.sales_owner.like(f"%@{DEMO_DOMAIN}"))
		.orderby(c.name)
		.run()
	)
	want = max(1, math.ceil(len(owned) / per_rep))
	reps = _add_reps(_demo_reps(), want)
	added = time.perf_counter() - started

	moves = defaultdict(list)
	for i, (name, owner) in enumerate(owned):
		target = reps[i % len(reps)]
		if target != owner:
			moves[target].append(name)
	start = time.perf_counter()
	moved = 0
	with as_user(user):
		for target, names in sorted(moves.items()):
			request = MoveRequest(
				ALLOCATE, Selection(customers=names), to_owner=target, reason="scale run: reps in proportion"
			)
			moved += run_move_job(request.as_dict())["moved"]
			frappe.db.commit()  # nosemgrep: what the worker does when the job returns
	moving = time.perf_counter() - start
	print(
		f"{len(owned):,} owned customers, {len(reps)} reps (about {len(owned) // len(reps):,} each); "
		f"reps made in {added:.1f} s; {moved:,} customers moved in {len(moves)} moves in {moving:.1f} s "
		f"({moving / max(moved, 1) * 1000:.3f} ms per customer); peak RSS {peak_rss_mb()} MB"
	)
	return {"reps": len(reps), "moved": moved, "moves": len(moves), "move_s": round(moving, 1)}
