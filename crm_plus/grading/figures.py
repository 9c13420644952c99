"""The figures a value score is computed from, for a set of customers at once (README, "Grading").

Four aggregate queries, whatever the number of customers: counted orders per customer (in the period,
and all-time for CLV), distinct products on the counted orders of the period (order lines), complaints
in the period, and the customers themselves. Customers come in IN (...) lists of QUERY_CHUNK, or all
at once (None).
"""

from collections import namedtuple
from datetime import date

import frappe
from frappe.query_builder.functions import Count
from frappe.utils import cint, flt, getdate

from crm_plus.doctypes import COMPLAINT, CUSTOMER
from crm_plus.grading.score import Figures, Rules, period_start
from crm_plus.grading.settings import QUERY_CHUNK
from crm_plus.orders.source import sales_lines_sql, sales_sql
from crm_plus.utils.jobs import chunks


def _per_chunk(sql: str, customers: list[str] | None, values: dict) -> list[tuple]:
	"""Rows of `sql` (a query over the derived table `s` with a {where} slot) for `customers` in IN (...)
	lists of QUERY_CHUNK (None: all)."""
	rows = []
	for chunk in chunks(customers, QUERY_CHUNK):
		where = "and `s`.`customer` in %(chunk)s" if chunk is not None else ""
		rows += frappe.db.sql(sql.format(where=where), {**values, "chunk": chunk})  # nosemgrep
	return rows


def _order_figures(customers: list[str] | None, start: date, today: date) -> dict[str, tuple]:
	"""customer -> (period amount, period orders, all-time amount, all-time orders, first order date), from
	the sales of the configured source (crm_plus.orders.source: credit notes lower the amounts)."""
	rows = _per_chunk(
		f"""select `s`.`customer`,
			sum(case when `s`.`order_date` > %(start)s then `s`.`amount` else 0 end),
			sum(case when `s`.`order_date` > %(start)s then `s`.`is_order` else 0 end),
			sum(`s`.`amount`), sum(`s`.`is_order`),
			min(case when `s`.`is_order` then `s`.`order_date` end)
		from ({sales_sql()}) `s`
		where `s`.`order_date` <= %(today)s {{where}}
		group by `s`.`customer`""",
		customers,
		{"start": start, "today": today},
	)
	return {row[0]: row[1:] for row in rows}


def _product_counts(customers: list[str] | None, start: date, today: date) -> dict[str, int]:
	"""customer -> distinct products on its counted orders of the period."""
	rows = _per_chunk(
		f"""select `s`.`customer`, count(distinct `s`.`product`)
		from ({sales_lines_sql()}) `s`
		where `s`.`order_date` > %(start)s and `s`.`order_date` <= %(today)s {{where}}
		group by `s`.`customer`""",
		customers,
		{"start": start, "today": today},
	)
	return dict(rows)


def _complaint_counts(customers: list[str] | None, start: date, today: date) -> dict[str, int]:
	c = frappe.qb.DocType(COMPLAINT)
	counts = {}
	for chunk in chunks(customers, QUERY_CHUNK):
		query = (
			frappe.qb.from_(c)
			.select(c.customer, Count("*"))
			.where((c.complaint_date > start) & (c.complaint_date <= today))
			.groupby(c.customer)
		)
		if chunk is not None:
			query = query.where(c.customer.isin(chunk))
		counts.update(dict(query.run()))
	return counts


CustomerRow = namedtuple("CustomerRow", "name customer_name sales_owner grade grade_locked value_score")


def customer_rows(customers: list[str] | None, for_update: bool = False) -> list[CustomerRow]:
	cu = frappe.qb.DocType(CUSTOMER)
	rows = []
	for chunk in chunks(customers, QUERY_CHUNK):
		query = frappe.qb.from_(cu).select(*(cu[f] for f in CustomerRow._fields))
		if chunk is not None:
			query = query.where(cu.name.isin(chunk))
		if for_update:
			query = query.for_update()
		rows += map(CustomerRow._make, query.run())  # tuples: a third of the cost of dicts at 100,000
	return rows


def read_figures(customers: list[str] | None, rules: Rules, today: date) -> dict[str, Figures]:
	"""The scoring figures of `customers` (None: all); customers without orders are left out."""
	start = period_start(today, rules.period_months)
	orders = _order_figures(customers, start, today)
	products = _product_counts(customers, start, today)
	complaints = _complaint_counts(customers, start, today)
	figures = {}
	for customer in orders.keys() | complaints.keys():
		amount, count, clv_amount, clv_orders, first = orders.get(customer, (0, 0, 0, 0, None))
		figures[customer] = Figures(
			amount=flt(amount),
			orders=cint(count),
			products=cint(products.get(customer)),
			complaints=cint(complaints.get(customer)),
			clv_amount=flt(clv_amount),
			clv_orders=cint(clv_orders),
			first_order=getdate(first) if first else None,
		)
	return figures
