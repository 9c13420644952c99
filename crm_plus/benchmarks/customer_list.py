"""How fast the customer list view is for a rep and for a manager, with the visibility rule applied.

    bench --site S crm-plus-demo --customers 100000
    bench --site S crm-plus-benchmark customer-list [--arg calls=50]

Times the two requests the desk list view makes (the page of rows, `frappe.desk.reportview.get`, and
the total, `frappe.desk.reportview.get_count` with the list's limit of 1,001: the desk shows "1,000+"
until the user clicks the count) as the rep with the most customers and as a manager, the exact count
the click asks for, and prints the query plans (EXPLAIN) of the permission-filtered queries.

The page is timed as the desk asks for it (the hooked method: for a rep with shared customers crm_plus
finds the page through the rep's own index, crm_plus/overrides/reportview.py) and, in the same run, as
the framework's function answers it with one query (the way before), with the ratio; the rows must be
the same.
"""

import json

import frappe
from frappe.desk import reportview

from crm_plus.benchmarks import as_user, print_explain, repeat
from crm_plus.compat import count_field, list_sql

LIST_FIELDS = [
	"`tabCP Customer`.`name`",
	"`tabCP Customer`.`customer_name`",
	"`tabCP Customer`.`status`",
	"`tabCP Customer`.`grade`",
	"`tabCP Customer`.`sales_owner`",
	"`tabCP Customer`.`modified`",
]


def _list_page(filters=None, method=None):
	"""The desk's page request, answered by `method` (default: the hooked method, as the desk calls it)."""
	method = method or frappe.get_attr(frappe.override_whitelisted_method("frappe.desk.reportview.get"))
	frappe.local.form_dict = frappe._dict(
		doctype="CP Customer",
		fields=json.dumps(LIST_FIELDS),
		filters=json.dumps(filters or []),
		order_by="`tabCP Customer`.`modified` desc",
		start=0,
		page_length=20,
		view="List",
		with_comment_count=1,
	)
	return method()


# the desk list view's count_upper_bound (frappe/public/js/frappe/list/list_view.js)
COUNT_UPPER_BOUND = 1001


def _list_count(filters=None, limit: int = COUNT_UPPER_BOUND):
	"""The list's count as the desk asks for it: at most `limit` (0: the exact count, on a click)."""
	frappe.local.form_dict = frappe._dict(
		doctype="CP Customer", filters=json.dumps(filters or []), limit=limit
	)
	return reportview.get_count()


def _same_page(ours: dict, framework: dict, user: str) -> None:
	"""The same times in the same order (rows of equal `modified` may differ: their order is undefined)."""

	def times(answer):
		answer = answer or {"keys": ["modified"], "values": []}
		at = answer["keys"].index("modified")
		return [row[at] for row in answer["values"]]

	if times(ours) != times(framework):
		raise AssertionError(f"the page as the desk asks for it is not the framework's page for {user}")


def _busiest(role_field: str) -> str:
	owner = frappe.qb.DocType("CP Customer")
	count = frappe.query_builder.functions.Count("*")
	return (
		frappe.qb.from_(owner)
		.select(owner.sales_owner)
		.where(owner.sales_owner.isnotnull() & (owner.sales_owner != ""))
		.groupby(owner.sales_owner)
		.orderby(count, order=frappe.qb.desc)
		.limit(1)
		.run()[0][0]
	)


def run(calls: int | str = 50, manager: str | None = None, rep: str | None = None) -> dict:
	calls = int(calls)
	total = frappe.db.count("CP Customer")
	rep = rep or _busiest("sales_owner")
	manager = manager or frappe.db.get_value(
		"CP Sales Team",
		{"name": ("in", frappe.get_all("CP Sales Team Member", {"user": rep}, pluck="parent"))},
		"manager",
	)
	print(
		f"customers: {total}, reps: {frappe.db.count('CP Sales Team Member')}, calls per measurement: {calls}"
	)
	results = {}
	for label, user in (("rep", rep), ("manager", manager)):
		with as_user(user):
			visible = _list_count(limit=0)
			_same_page(_list_page(), _list_page(method=reportview.get), user)
			page = repeat(_list_page, calls)
			framework_page = repeat(lambda: _list_page(method=reportview.get), calls)
			count = repeat(_list_count, calls)
			exact = repeat(lambda: _list_count(limit=0), calls)
			filtered = repeat(lambda: _list_page([["CP Customer", "status", "=", "Active"]]), calls)
			sql = list_sql(
				"CP Customer",
				fields=["name", "customer_name"],
				order_by="modified desc",
				limit_page_length=20,
			)
		results[label] = {
			"user": user,
			"visible": visible,
			"page": page,
			"page, the framework's query": framework_page,
			"count": count,
			"exact count": exact,
			"filtered page": filtered,
		}
		print(f"\n{label} {user}: sees {visible} of {total} customers")
		for what in ("page", "page, the framework's query", "count", "exact count", "filtered page"):
			r = results[label][what]
			print(
				f"  list {what:<28} p50 {r['p50_ms']:>7} ms   p95 {r['p95_ms']:>7} ms   max {r['max_ms']:>7} ms"
			)
		ratio = framework_page["p50_ms"] / max(page["p50_ms"], 0.01)
		print(f"  the framework's query / the page as crm_plus finds it, p50: {ratio:.1f}x")
		print_explain(sql)
		with as_user(user):
			own = list_sql(
				"CP Customer",
				fields=["name", "modified"],
				filters=[["CP Customer", "sales_owner", "=", user]],
				order_by="modified desc, name desc",
				limit_page_length=20,
			)
		print_explain(own)
		with as_user(user):
			count_sql = list_sql("CP Customer", fields=[count_field("CP Customer")])
		print_explain(count_sql)
	return results
