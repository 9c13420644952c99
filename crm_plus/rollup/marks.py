"""Writes that change an owner's figures raise the owner's version, in the same transaction, so the
owner's rollup rows stop being read the moment the write commits (crm_plus.rollup.read) until they are
rebuilt (crm_plus.rollup.build).

What raises it: a crm_plus order or follow-up written or deleted (the owners of its customer before and
after), an ERPNext Sales Invoice or Sales Order submitted or cancelled (the owner of the crm_plus
customer linked to its customer), a customer whose owner, ERPNext customer or profile dimension
changed (``CUSTOMER_FIELDS``; in bulk: grade changes recorded by the grading, ERPNext customers linked in
bulk), a customer merged into another, and the sales source setting, a renamed profile master or user
(every owner). Writers that insert orders or follow-ups in bulk call ``touch_all``
(the demo data). A move of customers between owners needs no mark: the read compares each owner's
customers with the ones its rows were built from.
"""

from collections.abc import Iterable

import frappe

from crm_plus.doctypes import CUSTOMER
from crm_plus.permissions.customer import POOL
from crm_plus.rollup import OWNERS, schema


def touch(owners: Iterable[str | None]) -> None:
	"""Raise the version of `owners` (None and "" are the pool): their rollup rows are no longer current."""
	keys = sorted({owner or POOL for owner in owners})
	if not keys:
		return
	try:
		frappe.db.sql(
			f"""insert into `{OWNERS}` (`owner_key`, `version`, `built_version`) values
			{", ".join(["(%s, 1, 0)"] * len(keys))}
			on duplicate key update `version` = `version` + 1""",
			keys,
		)
	except Exception as e:
		if not schema.missing(e):
			raise


def touch_customers(customers: Iterable[str | None]) -> None:
	"""Raise the version of the owners of `customers`."""
	names = sorted({c for c in customers if c})
	if names:
		touch(
			frappe.get_all(CUSTOMER, filters={"name": ("in", names)}, pluck="sales_owner", distinct=True)
			or []
		)


def touch_all() -> None:
	try:
		frappe.db.sql(f"update `{OWNERS}` set `version` = `version` + 1")
	except Exception as e:
		if not schema.missing(e):
			raise


# --- document events (hooks.py) --------------------------------------------------------------------


def on_party_record_change(doc, method=None) -> None:
	"""A CP Order or CP Follow Up written or deleted: the owners of its customer, before and after."""
	before = doc.get_doc_before_save() if method == "on_update" else None
	touch_customers([doc.get("customer"), before.get("customer") if before else None])


def on_erpnext_sale(doc, method=None) -> None:
	"""An ERPNext Sales Invoice / Sales Order submitted or cancelled."""
	if doc.get("customer"):
		touch(
			frappe.get_all(
				CUSTOMER, filters={"erpnext_customer": doc.customer}, pluck="sales_owner", distinct=True
			)
			or []
		)


# a customer's fields the rollup's figures depend on: its owner, the ERPNext customer its sales are read
# through, and the customer profile's dimensions
CUSTOMER_FIELDS = (
	"sales_owner",
	"erpnext_customer",
	"industry",
	"region",
	"grade",
	"customer_source",
	"customer_category",
)


def on_customer_change(doc) -> None:
	"""A CP Customer saved (from its controller): a change of a field the figures depend on."""
	before = doc.get_doc_before_save()
	if before is None:
		return
	if any(before.get(field) != doc.get(field) for field in CUSTOMER_FIELDS):
		touch([before.get("sales_owner"), doc.get("sales_owner")])


def on_source_change(doc, method=None) -> None:
	"""CP ERPNext Settings saved: the source of sales may have changed."""
	touch_all()


def on_rename(doc, method=None, old=None, new=None, merge=False) -> None:
	"""A profile master (industry, region, grade, source, category) or a user renamed: the framework
	rewrote the name into the records the rows were built from."""
	touch_all()
