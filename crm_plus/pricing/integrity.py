"""A fingerprint of every price file, version and line, to prove a backup and restore keep them all.

    bench --site S execute crm_plus.pricing.integrity.fingerprint

prints one JSON line: per table, the number of rows and a SHA-256 of all their values in name order.
scripts/check-backup-restore.sh compares the fingerprint of a site with that of its restored copy.
"""

import hashlib
import json

import frappe
from frappe.query_builder.functions import Count, Max

from crm_plus.pricing import PRICE_FILE, PRICE_FILE_ITEM

# table -> the filter selecting the rows that belong to price files
TABLES = {
	PRICE_FILE: {},
	PRICE_FILE_ITEM: {},
	"CP Price File Share": {},
	"DocShare": {"share_doctype": PRICE_FILE},
	"Version": {"ref_doctype": PRICE_FILE},
	"Comment": {"reference_doctype": PRICE_FILE},
	"File": {"attached_to_doctype": PRICE_FILE},
}


def fingerprint() -> dict:
	result = {}
	for doctype, filters in TABLES.items():
		rows = frappe.get_all(doctype, filters=filters, fields=["*"], order_by="name asc", as_list=True)
		digest = hashlib.sha256()
		for row in rows:
			digest.update(json.dumps(row, default=str, ensure_ascii=False).encode())
		result[doctype] = {"rows": len(rows), "sha256": digest.hexdigest()}
	contents = hashlib.sha256()
	for name in frappe.get_all("File", filters=TABLES["File"], order_by="name asc", pluck="name"):
		content = frappe.get_doc("File", name).get_content() or b""  # the attachment itself
		contents.update(content.encode() if isinstance(content, str) else content)
	result["attachment contents"] = contents.hexdigest()
	pf = frappe.qb.DocType(PRICE_FILE)
	files, top = frappe.qb.from_(pf).select(Count(pf.lineage).distinct(), Max(pf.version)).run()[0]
	result["lineages"] = files
	result["highest version"] = top
	print(json.dumps(result, ensure_ascii=False, sort_keys=True))
	return result
