"""Indexes that let crm_plus read ERPNext's sales quickly: grading, the churn scan and the reports read
submitted Sales Invoices / Sales Orders by date, customer and net total (crm_plus.orders.source). Without
an index those reads scan the whole, wide, document table; with one covering the five columns they read
a narrow index (measured on 200,000 invoices: README, Benchmarks).

The indexes are made when ERPNext's documents become the sales source (in the background: on a big
table it takes minutes) and removed when crm_plus is uninstalled; they change nothing else of ERPNext.
"""

import frappe
from frappe import _

from crm_plus.utils import jobs

NAME = "crm_plus_sales"
# customer first: a customer's sales are one range of the index (grading, the profile); the whole
# index is still a narrow scan where all customers' sales of a period are read (the trend)
INDEXES = {
	"Sales Invoice": ("customer", "docstatus", "posting_date", "is_return", "base_net_total"),
	"Sales Order": ("customer", "docstatus", "transaction_date", "base_net_total"),
}


def _has_index(doctype: str) -> bool:
	return bool(frappe.db.sql(f"show index from `tab{doctype}` where Key_name = %s", NAME))  # nosemgrep


def ensure(doctypes: list[str] | tuple[str, ...] | None = None) -> list[str]:
	"""Add the missing indexes; returns the DocTypes that got one."""
	added = []
	for doctype in doctypes or tuple(INDEXES):
		if frappe.db.table_exists(doctype) and not _has_index(doctype):
			columns = ", ".join(f"`{c}`" for c in INDEXES[doctype])
			frappe.db.sql_ddl(f"alter table `tab{doctype}` add index `{NAME}` ({columns})")  # nosemgrep
			added.append(doctype)
	return added


def enqueue_ensure(doctype: str) -> bool:
	return jobs.enqueue(
		"crm_plus.integrations.erpnext.indexes.ensure",
		job_id=f"crm_plus:erpnext_indexes:{doctype}:{frappe.local.site}",
		title=_("Indexing ERPNext's {0} for crm_plus").format(_(doctype)),
		doctypes=[doctype],
	)


def drop() -> None:
	"""On uninstall: the indexes crm_plus added to ERPNext's tables go with it."""
	for doctype in INDEXES:
		if frappe.db.table_exists(doctype) and _has_index(doctype):
			frappe.db.sql_ddl(f"alter table `tab{doctype}` drop index `{NAME}`")  # nosemgrep
