"""Export benchmark: N customers to .xlsx and M customers to .docx, time and peak memory of each.

    bench --site S crm-plus-demo --customers 100000
    bench --site S crm-plus-benchmark exports [--arg xlsx=100000] [--arg docx=10000] [--arg user=Administrator]

Each export runs in a fresh Python process of its own (this one starts it and waits), connected to
the site as `user`, exactly as the background job builds the file: ``ListExport.prepare`` (the list's
permission rules apply) then ``jobs.build``. Memory is that process's peak resident set size
(``getrusage(RUSAGE_SELF).ru_maxrss``), so one export's figure is not inflated by the other's; the
resident size after connecting to the site, before exporting, is printed as the baseline. The
customers exported are the first N by name (a name filter), all columns of the list export.
Targets (README, "Benchmarks"): .xlsx under 60 s with peak memory under 500 MB; .docx under 60 s.
"""

import json
import os
import subprocess
import sys

import frappe

CHILD = """
import json, sys, time
import frappe

site, sites_path, user, file_format, rows = sys.argv[1:6]
frappe.init(site=site, sites_path=sites_path)
frappe.connect()
frappe.set_user(user)
from crm_plus.benchmarks import peak_rss_mb
from crm_plus.exports import jobs
from crm_plus.exports.query import ListExport

baseline = peak_rss_mb()
last = frappe.get_all("CP Customer", order_by="name asc", limit_start=int(rows) - 1, limit_page_length=1, pluck="name")
filters = [["CP Customer", "name", "<=", last[0]]] if last else []
export = ListExport.prepare("CP Customer", file_format, filters=filters, order_by="name asc")
started = time.perf_counter()
count = export.count()
content = jobs.build(export, total=count)
seconds = time.perf_counter() - started
print(json.dumps({
    "format": file_format,
    "records": count,
    "columns": len(export.columns),
    "seconds": round(seconds, 1),
    "peak_rss_mb": peak_rss_mb(),
    "baseline_rss_mb": baseline,
    "file_mb": round(len(content) / 1024 / 1024, 2),
}))
frappe.destroy()
"""

TARGETS = {"xlsx": {"seconds": 60, "peak_rss_mb": 500}, "docx": {"seconds": 60}}


def measure(file_format: str, rows: int, user: str) -> dict:
	completed = subprocess.run(
		[sys.executable, "-c", CHILD, frappe.local.site, ".", user, file_format, str(rows)],
		cwd=os.path.abspath(frappe.local.sites_path),
		capture_output=True,
		text=True,
		check=False,
	)
	if completed.returncode:
		raise RuntimeError(f"the {file_format} export failed:\n{completed.stderr[-3000:]}")
	return json.loads(completed.stdout.strip().splitlines()[-1])


def run(xlsx: int | str = 100_000, docx: int | str = 10_000, user: str = "Administrator") -> list[dict]:
	available = frappe.db.count("CP Customer")
	print(f"site {frappe.local.site}: {available} customers; exporting as {user}")
	results = []
	for file_format, rows in (("xlsx", int(xlsx)), ("docx", int(docx))):
		if rows > available:
			print(f"{file_format}: only {available} customers (make more with crm-plus-demo --customers)")
		result = measure(file_format, rows, user)
		target = TARGETS[file_format]
		met = all(result[key] < limit for key, limit in target.items())
		print(
			f"{file_format}: {result['records']} customers x {result['columns']} columns in {result['seconds']} s,"
			f" peak RSS {result['peak_rss_mb']} MB (baseline {result['baseline_rss_mb']} MB),"
			f" file {result['file_mb']} MB; target {target}: {'met' if met else 'MISSED'}"
		)
		results.append(result)
	return results
