"""The figures a value score is computed from, for a set of customers at once (README, "Grading").

Four aggregate queries, whatever the number of customers: counted orders per customer (in the period,
and all-time for CLV), distinct products on the counted orders of the period (order lines), complaints
in the period, and the customers themselves. Customers come in IN (...) lists of QUERY_CHUNK, or all
at once (None).
"""

from collections import namedtuple
from datetime import date

import frappe
from frappe.query_builder.functions import Count, Min, Sum
from frappe.utils import cint, flt, getdate
from pypika.terms import Case

from crm_plus.doctypes import COMPLAINT, CUSTOMER, ORDER, ORDER_ITEM
from crm_plus.grading.score import Figures, Rules, period_start
from crm_plus.grading.settings import QUERY_CHUNK
from crm_plus.orders import COUNTED_STATUSES
from crm_plus.utils.jobs import chunks


def _order_figures(customers: list[str] | None, start: date, today: date) -> dict[str, tuple]:
	"""customer -> (period amount, period orders, all-time amount, all-time orders, first order date)."""
	o = frappe.qb.DocType(ORDER)
	in_period = o.order_date > start
	figures = {}
	for chunk in chunks(customers, QUERY_CHUNK):
		query = (
			frappe.qb.from_(o)
			.select(
				o.customer,
				Sum(Case().when(in_period, o.total_amount).else_(0)),
				Sum(Case().when(in_period, 1).else_(0)),
				Sum(o.total_amount),
				Count("*"),
				Min(o.order_date),
			)
			.where(o.status.isin(COUNTED_STATUSES) & (o.order_date <= today))
			.groupby(o.customer)
		)
		if chunk is not None:
			query = query.where(o.customer.isin(chunk))
		figures.update({row[0]: row[1:] for row in query.run()})
	return figures


def _product_counts(customers: list[str] | None, start: date, today: date) -> dict[str, int]:
	"""customer -> distinct products on its counted orders of the period."""
	o = frappe.qb.DocType(ORDER)
	i = frappe.qb.DocType(ORDER_ITEM)
	counts = {}
	for chunk in chunks(customers, QUERY_CHUNK):
		query = (
			frappe.qb.from_(o)
			.join(i)
			# order lines belong to orders only (CP Order Item is CP Order's table): joined by parent
			# alone, the (parent, product) index answers without reading the lines
			.on(i.parent == o.name)
			.select(o.customer, Count(i.product).distinct())
			.where(o.status.isin(COUNTED_STATUSES) & (o.order_date > start) & (o.order_date <= today))
			.groupby(o.customer)
		)
		if chunk is not None:
			query = query.where(o.customer.isin(chunk))
		counts.update(dict(query.run()))
	return counts


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


def customer_rows(customers: list[str] | None) -> list[CustomerRow]:
	cu = frappe.qb.DocType(CUSTOMER)
	rows = []
	for chunk in chunks(customers, QUERY_CHUNK):
		query = frappe.qb.from_(cu).select(*(cu[f] for f in CustomerRow._fields))
		if chunk is not None:
			query = query.where(cu.name.isin(chunk))
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
