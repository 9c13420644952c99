"""Many reps at once against a real server: gunicorn (sync workers, as `bench setup production` runs it) on
loopback, each rep a logged-in HTTP session making the desk's own requests in a loop for a bounded time.

    bench --site S crm-plus-demo --customers 20000 --orders 40000 --lines-per-order 5
    bench --site S crm-plus-benchmark load --arg users=20 --arg seconds=45     # --arg workers=4 --arg port=8510

Each rep (the demo's reps, password CrmPlus#2026; with more users than reps a rep has several sessions)
repeats, in random order with the desk's proportions, what the desk sends:

- ``list``      frappe.desk.reportview.get: the customer list page (20 rows, the list view's columns);
- ``count``     frappe.desk.reportview.get_count: the list's total, at most 1,001 as the desk asks for it;
- ``group_by``  frappe.desk.listview.get_group_by_count: the sidebar's "Assigned To" counts;
- ``open``      frappe.desk.form.load.getdoc of one of the rep's customers, then
- ``dashboard`` frappe.desk.notifications.get_open_count: the form's connection counts;
- ``save``      frappe.client.insert of a CP Follow Up with a unique marker in its content;
- ``report``    frappe.desk.query_report.run of CP Sales Trend (the last 12 months).

After a warm-up of `warmup` seconds (default 5, not counted: each gunicorn worker fills its caches), it
counts requests, p50 / p95 per kind, errors, and checks that every follow-up the server
acknowledged is stored exactly once (and that none it did not acknowledge was stored twice).

The same run against the framework's ToDo (a bare Frappe DocType with its own owner rule; one ToDo per
customer, allocated to the customer's owner, made for the run and removed after it) is the baseline: the
README shows crm_plus's cost per kind as a ratio. ToDo has no query report, so its ``report`` is the
Report view of ToDo grouped by status (frappe.desk.reportview.get with group_by).

The load generator runs on the same machine as the server (one Python process, a thread per session):
the figures include its share of the CPU.
"""

import json
import os
import random
import statistics
import threading
import time
from collections import defaultdict

import frappe
from frappe.utils import add_months, get_first_day, nowdate

from crm_plus.benchmarks import percentile
from crm_plus.benchmarks.load_data import (
	TODO_MARK,
	check_writes,
	cleanup,
	customers_of,
	demo_reps,
	make_todos,
)
from crm_plus.benchmarks.server import start_gunicorn, stop
from crm_plus.demo import DEMO_PASSWORD

KINDS = ("list", "count", "group_by", "open", "dashboard", "save", "report")
# how often a session does each step (open is followed by its dashboard)
MIX = {"list": 6, "count": 6, "group_by": 2, "open": 4, "save": 2, "report": 1}
LIST_FIELDS = ["name", "customer_name", "status", "grade", "sales_owner", "modified"]


# --- what a rep does -----------------------------------------------------------------------------------


class Target:
	"""The DocType a run works on: crm_plus's customers, or the framework's ToDo (the baseline)."""

	def __init__(self, doctype: str, records: dict[str, list[str]]):
		self.doctype = doctype
		self.records = records  # rep -> names of records the rep may open
		to_date = nowdate()  # here: the sessions' threads have no site context
		self.report_filters = json.dumps(
			{"period": "Month", "from_date": str(add_months(get_first_day(to_date), -11)), "to_date": to_date}
		)

	def request(self, kind: str, rep: str, marker: str, rng: random.Random) -> tuple[str, str, dict]:
		"""(HTTP method, path, parameters) of one desk request."""
		dt = self.doctype
		fields = (
			[f"`tab{dt}`.`{f}`" for f in LIST_FIELDS]
			if dt != "ToDo"
			else [
				f"`tabToDo`.`{f}`"
				for f in ("name", "description", "status", "priority", "allocated_to", "modified")
			]
		)
		if kind == "list":
			return (
				"GET",
				"frappe.desk.reportview.get",
				{
					"doctype": dt,
					"fields": json.dumps(fields),
					"filters": "[]",
					"order_by": f"`tab{dt}`.`modified` desc",
					"start": 0,
					"page_length": 20,
					"view": "List",
					"with_comment_count": 1,
				},
			)
		if kind == "count":
			return (
				"GET",
				"frappe.desk.reportview.get_count",
				# as the desk list view asks: at most 1,001 ("1,000+" until the user clicks the count)
				{"doctype": dt, "filters": "[]", "distinct": "false", "limit": 1001},
			)
		if kind == "group_by":
			return (
				"GET",
				"frappe.desk.listview.get_group_by_count",
				{
					"doctype": dt,
					"current_filters": "[]",
					"field": "assigned_to",
				},
			)
		name = rng.choice(self.records[rep])
		if kind == "open":
			return "GET", "frappe.desk.form.load.getdoc", {"doctype": dt, "name": name}
		if kind == "dashboard":
			return "GET", "frappe.desk.notifications.get_open_count", {"doctype": dt, "name": name}
		if kind == "save":
			if dt == "ToDo":
				doc = {"doctype": "ToDo", "description": marker, "allocated_to": rep}
			else:
				doc = {
					"doctype": "CP Follow Up",
					"party_type": "Customer",
					"customer": name,
					"follow_up_type": "Call",
					"content": marker,
				}
			return "POST", "frappe.client.insert", {"doc": json.dumps(doc)}
		if dt == "ToDo":  # no query report on ToDo: the Report view grouped by status
			return (
				"GET",
				"frappe.desk.reportview.get",
				{
					"doctype": dt,
					"fields": json.dumps(["`tabToDo`.`status`", "count(`tabToDo`.`name`) as count"]),
					"filters": "[]",
					"group_by": "`tabToDo`.`status`",
					"view": "Report",
					"order_by": "`tabToDo`.`status` asc",
				},
			)
		return (
			"GET",
			"frappe.desk.query_report.run",
			{
				"report_name": "CP Sales Trend",
				"filters": self.report_filters,
				"ignore_prepared_report": "false",
				"are_default_filters": "true",
			},
		)


def run_sessions(
	base: str, site: str, target: Target, sessions: list[str], seconds: float, tag: str = "run"
) -> dict:
	"""`sessions` (a rep each) in threads for `seconds`; samples, errors and the acknowledged markers."""
	import requests

	samples: dict[str, list[float]] = defaultdict(list)
	errors: dict[str, int] = defaultdict(int)
	error_examples: list[str] = []
	acknowledged: list[str] = []
	sent: list[str] = []
	lock = threading.Lock()
	headers = {"X-Frappe-Site-Name": site, "Accept": "application/json"}
	logged_in = []
	for i, rep in enumerate(sessions):
		s = requests.Session()
		s.headers.update(headers)
		r = s.post(f"{base}/api/method/login", data={"usr": rep, "pwd": DEMO_PASSWORD}, timeout=60)
		if r.status_code != 200:
			raise RuntimeError(f"{rep} could not log in: {r.status_code} {r.text[:300]}")
		logged_in.append((i, rep, s))

	kinds, weights = zip(*MIX.items(), strict=True)
	start = threading.Barrier(len(logged_in) + 1)
	deadline = [0.0]

	def one(session_no: int, rep: str, s) -> None:
		rng = random.Random(session_no)
		n = 0
		start.wait()
		while time.monotonic() < deadline[0]:
			step = rng.choices(kinds, weights)[0]
			for kind in ("open", "dashboard") if step == "open" else (step,):
				n += 1
				marker = f"[{TODO_MARK} {tag} s{session_no} n{n} {time.time_ns()}]"
				method, path, params = target.request(kind, rep, marker, rng)
				if kind == "save":
					with lock:
						sent.append(marker)
				began = time.perf_counter()
				try:
					if method == "GET":
						r = s.get(f"{base}/api/method/{path}", params=params, timeout=120)
					else:
						r = s.post(f"{base}/api/method/{path}", data=params, timeout=120)
					ok = r.status_code == 200
				except requests.RequestException as e:
					ok, r = False, e
				elapsed = (time.perf_counter() - began) * 1000
				with lock:
					if ok:
						samples[kind].append(elapsed)
						if kind == "save":
							acknowledged.append(marker)
					else:
						errors[kind] += 1
						if len(error_examples) < 5:
							text = getattr(r, "text", str(r))
							error_examples.append(f"{kind}: {getattr(r, 'status_code', '')} {text[:300]}")

	threads = [threading.Thread(target=one, args=args, daemon=True) for args in logged_in]
	for t in threads:
		t.start()
	deadline[0] = time.monotonic() + seconds
	began = time.monotonic()
	start.wait()
	for t in threads:
		t.join()
	elapsed = time.monotonic() - began
	for _i, _rep, s in logged_in:
		s.close()
	return {
		"elapsed": elapsed,
		"samples": samples,
		"errors": dict(errors),
		"error_examples": error_examples,
		"acknowledged": acknowledged,
		"sent": sent,
	}


def summary(result: dict) -> dict:
	total = sum(len(v) for v in result["samples"].values())
	kinds = {}
	for kind in KINDS:
		values = result["samples"].get(kind) or []
		kinds[kind] = {
			"n": len(values),
			"p50": round(statistics.median(values), 1) if values else None,
			"p95": round(percentile(values, 95), 1) if values else None,
			"errors": result["errors"].get(kind, 0),
		}
	return {
		"requests": total,
		"per_second": round(total / result["elapsed"], 1),
		"errors": sum(result["errors"].values()),
		"kinds": kinds,
	}


# --- the run -------------------------------------------------------------------------------------------


def run(
	users: int | str = 20,
	seconds: int | str = 45,
	workers: int | str = 4,
	port: int | str = 8510,
	baseline: int | str = 1,
	keep: int | str = 0,
	warmup: int | str = 5,
) -> dict:
	users, seconds, workers, port = int(users), float(seconds), int(workers), int(port)
	reps = demo_reps()
	if not reps:
		raise RuntimeError("no demo reps: run crm-plus-demo first")
	sessions = [reps[i % len(reps)] for i in range(users)]
	customers = customers_of(sorted(set(sessions)))
	site = frappe.local.site
	print(
		f"site {site}: {frappe.db.count('CP Customer')} customers, {frappe.db.count('CP Order')} orders,"
		f" {frappe.db.count('CP Follow Up')} follow-ups; {users} sessions of {len(set(sessions))} reps;"
		f" gunicorn {workers} sync workers; {seconds:.0f} s per run; load average before"
		f" {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
	)
	cleanup()
	log_path = os.path.join(
		frappe.get_site_path("logs") if os.path.isdir(frappe.get_site_path("logs")) else "/tmp",
		"crm-plus-load-gunicorn.log",
	)
	server = start_gunicorn(port, workers, log_path)
	base = f"http://127.0.0.1:{port}"
	results = {}
	try:
		todos = make_todos(sorted(set(sessions))) if int(baseline) else None
		runs = [("crm_plus", Target("CP Customer", customers), "CP Follow Up", "content")]
		if todos is not None:
			runs.append(("ToDo", Target("ToDo", todos), "ToDo", "description"))
		for label, target, doctype, field in runs:
			if float(warmup):  # every gunicorn worker loads its caches first (not counted)
				run_sessions(base, site, target, sessions, float(warmup), tag=f"{label}-warmup")
			result = run_sessions(base, site, target, sessions, seconds, tag=label)
			results[label] = {
				**summary(result),
				"writes": check_writes(doctype, field, result, label),
				"error_examples": result["error_examples"],
				"load_average": os.getloadavg(),
			}
	finally:
		stop(server)
		if not int(keep):
			cleanup()
	print_table(results, users)
	return results


def print_table(results: dict, users: int) -> None:
	ours, base = results.get("crm_plus"), results.get("ToDo")
	print(f"\n{users} users: requests/s, p50 / p95 in ms per kind (n requests), errors")
	print(f"{'kind':10} {'crm_plus (CP Customer)':>30} {'baseline (ToDo)':>30} {'ratio p50 / p95':>18}")
	for kind in KINDS:
		a = ours["kinds"][kind]
		line = f"{kind:10} {_cell(a):>30}"
		if base:
			b = base["kinds"][kind]
			line += f" {_cell(b):>30} {_ratio(a, b, 'p50')} / {_ratio(a, b, 'p95')}"
		print(line)
	for label, r in results.items():
		w = r["writes"]
		print(
			f"{label}: {r['requests']} requests, {r['per_second']} requests/s, {r['errors']} errors;"
			f" writes acknowledged {w['acknowledged']}, stored exactly once {w['stored_once']},"
			f" missing {len(w['missing'])}, duplicated {len(w['duplicated'])},"
			f" stored but not acknowledged {w['stored_not_acknowledged']};"
			f" load average after {' '.join(f'{x:.2f}' for x in r['load_average'])}"
		)
		for example in r["error_examples"]:
			print(f"  error: {example}")


def _cell(k: dict) -> str:
	if not k["n"]:
		return f"- ({k['errors']} errors)"
	errors = f", {k['errors']} err" if k["errors"] else ""
	return f"{k['p50']:.0f} / {k['p95']:.0f} ({k['n']}{errors})"


def _ratio(a: dict, b: dict, key: str) -> str:
	if not (a[key] and b[key]):
		return "-"
	return f"{a[key] / b[key]:.1f}×"
