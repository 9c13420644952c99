"""Demo data on an ERPNext site (`crm-plus-demo --erpnext`): ERPNext Items for the demo's products,
ERPNext Customers for its customers (each CP record linked to its ERPNext one), and a submitted Sales
Invoice for every sale of the demo's CP Orders (the same date, lines and amounts; about 1 in 40 followed
by a credit note returning it; a cancelled order becomes a cancelled invoice).

Everything is written set-based: each table with one INSERT ... SELECT from the demo's own tables (per
year for the invoices), not one ERPNext document at a time, so 100,000 customers and 1,000,000 invoice
lines take minutes. The invoices are demo records: they carry the figures crm_plus reads (customer,
posting date, net totals, items) and ERPNext's defaults, but no ledger entries.
"""

import frappe
from frappe.utils import now_datetime

from crm_plus.demo import DemoContext
from crm_plus.doctypes import CUSTOMER, ORDER, ORDER_ITEM, PRODUCT
from crm_plus.orders import CANCELLED, COUNTED_STATUSES
from crm_plus.utils.jobs import commit_batch

ITEM_GROUP = "Products"
CUSTOMER_GROUP = "Commercial"


def make_erpnext_sales(ctx: DemoContext) -> None:
	if not getattr(ctx, "erpnext", False):
		return
	if "erpnext" not in frappe.get_installed_apps():
		frappe.throw(frappe._("--erpnext needs ERPNext installed on the site"))
	company = frappe.defaults.get_global_default("company") or frappe.get_all("Company", pluck="name")[0]
	defaults = frappe.get_cached_doc("Company", company)
	ctx.counts["erpnext_items"] = _items(ctx)
	ctx.progress(f"ERPNext items: {ctx.counts['erpnext_items']}")
	ctx.counts["erpnext_customers"] = _customers(ctx)
	ctx.progress(f"ERPNext customers: {ctx.counts['erpnext_customers']}")
	invoices, lines = _invoices(ctx, company, defaults)
	ctx.counts["sales_invoices"], ctx.counts["sales_invoice_lines"] = invoices, lines
	ctx.progress(f"ERPNext sales invoices: {invoices} ({lines} lines)")
	frappe.db.set_single_value("CP ERPNext Settings", "order_source", "ERPNext Sales Invoices")
	if not frappe.flags.in_test:  # an index is DDL: it would end a test's transaction
		from crm_plus.integrations.erpnext.indexes import ensure

		ensure(("Sales Invoice",))
		ctx.progress("ERPNext sales invoices indexed for crm_plus's reads")


def _first(doctype: str, preferred: str, **filters) -> str:
	"""`preferred` if it exists, else the first record matching `filters` (a leaf of a tree)."""
	if frappe.db.exists(doctype, preferred):
		return preferred
	return frappe.db.get_value(doctype, filters) or preferred


def _items(ctx: DemoContext) -> int:
	group = _first("Item Group", ITEM_GROUP, is_group=0)
	now = now_datetime()
	frappe.db.sql(
		f"""insert into `tabItem` (`name`, `item_code`, `item_name`, `item_group`, `stock_uom`, `is_stock_item`,
			`is_sales_item`, `include_item_in_manufacturing`, `description`, `standard_rate`, `naming_series`,
			`owner`, `modified_by`, `creation`, `modified`, `docstatus`, `idx`)
		select `p`.`name`, `p`.`name`, `p`.`product_name`, %(group)s, 'Nos', 0, 1, 0, `p`.`product_name`,
			`p`.`standard_price`, 'STO-ITEM-.YYYY.-', 'Administrator', 'Administrator', %(now)s, %(now)s, 0, 0
		from `tab{PRODUCT}` `p` where not exists (select 1 from `tabItem` `i` where `i`.`name` = `p`.`name`)""",
		{"group": group, "now": now},
	)
	frappe.db.sql(
		f"""insert into `tabUOM Conversion Detail` (`name`, `parent`, `parenttype`, `parentfield`, `idx`, `uom`,
			`conversion_factor`, `owner`, `modified_by`, `creation`, `modified`)
		select concat(`p`.`name`, '-nos'), `p`.`name`, 'Item', 'uoms', 1, 'Nos', 1, 'Administrator',
			'Administrator', %(now)s, %(now)s
		from `tab{PRODUCT}` `p` where not exists (select 1 from `tabUOM Conversion Detail` `u` where `u`.`parent` = `p`.`name`)""",
		{"now": now},
	)
	frappe.db.sql(f"update `tab{PRODUCT}` set `erpnext_item` = `name` where ifnull(`erpnext_item`, '') = ''")
	return frappe.db.count("Item", {"name": ("in", frappe.get_all(PRODUCT, pluck="name"))})


def _customers(ctx: DemoContext) -> int:
	group = _first("Customer Group", CUSTOMER_GROUP, is_group=0)
	territory = _first("Territory", "China", is_group=0)
	frappe.db.sql(
		f"""insert into `tabCustomer` (`name`, `customer_name`, `customer_type`, `customer_group`, `territory`,
			`tax_id`, `account_manager`, `naming_series`, `owner`, `modified_by`, `creation`, `modified`,
			`docstatus`, `idx`)
		select `c`.`name`, `c`.`customer_name`, 'Company', %(group)s, %(territory)s, `c`.`tax_id`,
			`c`.`sales_owner`, 'CUST-.YYYY.-', 'Administrator', 'Administrator', `c`.`creation`, `c`.`creation`, 0, 0
		from `tab{CUSTOMER}` `c` where not exists (select 1 from `tabCustomer` `e` where `e`.`name` = `c`.`name`)""",
		{"group": group, "territory": territory},
	)
	frappe.db.sql(
		f"update `tab{CUSTOMER}` set `erpnext_customer` = `name` where ifnull(`erpnext_customer`, '') = ''"
	)
	return frappe.db.sql(f"select count(*) from `tab{CUSTOMER}` where `erpnext_customer` is not null")[0][0]


def _invoices(ctx: DemoContext, company: str, c) -> tuple[int, int]:
	"""Sales Invoices from the CP Orders: counted ones submitted, cancelled ones cancelled (docstatus 2),
	others (still in review) left out; one in 40 counted ones returned in full by a credit note."""
	counted = ", ".join(frappe.db.escape(s) for s in COUNTED_STATUSES)
	price_list = _first("Price List", "Standard Selling", selling=1)
	receivable = c.default_receivable_account
	income = c.default_income_account
	cost_center = c.cost_center
	now = now_datetime()
	values = {
		"company": company,
		"currency": c.default_currency,
		"price_list": price_list,
		"receivable": receivable,
		"income": income,
		"cost_center": cost_center,
		"now": now,
		"cancelled": CANCELLED,
	}
	years = [
		row[0] for row in frappe.db.sql(f"select distinct year(`order_date`) from `tab{ORDER}` order by 1")
	]
	for year in years:
		for _kind, docstatus, where, sign, suffix in (
			("sale", 1, f"`o`.`status` in ({counted})", 1, ""),
			("cancelled", 2, "`o`.`status` = %(cancelled)s", 1, ""),
			("credit note", 1, f"`o`.`status` in ({counted}) and crc32(`o`.`name`) %% 40 = 0", -1, "-R"),
		):
			is_return = int(sign < 0)
			frappe.db.sql(
				f"""insert into `tabSales Invoice` (`name`, `naming_series`, `customer`, `customer_name`, `company`,
					`posting_date`, `posting_time`, `set_posting_time`, `due_date`, `currency`, `conversion_rate`,
					`selling_price_list`, `price_list_currency`, `plc_conversion_rate`, `total_qty`, `base_total`,
					`total`, `base_net_total`, `net_total`, `base_grand_total`, `grand_total`, `base_rounded_total`,
					`rounded_total`, `outstanding_amount`, `debit_to`, `is_return`, `return_against`, `status`,
					`docstatus`, `owner`, `modified_by`, `creation`, `modified`, `idx`)
				select concat('SINV-DEMO-', `o`.`name`, '{suffix}'), 'ACC-SINV-.YYYY.-', `e`.`name`, `o`.`customer_name`,
					%(company)s, `o`.`order_date`, '10:00:00', 1, `o`.`order_date`, %(currency)s, 1, %(price_list)s,
					%(currency)s, 1, {sign} * `o`.`total_qty`, {sign} * `o`.`total_amount`, {sign} * `o`.`total_amount`,
					{sign} * `o`.`total_amount`, {sign} * `o`.`total_amount`, {sign} * `o`.`total_amount`,
					{sign} * `o`.`total_amount`, {sign} * `o`.`total_amount`, {sign} * `o`.`total_amount`, 0,
					%(receivable)s, {is_return}, {"concat('SINV-DEMO-', `o`.`name`)" if is_return else "null"},
					{"'Return'" if is_return else ("'Cancelled'" if docstatus == 2 else "'Paid'")}, {docstatus},
					`o`.`owner`, `o`.`owner`, `o`.`creation`, `o`.`creation`, 0
				from `tab{ORDER}` `o` join `tab{CUSTOMER}` `cu` on `cu`.`name` = `o`.`customer`
				join `tabCustomer` `e` on `e`.`name` = `cu`.`erpnext_customer`
				where year(`o`.`order_date`) = %(year)s and {where}
					and not exists (select 1 from `tabSales Invoice` `s` where `s`.`name` = concat('SINV-DEMO-', `o`.`name`, '{suffix}'))""",
				{**values, "year": year},
			)
			frappe.db.sql(
				f"""insert into `tabSales Invoice Item` (`name`, `parent`, `parenttype`, `parentfield`, `idx`,
					`item_code`, `item_name`, `description`, `qty`, `stock_qty`, `uom`, `stock_uom`, `conversion_factor`,
					`rate`, `base_rate`, `net_rate`, `base_net_rate`, `price_list_rate`, `base_price_list_rate`,
					`amount`, `base_amount`, `net_amount`, `base_net_amount`, `income_account`, `cost_center`,
					`owner`, `modified_by`, `creation`, `modified`, `docstatus`)
				select concat('SINV-DEMO-', `i`.`name`, '{suffix}'), concat('SINV-DEMO-', `o`.`name`, '{suffix}'),
					'Sales Invoice', 'items', `i`.`idx`, `p`.`erpnext_item`, `i`.`product_name`, `i`.`product_name`,
					{sign} * `i`.`qty`, {sign} * `i`.`qty`, 'Nos', 'Nos', 1, `i`.`rate`, `i`.`rate`, `i`.`rate`,
					`i`.`rate`, `i`.`rate`, `i`.`rate`, {sign} * `i`.`amount`, {sign} * `i`.`amount`,
					{sign} * `i`.`amount`, {sign} * `i`.`amount`, %(income)s, %(cost_center)s, `o`.`owner`,
					`o`.`owner`, `o`.`creation`, `o`.`creation`, {docstatus}
				from `tab{ORDER}` `o` join `tab{ORDER_ITEM}` `i` on `i`.`parent` = `o`.`name`
				join `tab{PRODUCT}` `p` on `p`.`name` = `i`.`product`
				join `tab{CUSTOMER}` `cu` on `cu`.`name` = `o`.`customer` and `cu`.`erpnext_customer` is not null
				where year(`o`.`order_date`) = %(year)s and {where}
					and not exists (select 1 from `tabSales Invoice Item` `s` where `s`.`name` = concat('SINV-DEMO-', `i`.`name`, '{suffix}'))""",
				{**values, "year": year},
			)
			commit_batch()  # the command keeps each year as it is written (a test keeps its one transaction)
		ctx.progress(f"ERPNext sales invoices of {year} ...")
	invoices = frappe.db.sql("select count(*) from `tabSales Invoice` where `name` like 'SINV-DEMO-%%'")[0][0]
	lines = frappe.db.sql("select count(*) from `tabSales Invoice Item` where `parent` like 'SINV-DEMO-%%'")[
		0
	][0]
	return invoices, lines
