"""Versions of a price file (版本控制).

Every version is a CP Price File record of its own: the first one starts a lineage (``lineage`` = its
own name, ``version`` = 1); "new revision" and "restore" make a new draft in the same lineage with the
next version number and the lines of the version they start from (``based_on``). Approving version n
marks the approved versions before it as Superseded. Nothing here deletes or changes an approved
version's content: history is kept for ever and compared line by line.
"""

from datetime import date, timedelta

import frappe
from frappe import _
from frappe.query_builder.functions import Max
from frappe.utils import getdate, now_datetime, nowdate

from crm_plus.exceptions import PriceFileRevisionError
from crm_plus.integrations.erpnext.prices import withdraw as withdraw_prices
from crm_plus.pricing import APPROVED, EXPIRED, KEPT_STATUSES, PRICE_FILE, PRICE_FILE_ITEM, SUPERSEDED
from crm_plus.pricing.cells import line_key, percent_change
from crm_plus.pricing.lines import LINE_FIELDS, header_doc, stored_lines

TITLE_WORD = "价格表"  # the naming convention 客户名称_价格表_日期 (README, "Customer price files") is Chinese in every language
COPIED_HEADER_FIELDS = ("customer", "currency", "valid_from", "valid_to", "contract", "review_date", "terms")
# what a line comparison looks at besides the price (the key is product + specification + min quantity)
COMPARED_FIELDS = ("unit_price", "discount", "unit", "valid_from", "valid_to", "note")


def unique_title(customer_name: str, day: date) -> str:
	"""客户名称_价格表_YYYYMMDD, with _2, _3 ... when the customer already has one of that day."""
	base = f"{customer_name}_{TITLE_WORD}_{day.strftime('%Y%m%d')}"
	pf = frappe.qb.DocType(PRICE_FILE)
	taken = set(frappe.qb.from_(pf).select(pf.title).where(pf.title.like(f"{base}%")).run(pluck=True))
	if base not in taken:
		return base
	n = 2
	while f"{base}_{n}" in taken:
		n += 1
	return f"{base}_{n}"


def supersede_older_versions(doc) -> list[str]:
	"""On approval of `doc`: the approved versions before it in its lineage become Superseded."""
	pf = frappe.qb.DocType(PRICE_FILE)
	condition = (
		(pf.lineage == doc.lineage)
		& (pf.name != doc.name)
		& (pf.docstatus == 1)
		& (pf.status == APPROVED)
		& (pf.version < doc.version)
	)
	names = frappe.qb.from_(pf).select(pf.name).where(condition).run(pluck=True)
	if names:
		(
			frappe.qb.update(pf)
			.set(pf.status, SUPERSEDED)
			.set(pf.superseded_by, doc.name)
			.set(pf.modified, now_datetime())
			.where(pf.name.isin(names))
			.run()
		)
		doc.add_comment(
			"Info", _("Supersedes {0}.").format(", ".join(f"{_('Version')} {v}" for v in _versions(names)))
		)
		withdraw_prices(names)  # their ERPNext prices stop applying
	return names


def _versions(names: list[str]) -> list[int]:
	return sorted(frappe.get_all(PRICE_FILE, filters={"name": ("in", names)}, pluck="version"))


def open_draft(lineage: str) -> dict | None:
	return frappe.db.get_value(
		PRICE_FILE, {"lineage": lineage, "docstatus": 0}, ["name", "title", "version"], as_dict=True
	)


def latest_version(lineage: str) -> int:
	pf = frappe.qb.DocType(PRICE_FILE)
	found = frappe.qb.from_(pf).select(Max(pf.version)).where(pf.lineage == lineage).run()
	return int(found[0][0] or 0)


def make_revision(source_name: str, restore: bool = False):
	"""A new draft (version n+1) of the lineage of `source_name`, with its lines.

	New revision: of the version in force (Approved or Expired). Restore: of any kept version."""
	source = frappe.get_doc(PRICE_FILE, source_name)
	source.check_permission("read")
	new = frappe.new_doc(PRICE_FILE)
	new.update({f: source.get(f) for f in COPIED_HEADER_FIELDS})
	new.check_permission("create")  # making a file for this customer, before saying anything else
	allowed = KEPT_STATUSES if restore else (APPROVED, EXPIRED)
	if source.docstatus != 1 or source.status not in allowed:
		message = (
			_("Only an approved, expired or superseded version can be restored.")
			if restore
			else _("Only the approved or expired version in force can be revised; restore older versions.")
		)
		frappe.throw(message, PriceFileRevisionError, title=_("Not Allowed"))
	draft = open_draft(source.lineage)
	if draft:
		frappe.throw(
			_(
				"This price file already has an open draft, version {0} ({1}); finish or delete it first."
			).format(draft.version, frappe.utils.get_link_to_form(PRICE_FILE, draft.name, draft.title)),
			PriceFileRevisionError,
			title=_("Open Draft Exists"),
		)

	new.update(
		{
			"lineage": source.lineage,
			"version": latest_version(source.lineage) + 1,
			"based_on": source.name,
			"revision_note": (
				_("Restored from version {0}.").format(source.version)
				if restore
				else _("Revision of version {0}.").format(source.version)
			),
		}
	)
	renew_validity(new)
	for row in source.shared_with:
		new.append("shared_with", {"user": row.user})
	for line in source.lines:
		new.append("lines", {f: line.get(f) for f in LINE_FIELDS})
	# lineage, version and the lines' cost are the server's copy, not client input
	new.flags.revision_of = source.name
	new.insert()
	return new


def renew_validity(new) -> None:
	"""A revision of a file whose validity is over starts today, for as long as the old one ran; a past
	review date is dropped (the default review interval applies again)."""
	today = getdate(nowdate())
	if new.valid_to and getdate(new.valid_to) < today:
		duration = max(getdate(new.valid_to) - getdate(new.valid_from or new.valid_to), timedelta(0))
		new.valid_from = today
		new.valid_to = today + duration
	if new.review_date and getdate(new.review_date) < today:
		new.review_date = None


# --- history and comparison ---------------------------------------------------------------------


def history(name: str) -> list[dict]:
	"""Every version of the lineage of `name` the user may see, newest first."""
	doc = header_doc(name)
	doc.check_permission("read")
	return frappe.get_list(
		PRICE_FILE,
		filters={"lineage": doc.lineage},
		fields=["name", "title", "version", "status", "valid_from", "valid_to", "approved_by", "approved_on"],
		order_by="version desc",
	)


def compare(from_name: str, to_name: str) -> dict:
	"""Line by line, what changed from version `from_name` to version `to_name` of one price file."""
	old, new = (header_doc(n) for n in (from_name, to_name))
	for doc in (old, new):
		doc.check_permission("read")
	if old.lineage != new.lineage:
		frappe.throw(
			_("{0} and {1} are not versions of the same price file.").format(
				frappe.bold(old.title), frappe.bold(new.title)
			),
			PriceFileRevisionError,
		)
	old_lines = {_key(line): line for line in stored_lines(old.name)}
	new_lines = {_key(line): line for line in stored_lines(new.name)}
	meta = frappe.get_meta(PRICE_FILE_ITEM)
	added = [_line(new_lines[k]) for k in new_lines if k not in old_lines]
	removed = [_line(old_lines[k]) for k in old_lines if k not in new_lines]
	changed, unchanged = [], 0
	for key in new_lines.keys() & old_lines.keys():
		before, after = old_lines[key], new_lines[key]
		fields = [
			{"field": f, "label": _(meta.get_label(f)), "old": before.get(f), "new": after.get(f)}
			for f in COMPARED_FIELDS
			if _differs(before.get(f), after.get(f))
		]
		if not fields:
			unchanged += 1
			continue
		changed.append(
			{
				**_line(after),
				"old_price": before.unit_price,
				"new_price": after.unit_price,
				"change_percent": percent_change(before.unit_price, after.unit_price),
				"changes": fields,
			}
		)
	by_position = {k: i for i, k in enumerate(new_lines)}
	changed.sort(key=lambda c: by_position[c["key"]])
	return {
		"from": _header(old),
		"to": _header(new),
		"added": added,
		"removed": removed,
		"changed": changed,
		"unchanged": unchanged,
	}


def _key(line) -> tuple:
	return line_key(line.product, line.specification, line.min_qty)


def _line(line) -> dict:
	return {
		"key": _key(line),
		"product": line.product,
		"product_name": line.product_name,
		"specification": line.specification,
		"unit": line.unit,
		"min_qty": line.min_qty,
		"unit_price": line.unit_price,
		"discount": line.discount,
	}


def _header(doc) -> dict:
	return {"name": doc.name, "title": doc.title, "version": doc.version, "status": doc.status}


def _differs(a, b) -> bool:
	if isinstance(a, int | float) or isinstance(b, int | float):
		return round(float(a or 0), 6) != round(float(b or 0), 6)
	return str(a or "") != str(b or "")
