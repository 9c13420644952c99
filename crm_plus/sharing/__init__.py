"""Keep a document's "Shared With" table and Frappe's DocShare records in step, both ways.

The table is what users edit on the form (and what REST clients send); DocShare is what the
framework's permission checks read. Editing the table shares or un-shares the document; sharing from
the form sidebar (or frappe.share.add) adds the user to the table. A share made here grants read and
write but never the right to share further.
"""

import frappe
from frappe import _

# DocType -> (table field, child DocType) holding the users a document is shared with
SHARE_TABLES: dict[str, tuple[str, str]] = {
	"CP Customer": ("shared_with", "CP Customer Share"),
	"CP Price File": ("shared_with", "CP Price File Share"),
}

SYNC_FLAG = "crm_plus_share_sync"


def shared_users(doc) -> set[str]:
	field, _child = SHARE_TABLES[doc.doctype]
	return {row.user for row in doc.get(field) or [] if row.user}


def dedupe_share_table(doc) -> None:
	"""One row per user; the owner needs no share."""
	field, _child = SHARE_TABLES[doc.doctype]
	seen = set()
	rows = []
	for row in doc.get(field) or []:
		if row.user and row.user not in seen and row.user != doc.get("sales_owner"):
			seen.add(row.user)
			rows.append(row)
	doc.set(field, rows)


def sync_docshares(doc) -> None:
	"""on_update: make DocShare match the table."""
	wanted = shared_users(doc)
	existing = set(
		frappe.get_all(
			"DocShare",
			filters={"share_doctype": doc.doctype, "share_name": doc.name, "everyone": 0},
			pluck="user",
		)
	)
	flags = {"ignore_share_permission": True, "ignore_permissions": True, SYNC_FLAG: True}
	for user in sorted(wanted - existing):
		frappe.share.add_docshare(
			doc.doctype, doc.name, user, read=1, write=1, share=0, flags=flags, notify=1
		)
	for user in sorted(existing - wanted):
		frappe.share.remove(doc.doctype, doc.name, user, flags=flags)


def validate_share(doc, share) -> None:
	"""Called by DocShare.validate for documents with a share table, whatever the path (the form's
	"Shared With" table, the sidebar's share, frappe.share.add, an assignment, REST): README "Security",
	class 6. Nobody shares a record with themselves (a share opens the customer's price files); a sales
	manager who is not the owner shares a customer only with the reps of the teams they manage."""
	if share.everyone:
		frappe.throw(
			_("{0} cannot be shared with everyone; share it with named users.").format(_(doc.doctype)),
			frappe.PermissionError,
		)
	share.share = 0
	if share.flags.get(SYNC_FLAG) and not share.is_new():
		return
	refuse_self_granted_share(doc, share.user)
	if not share.flags.get(SYNC_FLAG):  # the table's own changes are judged by the controller
		refuse_share_by_non_manager(doc)


def refuse_share_by_non_manager(doc) -> None:
	"""Shares made around the share right (an assignment shares the record with the assignee without
	asking): only those who may manage the record's sharing make them."""
	from crm_plus.permissions.customer import may_manage_owner
	from crm_plus.permissions.price_file import may_manage_sharing

	actor = frappe.session.user
	if actor == "Administrator":
		return
	if doc.doctype == "CP Customer":
		owner = frappe.db.get_value(doc.doctype, doc.name, "sales_owner")
		if not may_manage_owner(owner, actor):
			frappe.throw(
				_(
					"Only the sales owner, their sales manager or a CRM administrator may change the owner or the sharing of customer {0}."
				).format(frappe.bold(doc.get("customer_name"))),
				frappe.PermissionError,
				title=_("Not Permitted"),
			)
	elif doc.doctype == "CP Price File" and not may_manage_sharing(doc, actor):
		frappe.throw(
			_(
				"Only the customer's owner, a price manager or a CRM administrator may share price file {0}."
			).format(frappe.bold(doc.get("title") or doc.get("customer_name"))),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)


def refuse_self_granted_share(doc, user: str | None) -> None:
	from crm_plus.permissions.customer import is_sales_manager, managed_reps
	from crm_plus.permissions.roles import is_crm_admin

	actor = frappe.session.user
	if not user or actor == "Administrator" or is_crm_admin(actor):
		return
	if user == actor:
		frappe.throw(
			_("You cannot share {0} with yourself.").format(frappe.bold(doc.get_title())),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)
	owner = (
		frappe.db.get_value(doc.doctype, doc.name, "sales_owner") if doc.doctype == "CP Customer" else None
	)
	if doc.doctype == "CP Customer" and owner != actor and is_sales_manager(actor):
		if user not in managed_reps(actor):
			frappe.throw(
				_(
					"{0} is not in a team you manage: a sales manager shares customers only within their own teams."
				).format(frappe.bold(user)),
				frappe.PermissionError,
				title=_("Not Permitted"),
			)


def on_docshare_change(share, method=None) -> None:
	"""doc_events of DocShare: a share added or removed outside the table is mirrored into it."""
	if share.flags.get(SYNC_FLAG) or share.share_doctype not in SHARE_TABLES or share.everyone:
		return
	if not frappe.db.exists(share.share_doctype, share.share_name):
		return  # the document itself is being deleted
	mirror_docshares_into_table(share.share_doctype, share.share_name)


def mirror_docshares_into_table(doctype: str, name: str) -> None:
	field, child = SHARE_TABLES[doctype]
	users = frappe.get_all(
		"DocShare",
		filters={"share_doctype": doctype, "share_name": name, "everyone": 0, "read": 1},
		pluck="user",
		order_by="creation",
	)
	rows = frappe.get_all(
		child,
		filters={"parent": name, "parenttype": doctype, "parentfield": field},
		fields=["name", "user", "idx"],
	)
	stale = [r.name for r in rows if r.user not in users]
	if stale:
		frappe.db.delete(child, {"name": ("in", stale)})
	present = {r.user for r in rows}
	idx = max((r.idx for r in rows), default=0)
	for user in users:
		if user in present:
			continue
		idx += 1
		frappe.get_doc(
			{
				"doctype": child,
				"parent": name,
				"parenttype": doctype,
				"parentfield": field,
				"user": user,
				"idx": idx,
			}
		).db_insert()
	frappe.clear_document_cache(doctype, name)


def unshare_in_bulk(doctype: str, names: list[str], user: str) -> None:
	"""Remove `user`'s shares of the documents `names`, in DocShare and in the share table alike, with
	one statement each (e.g. when `user` becomes their owner, which makes the shares redundant)."""
	if not names:
		return
	field, child = SHARE_TABLES[doctype]
	share = frappe.qb.DocType("DocShare")
	frappe.qb.from_(share).delete().where(
		(share.share_doctype == doctype) & share.share_name.isin(names) & (share.user == user)
	).run()
	row = frappe.qb.DocType(child)
	frappe.qb.from_(row).delete().where(
		(row.parenttype == doctype) & (row.parentfield == field) & row.parent.isin(names) & (row.user == user)
	).run()
