"""The customer list's page for a sales rep with shared customers, found the way the database answers fast.

A rep sees the customers they own and the ones shared with them (crm_plus.permissions.customer):
``sales_owner = rep or name in (shared)``. For the desk's page — 20 rows, newest first — MariaDB 10.x
answers that ``or`` by reading every row of both sets (``index_merge`` union), then sorting them: 124 ms
p50 for a rep who owns 48,772 customers of 1,000,000 (README, "Scale"). Each half alone is fast: the
rep's own customers come newest first from the ``(sales_owner, modified)`` index and the read stops
after the page; the shared ones are at most ``INLINE_SHARES_LIMIT``. MariaDB cannot merge two ordered
reads, and the list query's shape is the framework's, so no permission condition can say it.

So for ``frappe.desk.reportview.get`` (the desk's list and report view, and REST clients of that
method) on CP Customer, asked by a rep with shared customers, sorted by ``modified`` or ``creation``
(each has its ``(sales_owner, …)`` index), of plain columns of CP Customer, not grouped, filtered on CP
Customer's own fields: the page's names come from two reads with the request's filters — the rep's own
customers, the shared ones, each cut at the end of the page — merged in the requested order; then the
framework answers the request itself for those names only, with every permission applied: its columns,
its order, its comment counts and user settings. Where that answer has fewer rows than names (a
restriction besides crm_plus's rule, such as User Permissions, hid some), the framework answers the
request as it came. Every other request is the framework's, unchanged. The answers are the framework's:
``tests/test_customer_list_page.py`` compares them, page by page, for reps, filters and orders.
"""

import json
import re

import frappe
from frappe.desk import reportview
from frappe.utils import cint

from crm_plus.doctypes import CUSTOMER
from crm_plus.overrides import Call, extends
from crm_plus.overrides.db_query import PLAIN_FIELD
from crm_plus.permissions.customer import (
	INLINE_SHARES_LIMIT,
	remembered_shares,
	sees_own_and_shared_only,
	shared_names,
)

# `tabCP Customer`.`modified` desc, modified asc, ...: the sorts a rep's own index serves
_ORDER = re.compile(r"^\s*(?:`tabCP Customer`\.)?`?(modified|creation)`?\s+(asc|desc)\s*$", re.IGNORECASE)
# the request's paging, under every name DatabaseQuery.execute takes it
_PAGING = ("start", "limit_start", "page_length", "limit_page_length", "limit")


@extends(reportview.get)
def get(call: Call):
	if frappe.local.form_dict.get("doctype") != CUSTOMER:
		return call.original()
	return _customer_page(call)


@frappe.read_only()
def _customer_page(call: Call):
	"""One read-only region around the names and the framework's answer, so that both read the same
	database: the read replica when the site has one (``frappe.read_only`` connects it once per request;
	the framework's own, nested inside, stays on it)."""
	user = frappe.session.user
	if not sees_own_and_shared_only(user):
		return call.original()  # a manager or an administrator: the framework's query
	shared = shared_names(user)
	if not shared or len(shared) > INLINE_SHARES_LIMIT:
		return call.original()  # no shares: the framework's query is a read of the rep's own index
	args = reportview.get_form_params()
	page = _page_names(args, user, shared)
	if page is None:
		return call.original()
	asked = frappe.local.form_dict
	answer = frappe._dict({k: v for k, v in asked.items() if k not in _PAGING})
	answer.update(
		filters=json.dumps([*(args.filters or []), [CUSTOMER, "name", "in", page]], default=str),
		start=0,
		page_length=max(len(page), 1),
	)
	frappe.local.form_dict = answer
	try:
		with remembered_shares(user, shared):
			rows = call.original()
	finally:
		frappe.local.form_dict = asked
	if len((rows or {}).get("values", [])) != len(page):
		# a restriction besides crm_plus's rule (User Permissions, "only if creator") hid some of the
		# rep's own or shared customers: the framework's own query pages past them
		return call.original()
	return rows


def _page_names(args, user: str, shared: list[str]) -> list[str] | None:
	"""The names on the requested page, in order, for `user`, a rep with the customers `shared` shared with
	them; None: the framework answers the request as it is.

	The two reads are crm_plus's rule for a rep itself (the customers they own; the ones shared with them),
	each with the request's filters, without the framework's permission condition: that condition
	repeats the shared names (up to 1,000) and MariaDB's planner weighs every one of them in each query.
	Only names come out of here; the framework then reads the rows with every permission applied."""
	order = _ORDER.match(args.order_by or "")
	start = cint(args.start or args.limit_start)
	length = cint(args.page_length or args.limit_page_length or args.limit)
	if (
		not order
		or length <= 0
		or args.group_by
		or not all(_own_column(f) for f in args.fields or ["name"])
		or not (_own_fields(args.filters) and _own_fields(args.or_filters))
	):
		return None
	field, direction = order.group(1).lower(), order.group(2).lower()
	end = start + length
	filters = list(args.filters or [])
	rows = []
	for part in ([CUSTOMER, "sales_owner", "=", user], [CUSTOMER, "name", "in", shared]):
		rows += frappe.get_all(
			CUSTOMER,
			fields=["name", field],
			filters=[*filters, part],
			or_filters=args.or_filters,
			order_by=f"{field} {direction}, name {direction}",
			limit_page_length=end,
			as_list=True,
		)
	merged = sorted(set(map(tuple, rows)), key=lambda row: (row[1], row[0]), reverse=direction == "desc")
	return [name for name, _value in merged[start:end]]


def _own_column(field) -> bool:
	"""A plain column of CP Customer itself: `tabCP Customer`.`name`, customer_name."""
	plain = isinstance(field, str) and PLAIN_FIELD.match(field)
	return bool(plain) and (not plain.group(1) or plain.group(1).strip(" `.") == f"tab{CUSTOMER}")


def _own_fields(filters) -> bool:
	"""Filters given as a list, each on a field of CP Customer itself (a child table's filter joins)."""
	if not filters:
		return True
	if not isinstance(filters, list):
		return False
	return all(
		isinstance(f, list | tuple) and (len(f) == 3 or (len(f) == 4 and f[0] == CUSTOMER)) for f in filters
	)
