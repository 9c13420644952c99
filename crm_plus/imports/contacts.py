"""Contacts in an import file: each must name a customer (or supplier) the user may see; a contact the
party already has (same name, phone or e-mail) is filled, not added twice."""

import frappe
from frappe import _
from frappe.utils import cstr

from crm_plus.imports.rows import (
	MERGE,
	MERGE_ROW,
	Analysis,
	RowResult,
)
from crm_plus.permissions.customer import customer_condition
from crm_plus.utils.normalize import normalize_email, normalize_party_name, normalize_phone


def analyse_contacts(analysis: Analysis) -> None:
	"""Contacts of customers: the customer (code or name) must be one the user may see; a contact the
	customer already has (same name, mobile or e-mail) is merged, as is a repeat within the file."""
	user = analysis.user
	condition = customer_condition(user)
	visible = frappe.db.sql(
		f"""select name, customer_name, normalized_name from `tabCP Customer`
		{"where " + condition if condition else ""}""",  # nosemgrep: the permission module's SQL
		as_dict=True,
	)
	by_code = {c.name.casefold(): c for c in visible}
	by_key = {c.normalized_name: c for c in visible if c.normalized_name}
	for row in analysis.rows:
		ref = cstr(row.values.get("customer"))
		customer = by_code.get(ref.casefold()) or by_key.get(normalize_party_name(ref))
		if ref and not customer:
			row.errors.append(_("Customer {0} does not exist or you may not see it.").format(ref))
		elif customer:
			row.values["customer"] = customer.name
			row.values["company_name"] = customer.customer_name
	existing = existing_contacts("CP Customer", {r.values["customer"] for r in analysis.rows if not r.errors})
	seen: dict[tuple, RowResult] = {}
	for row in analysis.rows:
		if row.errors:
			continue
		keys = contact_keys(
			row.values.get("customer"),
			row.values.get("first_name"),
			row.values.get("mobile_no") or row.values.get("phone"),
			row.values.get("email_id"),
		)
		match = next((existing[k] for k in keys if k in existing), None)
		earlier = next((seen[k] for k in keys if k in seen), None)
		if match:
			row.action, row.target = MERGE, match
			row.duplicate = _("Same contact of the customer")
			row.notes.append(_("Matches existing contact {0}.").format(match))
		elif earlier:
			row.action, row.target_row = MERGE_ROW, earlier.row_no
			row.duplicate = _("Duplicate of row {0} in the file").format(earlier.row_no)
		else:
			for k in keys:
				seen.setdefault(k, row)


def contact_keys(
	party: str | None, full_name: str | None, phone: str | None, email: str | None
) -> list[tuple]:
	keys = []
	if full_name:
		keys.append((party, "name", cstr(full_name).strip().casefold()))
	if phone and normalize_phone(phone):
		keys.append((party, "phone", normalize_phone(phone)))
	if email and normalize_email(email):
		keys.append((party, "email", normalize_email(email).casefold()))
	return keys


def existing_contacts(party_doctype: str, parties: set[str]) -> dict[tuple, str]:
	"""{(party, kind, value): contact} of the contacts linked to `parties`: one query."""
	if not parties:
		return {}
	rows = frappe.db.sql(
		"""select dl.link_name as party, c.name, c.full_name, c.first_name, c.mobile_no, c.phone, c.email_id
		from `tabDynamic Link` dl join `tabContact` c on c.name = dl.parent
		where dl.parenttype = 'Contact' and dl.link_doctype = %(doctype)s and dl.link_name in %(parties)s""",
		{"doctype": party_doctype, "parties": list(parties)},
		as_dict=True,
	)
	found = {}
	for r in rows:
		for phone in (r.mobile_no, r.phone):
			for key in contact_keys(r.party, r.full_name or r.first_name, phone, r.email_id):
				found.setdefault(key, r.name)
	return found
