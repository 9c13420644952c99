"""Approved customer price files become that customer's prices in ERPNext (README, "ERPNext").

When a CP Price File is approved (and CP ERPNext Settings publishes prices), each of its lines whose
product is linked to an ERPNext Item becomes an ERPNext price for the price file's customer (through its
link to an ERPNext Customer), valid from the line's (else the file's) valid-from to valid-to date, in the
price list of the settings:

- the line of a product with the lowest minimum quantity (1 or less) is an **Item Price** row with that
  customer, at the line's **net price** (the unit price less its discount): ERPNext then offers exactly
  that rate on the customer's quotations and orders, and the discount the customer was given needs no
  second rule to be applied right (the net price is what the price file promises);
- a line of a higher minimum quantity (a quantity break) is a **Pricing Rule** for that customer and
  item, "Rate" at the net price from that quantity on: Item Prices have no quantities, Pricing Rules do.

What crm_plus published carries the price file's name (Item Price ``reference``, Pricing Rule ``title``),
so publishing again replaces it (never duplicates) and withdrawing finds it: when a file is superseded
or expires its prices are deleted from ERPNext and stop applying; a restored version is a new revision
that publishes its own lines when it is approved.

Lines that cannot be published are listed to the approver and recorded on the file as a comment, never
skipped in silence: a product with no ERPNext Item, a customer with no ERPNext Customer, a currency other
than the price list's.
"""

import frappe
from frappe import _
from frappe.utils import flt, getdate, now_datetime

from crm_plus.doctypes import CUSTOMER, PRODUCT
from crm_plus.integrations.erpnext import setting
from crm_plus.utils.bulk import insert_rows
from crm_plus.utils.naming import random_name

MARK = "crm_plus:"


def mark(price_file: str) -> str:
	return f"{MARK}{price_file}"


def publishing() -> bool:
	return bool(setting("publish_prices"))


def publish(doc) -> dict:
	"""Publish the approved price file `doc`; returns {"item_prices", "pricing_rules", "not_published"}."""
	result = {"item_prices": 0, "pricing_rules": 0, "not_published": []}
	if not publishing():
		return result
	withdraw([doc.name])
	price_list = setting("price_list")
	erpnext_customer = frappe.db.get_value(CUSTOMER, doc.customer, "erpnext_customer")
	if not erpnext_customer or not frappe.db.exists("Customer", erpnext_customer):
		result["not_published"] = [
			_("Customer {0} is not linked to an ERPNext customer: no line was published.").format(
				doc.customer
			)
		]
		return _record(doc, result)
	list_currency = frappe.db.get_value("Price List", price_list, "currency")
	if doc.currency and list_currency and doc.currency != list_currency:
		result["not_published"] = [
			_("The price file is in {0}, the ERPNext price list {1} in {2}: no line was published.").format(
				doc.currency, price_list, list_currency
			)
		]
		return _record(doc, result)
	lines = sorted(doc.get("lines") or [], key=lambda l: (l.product or "", flt(l.min_qty)))
	items = _items({l.product for l in lines if l.product})
	base_done: set[str] = set()
	item_prices, rules = [], []
	for line in lines:
		item = items.get(line.product)
		if not item:
			result["not_published"].append(
				_("Row {0}: product {1} is not linked to an ERPNext item.").format(
					line.idx, line.product_name or line.product
				)
			)
			continue
		valid_from = (
			getdate(line.valid_from or doc.valid_from) if (line.valid_from or doc.valid_from) else None
		)
		valid_to = getdate(line.valid_to or doc.valid_to) if (line.valid_to or doc.valid_to) else None
		rate = flt(line.net_price) or flt(line.unit_price) * (1 - flt(line.discount) / 100)
		if flt(line.min_qty) <= 1 and item.name not in base_done:
			base_done.add(item.name)
			item_prices.append((item, rate, valid_from, valid_to))
		else:
			rules.append((item, rate, flt(line.min_qty), valid_from, valid_to))
	now = now_datetime()
	result["item_prices"] = insert_rows(
		"Item Price",
		("name", "item_code", "item_name", "uom", "price_list_rate", "valid_from", "valid_upto"),
		(
			(
				random_name(),
				item.name,
				item.item_name,
				item.stock_uom,
				rate,
				valid_from or now.date(),
				valid_to,
			)
			for item, rate, valid_from, valid_to in item_prices
		),
		constants={
			"price_list": price_list,
			"customer": erpnext_customer,
			"selling": 1,
			"buying": 0,
			"currency": list_currency,
			"packing_unit": 0,
			"lead_time_days": 0,
			"reference": mark(doc.name),
			"note": _("Published from customer price file {0}").format(doc.title or doc.name),
		},
		owner=frappe.session.user,
		timestamp=now,
	)
	for item, rate, min_qty, valid_from, valid_to in rules:
		frappe.get_doc(
			{
				"doctype": "Pricing Rule",
				"title": f"{mark(doc.name)} {item.name} {min_qty:g}",
				"apply_on": "Item Code",
				"items": [{"item_code": item.name, "uom": item.stock_uom}],
				"selling": 1,
				"applicable_for": "Customer",
				"customer": erpnext_customer,
				"min_qty": min_qty,
				"price_or_product_discount": "Price",
				"rate_or_discount": "Rate",
				"rate": rate,
				"currency": list_currency,
				"for_price_list": price_list,
				"valid_from": valid_from,
				"valid_upto": valid_to,
				"priority": 1,
			}
		).insert(ignore_permissions=True)  # the approver's approval is the authority; values are the file's
		result["pricing_rules"] += 1
	return _record(doc, result)


def withdraw(price_files: list[str]) -> int:
	"""Delete what crm_plus published for `price_files` from ERPNext; returns how many prices went."""
	if not price_files or not publishing():
		return 0
	marks = [mark(name) for name in price_files]
	ip = frappe.qb.DocType("Item Price")
	gone = len(frappe.qb.from_(ip).select(ip.name).where(ip.reference.isin(marks)).run())
	frappe.qb.from_(ip).delete().where(ip.reference.isin(marks)).run()
	for name in price_files:
		rules = frappe.get_all("Pricing Rule", filters={"title": ("like", f"{mark(name)} %")}, pluck="name")
		for rule in rules:
			frappe.delete_doc("Pricing Rule", rule, ignore_permissions=True, force=True)
		gone += len(rules)
	return gone


def _items(products: set[str]) -> dict[str, frappe._dict]:
	"""product -> its ERPNext Item (name, item_name, stock_uom), for the linked ones that exist."""
	if not products:
		return {}
	linked = dict(
		frappe.get_all(
			PRODUCT, filters={"name": ("in", list(products))}, fields=["name", "erpnext_item"], as_list=True
		)
	)
	items = {
		i.name: i
		for i in frappe.get_all(
			"Item",
			filters={"name": ("in", [v for v in linked.values() if v]), "disabled": 0},
			fields=["name", "item_name", "stock_uom"],
		)
	}
	return {product: items[item] for product, item in linked.items() if item in items}


def _record(doc, result: dict) -> dict:
	"""Tell the approver and keep on the file what was published and what was not."""
	text = _("Published to ERPNext: {0} item prices, {1} pricing rules.").format(
		result["item_prices"], result["pricing_rules"]
	)
	if result["not_published"]:
		text += " " + _("Not published:") + " " + "; ".join(result["not_published"])
		frappe.msgprint(text, title=_("ERPNext Prices"), indicator="orange")
	doc.add_comment("Info", text)
	return result
