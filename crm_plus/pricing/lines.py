"""The columns of a price line and the rules every set of lines obeys, wherever the lines come from:
the form, an Excel import or a copy made by a revision or restore."""

from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils import getdate

from crm_plus.exceptions import PriceLineError
from crm_plus.pricing import PRICE_FILE, PRICE_FILE_ITEM
from crm_plus.pricing.cells import line_key, margin_percent, net_price


@dataclass(frozen=True)
class Column:
	fieldname: str
	label: str  # the DocField label, translated where it is shown
	kind: str  # product | text | number | percent | date
	width: int  # Excel column width, in characters
	required: bool = False
	restricted: bool = False  # cost and margin: price managers only (permlevel 1)
	importable: bool = True


COLUMNS: tuple[Column, ...] = (
	Column("product", "Product Code", "product", 18, required=True),
	Column("product_name", "Product Name", "text", 28, importable=False),
	Column("specification", "Specification", "text", 20),
	Column("unit", "Unit", "text", 8),
	Column("unit_price", "Unit Price", "number", 14, required=True),
	Column("min_qty", "Minimum Quantity", "number", 12),
	Column("discount", "Discount (%)", "percent", 12),
	Column("net_price", "Net Price", "number", 14, importable=False),
	Column("valid_from", "Valid From", "date", 12),
	Column("valid_to", "Valid To", "date", 12),
	Column("note", "Note", "text", 30),
	Column("cost_price", "Cost Price", "number", 14, restricted=True),
	Column("margin", "Margin (%)", "percent", 12, restricted=True, importable=False),
)

# the fields a line is made of (copied by revisions, compared between versions)
LINE_FIELDS = (
	"product",
	"product_name",
	"specification",
	"unit",
	"unit_price",
	"min_qty",
	"discount",
	"net_price",
	"valid_from",
	"valid_to",
	"note",
	"cost_price",
	"margin",
)
RESTRICTED_FIELDS = tuple(c.fieldname for c in COLUMNS if c.restricted)


def stored_lines(name: str) -> list[frappe._dict]:
	"""The saved lines of price file `name`, in order, as plain rows: one query, where loading a
	10,000-line document row by row takes seconds. Callers check permission on the file first."""
	return frappe.get_all(
		PRICE_FILE_ITEM,
		filters={"parent": name, "parenttype": PRICE_FILE, "parentfield": "lines"},
		fields=["name", "idx", *LINE_FIELDS],
		order_by="idx asc",
	)


def header_doc(name: str):
	"""Price file `name` without its lines: enough for permission checks and the header of an export."""
	values = frappe.db.get_value(PRICE_FILE, name, "*", as_dict=True)
	if not values:
		frappe.throw(frappe._("{0} {1} not found").format(_(PRICE_FILE), name), frappe.DoesNotExistError)
	return frappe.get_doc({**values, "doctype": PRICE_FILE})


def columns_for(user_sees_cost: bool) -> list[Column]:
	return [c for c in COLUMNS if user_sees_cost or not c.restricted]


def check_line(line) -> list[tuple[str, str]]:
	"""The rule breaks of one line, as (fieldname, translated message)."""
	errors = []
	if (line.get("unit_price") or 0) < 0:
		errors.append(("unit_price", _("The unit price cannot be negative.")))
	if line.get("min_qty") is not None and line.get("min_qty") < 1:
		errors.append(("min_qty", _("The minimum quantity must be at least 1.")))
	discount = line.get("discount") or 0
	if discount < 0 or discount > 100:
		errors.append(("discount", _("The discount must be between 0 and 100 (%).")))
	if (line.get("cost_price") or 0) < 0:
		errors.append(("cost_price", _("The cost price cannot be negative.")))
	if line.get("valid_from") and line.get("valid_to"):
		if getdate(line.get("valid_to")) < getdate(line.get("valid_from")):
			errors.append(
				(
					"valid_to",
					_("Valid To {0} is before Valid From {1}.").format(
						line.get("valid_to"), line.get("valid_from")
					),
				)
			)
	return errors


def duplicates(lines) -> dict[int, int]:
	"""Position of each line that repeats an earlier one -> position of that earlier line."""
	first: dict[tuple, int] = {}
	repeated = {}
	for i, line in enumerate(lines):
		key = line_key(line.get("product"), line.get("specification"), line.get("min_qty"))
		if key in first:
			repeated[i] = first[key]
		else:
			first[key] = i
	return repeated


def duplicate_message(first: str) -> str:
	"""`first`: where the line it repeats is, e.g. "row 3" or "existing line 2"."""
	return _("Duplicate line: the same product, specification and minimum quantity as {0}.").format(first)


def row_label(row) -> str:
	return _("row {0}").format(row)


def set_derived_values(line) -> None:
	"""Net price and margin follow from price, discount and cost; they are never typed in.
	`line` is a document row or a dict."""
	put = line.__setitem__ if isinstance(line, dict) else line.set
	if not line.get("min_qty"):
		put("min_qty", 1)
	net = net_price(line.get("unit_price"), line.get("discount"))
	put("net_price", net)
	put("margin", margin_percent(net, line.get("cost_price") or None) or 0)


def validate_line_set(lines, number=None) -> None:
	"""Throw one message listing every broken rule of `lines` (rows of a document); `number(i)` is
	how the i-th line is numbered for the user."""
	messages = []
	label = number or (lambda i: i + 1)
	for i, line in enumerate(lines):
		for _field, message in check_line(line):
			messages.append(_("Row {0}: {1}").format(label(i), message))
	for i, first in duplicates(lines).items():
		messages.append(_("Row {0}: {1}").format(label(i), duplicate_message(row_label(label(first)))))
	if messages:
		frappe.throw("<br>".join(messages), PriceLineError, title=_("Invalid Price Lines"))
