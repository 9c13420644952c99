"""The one message for "this customer already exists" (README, "Security": the duplicate policy).

Policy: name the existing customer and its owner, to everyone, on every path (the form, REST, the
import), so two reps do not chase the same customer (撞单). A user who may not see the customer learns
its name, record name and owner's name from the message, nothing more: the record itself stays closed.
"""

import frappe
from frappe import _
from frappe.utils import get_fullname

NAME = "name"
TAX_ID = "tax_id"


def owner_label(sales_owner: str | None, sales_owner_name: str | None = None) -> str:
	if not sales_owner:
		return _("unassigned")
	return sales_owner_name or get_fullname(sales_owner)


def duplicate_customer_message(
	title: str,
	name: str,
	sales_owner: str | None,
	matched_by: str = NAME,
	sales_owner_name: str | None = None,
	bold: bool = True,
) -> str:
	"""The message; `bold` marks the names up for the desk (not for the import report's cells)."""
	owner = owner_label(sales_owner, sales_owner_name)
	mark = frappe.bold if bold else str
	if matched_by == TAX_ID:
		return _(
			"A customer with this unified social credit code already exists: {0} ({1}), owner: {2}."
		).format(mark(title), name, mark(owner))
	return _("A customer with this name already exists: {0} ({1}), owner: {2}.").format(
		mark(title), name, mark(owner)
	)
