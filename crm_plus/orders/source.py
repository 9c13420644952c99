"""Where a customer's sales come from (README, "ERPNext"): crm_plus's own CP Orders, ERPNext's submitted
Sales Invoices or Sales Orders (read through CP Customer.erpnext_customer), or both — CP ERPNext Settings.

Grading, the churn rule "no order" and the analysis reports read sales only through the SQL here, so they
are set-based whatever the source: one derived table of sales documents and one of their lines, each a
plain SELECT (merged into the outer query by MariaDB when there is one source; a UNION ALL when two).

- ``sales_sql()``: (customer, order_no, order_date, amount, is_order) of the documents that count as
  sales: CP Orders in a counted status; submitted Sales Invoices (a credit note - is_return - counts with
  its negative amount and is_order 0: it reduces the customer's sales but is not an order; cancelled
  invoices are docstatus 2 and never read); submitted Sales Orders.
- ``placed_sql()``: (customer, order_date) of every order placed and not cancelled, for the churn rule
  (a CP Order in any status but Cancelled; a submitted invoice or sales order that is not a return).
- ``sales_lines_sql()``: (customer, order_date, product) of the lines of counted sales, for the variety
  of products a customer buys (CP Order Item.product; the ERPNext item code).

Amounts are in the company currency (ERPNext's base_net_total: net of discounts and taxes).
"""

import frappe

from crm_plus.doctypes import CUSTOMER, ORDER, ORDER_ITEM
from crm_plus.doctypes import ERPNEXT_SETTINGS as SETTINGS

CRM_ORDERS = "CRM Plus Orders"
ERPNEXT_INVOICES = "ERPNext Sales Invoices"
ERPNEXT_ORDERS = "ERPNext Sales Orders"
CRM_AND_INVOICES = "CRM Plus Orders and ERPNext Sales Invoices"
CRM_AND_ORDERS = "CRM Plus Orders and ERPNext Sales Orders"
SOURCES = (CRM_ORDERS, ERPNEXT_INVOICES, ERPNEXT_ORDERS, CRM_AND_INVOICES, CRM_AND_ORDERS)


def configured() -> str:
	"""The configured source; crm_plus's own orders where ERPNext is not installed."""
	source = frappe.db.get_single_value(SETTINGS, "order_source") or CRM_ORDERS
	if source != CRM_ORDERS and "erpnext" not in frappe.get_installed_apps():
		return CRM_ORDERS
	return source


def parts(source: str | None) -> tuple[bool, str | None]:
	"""(reads crm_plus orders, the ERPNext DocType read or None)."""
	source = source or configured()
	crm = source in (CRM_ORDERS, CRM_AND_INVOICES, CRM_AND_ORDERS)
	erpnext = {
		ERPNEXT_INVOICES: "Sales Invoice",
		CRM_AND_INVOICES: "Sales Invoice",
		ERPNEXT_ORDERS: "Sales Order",
		CRM_AND_ORDERS: "Sales Order",
	}.get(source)
	return crm, erpnext


def _counted_statuses() -> str:
	from crm_plus.orders import COUNTED_STATUSES

	return ", ".join(frappe.db.escape(s) for s in COUNTED_STATUSES)


def _union(selects: list[str]) -> str:
	return selects[0] if len(selects) == 1 else " union all ".join(f"({s})" for s in selects)


def _erpnext_date(doctype: str) -> str:
	return "`d`.`posting_date`" if doctype == "Sales Invoice" else "`d`.`transaction_date`"


def sales_sql(source: str | None = None) -> str:
	crm, erpnext = parts(source)
	selects = []
	if crm:
		selects.append(
			"select `customer`, `name` as `order_no`, `order_date`, `total_amount` as `amount`, 1 as `is_order`"
			f" from `tab{ORDER}` where `status` in ({_counted_statuses()})"
		)
	if erpnext:
		is_order = "(`d`.`is_return` = 0)" if erpnext == "Sales Invoice" else "1"
		selects.append(
			f"select `cc`.`name` as `customer`, `d`.`name` as `order_no`, {_erpnext_date(erpnext)} as `order_date`,"
			f" `d`.`base_net_total` as `amount`, {is_order} as `is_order`"
			f" from `tab{erpnext}` `d` join `tab{CUSTOMER}` `cc` on `cc`.`erpnext_customer` = `d`.`customer`"
			" where `d`.`docstatus` = 1"
		)
	return _union(selects)


def placed_sql(source: str | None = None) -> str:
	from crm_plus.orders import CANCELLED

	crm, erpnext = parts(source)
	selects = []
	if crm:
		selects.append(
			f"select `customer`, `order_date` from `tab{ORDER}` where `status` != {frappe.db.escape(CANCELLED)}"
		)
	if erpnext:
		not_return = " and `d`.`is_return` = 0" if erpnext == "Sales Invoice" else ""
		selects.append(
			f"select `cc`.`name` as `customer`, {_erpnext_date(erpnext)} as `order_date`"
			f" from `tab{erpnext}` `d` join `tab{CUSTOMER}` `cc` on `cc`.`erpnext_customer` = `d`.`customer`"
			f" where `d`.`docstatus` = 1{not_return}"
		)
	return _union(selects)


def sales_lines_sql(source: str | None = None) -> str:
	crm, erpnext = parts(source)
	selects = []
	if crm:
		# order lines belong to orders only: joined by parent alone, the (parent, product) index answers
		selects.append(
			"select `o`.`customer`, `o`.`order_date`, `i`.`product`"
			f" from `tab{ORDER}` `o` join `tab{ORDER_ITEM}` `i` on `i`.`parent` = `o`.`name`"
			f" where `o`.`status` in ({_counted_statuses()})"
		)
	if erpnext:
		not_return = " and `d`.`is_return` = 0" if erpnext == "Sales Invoice" else ""
		selects.append(
			f"select `cc`.`name` as `customer`, {_erpnext_date(erpnext)} as `order_date`, `i`.`item_code` as `product`"
			f" from `tab{erpnext}` `d` join `tab{erpnext} Item` `i` on `i`.`parent` = `d`.`name`"
			f" join `tab{CUSTOMER}` `cc` on `cc`.`erpnext_customer` = `d`.`customer`"
			f" where `d`.`docstatus` = 1{not_return}"
		)
	return _union(selects)
