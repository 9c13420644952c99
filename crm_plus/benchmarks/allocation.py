"""Giving 50,000 of 100,000 customers new owners: the set-based move against doc.save per customer.

    bench --site S crm-plus-demo --customers 100000
    bench --site S crm-plus-benchmark allocation [--arg customers=50000] [--arg naive_sample=1000]

Set-based: the customers (owned by the demo reps) are handed to "the next rep" — twenty moves, one per
new owner, each run by exactly what the background worker runs (crm_plus.allocation.jobs.run_move_job:
batches of 2,000 with one locking SELECT, one UPDATE per previous owner, one bulk INSERT of log rows
and a commit each, progress, one notification per new owner and one result notification).

Naive: `doc.save()` per customer, which runs the customer controller (validation, sharing, one log
row and one notification per customer, a Version row). Running it on all 50,000 would take far too
long, so it is timed on a sample of other customers in the same run, and its time for 50,000 is
extrapolated from the measured per-customer rate (printed as extrapolated).
"""

import time
from collections import defaultdict

import frappe

from crm_plus.allocation import ALLOCATE, BATCH_SIZE, LOG
from crm_plus.allocation.jobs import run_move_job
from crm_plus.allocation.move import MoveRequest
from crm_plus.allocation.pool import settings
from crm_plus.allocation.selection import Selection
from crm_plus.benchmarks import as_user, peak_rss_mb
from crm_plus.demo import DEMO_DOMAIN
from crm_plus.permissions.roles import SALES_REP


def _demo_reps() -> list[str]:
	return sorted(
		frappe.get_all(
			"Has Role",
			filters={"role": SALES_REP, "parenttype": "User", "parent": ("like", f"%@{DEMO_DOMAIN}")},
			pluck="parent",
		)
	)


def run(customers: int = 50_000, naive_sample: int = 1_000, user: str | None = None, **_) -> dict:
	customers, naive_sample = int(customers), int(naive_sample)
	user = user or f"admin@{DEMO_DOMAIN}"
	if not frappe.db.exists("User", user):
		frappe.throw(f"{user} does not exist: run `bench --site S crm-plus-demo --customers 100000` first")
	if settings().holding_limit:
		frappe.throw("set the holding limit (CP Pool Settings) to 0 on the benchmark site")
	reps = _demo_reps()
	next_rep = {rep: reps[(i + 1) % len(reps)] for i, rep in enumerate(reps)}
	t = frappe.qb.DocType("CP Customer")
	picked = (
		frappe.qb.from_(t)
		.select(t.name, t.sales_owner)
		.where(t.sales_owner.isin(reps))
		.orderby(t.name)
		.limit(customers + naive_sample)
		.run()
	)
	if len(picked) < customers + naive_sample:
		frappe.throw(f"need {customers + naive_sample} customers owned by demo reps, found {len(picked)}")
	main, sample = picked[:customers], picked[customers:]
	total_customers = frappe.db.count("CP Customer")
	logs_before = frappe.db.count(LOG)
	notes_before = frappe.db.count("Notification Log")

	by_target = defaultdict(list)
	for name, owner in main:
		by_target[next_rep[owner]].append(name)

	print(f"site: {frappe.local.site}, {total_customers:,} customers, {len(reps)} demo reps, as {user}")
	with as_user(user):
		# --- set-based: what the background job runs, one job per new owner ---------------------------
		start = time.perf_counter()
		moved = 0
		for target, names in sorted(by_target.items()):
			request = MoveRequest(ALLOCATE, Selection(customers=names), to_owner=target, reason="benchmark")
			moved += run_move_job(request.as_dict())["moved"]
			frappe.db.commit()  # nosemgrep: what the worker does when the job returns
		set_based = time.perf_counter() - start
		log_rows = frappe.db.count(LOG) - logs_before
		notifications = frappe.db.count("Notification Log") - notes_before

		# --- naive: doc.save per customer ------------------------------------------------------------
		start = time.perf_counter()
		for i, (name, owner) in enumerate(sample, 1):
			doc = frappe.get_doc("CP Customer", name)
			doc.sales_owner = next_rep[owner]
			doc.save()
			if i % 500 == 0:
				frappe.db.commit()  # nosemgrep: a benchmark, committing in batches like a job would
		frappe.db.commit()  # nosemgrep
		naive = time.perf_counter() - start
		naive_log_rows = frappe.db.count(LOG) - logs_before - log_rows

	set_rate = set_based / moved * 1000
	naive_rate = naive / len(sample) * 1000
	naive_extrapolated = naive_rate * customers / 1000
	ratio = naive_rate / set_rate
	print(
		f"set-based: {moved:,} customers in {len(by_target)} moves (batches of {BATCH_SIZE:,}): "
		f"{set_based:.1f} s ({set_rate:.3f} ms per customer); {log_rows:,} log rows, "
		f"{notifications} notifications"
	)
	print(
		f"naive doc.save, measured on {len(sample):,} customers: {naive:.1f} s "
		f"({naive_rate:.2f} ms per customer); {naive_log_rows:,} log rows"
	)
	print(
		f"naive doc.save for {customers:,} customers: {naive_extrapolated:,.0f} s (EXTRAPOLATED from the sample)"
	)
	print(f"ratio (per customer, naive / set-based): {ratio:.0f}x")
	print(f"peak RSS: {peak_rss_mb()} MB")
	return {
		"set_based_s": round(set_based, 2),
		"moved": moved,
		"log_rows": log_rows,
		"notifications": notifications,
		"naive_sample": len(sample),
		"naive_s": round(naive, 2),
		"naive_extrapolated_s": round(naive_extrapolated),
		"ratio": round(ratio, 1),
	}
