"""Link many crm_plus records to ERPNext's at once, with a report (README, "ERPNext").

- customers: a CP Customer not linked yet is matched to an ERPNext Customer by unified social credit
  code (tax id), then by normalised name (crm_plus.utils.normalize: legal forms, widths, spaces and
  punctuation do not make another company);
- products: a CP Product not linked yet is matched to an ERPNext Item by item code (its product code),
  then by normalised name.

A record with exactly one match is linked; one whose key matches several ERPNext records is left
unlinked and listed as ambiguous; one without a match is listed as not found. Links are written
set-based (one UPDATE per batch). The ERPNext side is read with frappe.get_list, as the user who runs
it (ERPNext's own permissions apply); the job runs in the background and leaves an .xlsx report as a
private File of that user, told in their bell.
"""

from collections import defaultdict
from dataclasses import dataclass, field

import frappe
from frappe import _

from crm_plus.doctypes import CUSTOMER, PRODUCT
from crm_plus.integrations.erpnext import ensure_erpnext
from crm_plus.utils import jobs
from crm_plus.utils.bulk import update_rows
from crm_plus.utils.normalize import normalize_party_name, normalize_tax_id

MATCHED, NOT_FOUND, AMBIGUOUS = "Linked", "Not Found", "Ambiguous"


@dataclass(frozen=True)
class Kind:
	"""What is linked to what: crm_plus's DocType and fields, ERPNext's DocType and fields."""

	ours: str
	title: str  # our name field
	code: str | None  # our key matched first (tax id, product code)
	link: str  # where the ERPNext name is kept
	theirs: str
	their_title: str
	their_code: str  # their field matched to `code` ("name" for Item codes)
	normalize_code: object


KINDS = {
	"customers": Kind(
		CUSTOMER,
		"customer_name",
		"tax_id",
		"erpnext_customer",
		"Customer",
		"customer_name",
		"tax_id",
		normalize_tax_id,
	),
	"products": Kind(
		PRODUCT,
		"product_name",
		"product_code",
		"erpnext_item",
		"Item",
		"item_name",
		"name",
		lambda v: (v or "").strip().upper(),
	),
}


@dataclass
class Outcome:
	linked: list[tuple[str, str, str, str]] = field(default_factory=list)  # ours, title, theirs, by
	not_found: list[tuple[str, str]] = field(default_factory=list)
	ambiguous: list[tuple[str, str, str]] = field(default_factory=list)  # ours, title, candidates

	def as_dict(self) -> dict:
		return {
			"linked": len(self.linked),
			"not_found": len(self.not_found),
			"ambiguous": len(self.ambiguous),
		}


def match(kind: Kind, ours: list[dict], theirs: list[dict]) -> Outcome:
	"""Pure matching: `ours` rows (name, title, code) against `theirs` (name, title, code)."""
	by_code: dict[str, set[str]] = defaultdict(set)
	by_title: dict[str, set[str]] = defaultdict(set)
	for t in theirs:
		if code := kind.normalize_code(t.get("code")):
			by_code[code].add(t["name"])
		if title := normalize_party_name(t.get("title") or ""):
			by_title[title].add(t["name"])
	outcome = Outcome()
	for row in ours:
		for by, candidates in (
			(
				_("Tax ID or Code"),
				by_code.get(kind.normalize_code(row.get("code"))) if row.get("code") else None,
			),
			(_("Name"), by_title.get(normalize_party_name(row.get("title") or ""))),
		):
			if not candidates:
				continue
			if len(candidates) == 1:
				outcome.linked.append((row["name"], row["title"], next(iter(candidates)), by))
			else:
				outcome.ambiguous.append((row["name"], row["title"], ", ".join(sorted(candidates))))
			break
		else:
			outcome.not_found.append((row["name"], row["title"]))
	return outcome


def link_in_bulk(what: str) -> Outcome:
	"""Match and link every unlinked record of `what` ("customers" or "products")."""
	ensure_erpnext()
	kind = KINDS[what]
	fields = ["name", f"{kind.title} as title"] + ([f"{kind.code} as code"] if kind.code else [])
	ours = frappe.get_all(kind.ours, filters={kind.link: ("is", "not set")}, fields=fields)
	their_fields = ["name", f"{kind.their_title} as title", f"{kind.their_code} as code"]
	theirs = frappe.get_list(kind.theirs, fields=their_fields, limit_page_length=0)
	outcome = match(kind, ours, theirs)
	update_rows(
		kind.ours,
		(kind.link,),
		((ours_name, theirs_name) for ours_name, _t, theirs_name, _by in outcome.linked),
	)
	if kind.ours == CUSTOMER:
		from crm_plus.integrations.erpnext.owners import sync_account_managers
		from crm_plus.rollup.marks import touch_customers

		sync_account_managers([row[0] for row in outcome.linked])
		touch_customers(row[0] for row in outcome.linked)  # their sales are read through the new links
	return outcome


def enqueue_link_in_bulk(what: str, user: str) -> bool:
	return jobs.enqueue(
		"crm_plus.integrations.erpnext.bulk.link_in_bulk_job",
		job_id=f"crm_plus:erpnext_link:{what}:{frappe.local.site}",
		title=_("Linking {0} to ERPNext").format(_(what.title())),
		what=what,
		user=user,
	)


def link_in_bulk_job(what: str, user: str) -> dict:
	progress = jobs.Progress(_("Linking to ERPNext"))
	progress(10, _("Matching"))
	outcome = link_in_bulk(what)
	progress.commit()
	file = write_report(what, outcome)
	progress(100, _("Done"))
	summary = outcome.as_dict()
	jobs.notify(
		user,
		lambda lang: _(
			"Linking {0} to ERPNext finished: {1} linked, {2} not found, {3} ambiguous (left unlinked).",
			lang=lang,
		).format(_(what.title(), lang=lang), summary["linked"], summary["not_found"], summary["ambiguous"]),
		document_type="File",
		document_name=file.name,
		link=file.file_url,
	)
	return {**summary, "report": file.file_url}


def write_report(what: str, outcome: Outcome):
	"""The outcome as an .xlsx (one sheet per outcome), a private File of the user running the job."""
	from crm_plus.exports.excel import rows_to_xlsx

	kind = KINDS[what]
	sheets = {
		_(MATCHED): ([_(kind.ours), _("Name"), _(kind.theirs), _("Matched By")], outcome.linked),
		_(NOT_FOUND): ([_(kind.ours), _("Name")], outcome.not_found),
		_(AMBIGUOUS): ([_(kind.ours), _("Name"), _("Candidates")], outcome.ambiguous),
	}
	content = rows_to_xlsx(sheets)
	return frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"erpnext-link-{what}-{frappe.utils.now_datetime():%Y%m%d-%H%M%S}.xlsx",
			"is_private": 1,
			"content": content,
		}
	).insert()
