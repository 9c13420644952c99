"""Demo contacts of customers and suppliers in bulk, in the demo's row shape (the writer itself is
crm_plus.contacts.bulk; every other bulk write of the demo uses crm_plus.utils.bulk.insert_rows)."""

from collections.abc import Iterable, Sequence
from typing import Any

from crm_plus.contacts.bulk import NewContact, insert_contacts


def insert_party_contacts(party_doctype: str, rows: Iterable[Sequence[Any]], extra_fields=()) -> int:
	"""Write one core Contact per row, linked to its party by Dynamic Link, with its mobile as the
	primary mobile number and phone; returns how many were written.

	Each row: (contact name, party name, company, first name, last name, designation, mobile, *values
	of `extra_fields`)."""
	return insert_contacts(
		(
			NewContact(
				cid,
				party_doctype,
				party,
				{
					"full_name": first + last,
					"first_name": first,
					"last_name": last,
					"company_name": company,
					"designation": designation,
					"mobile_no": mobile,
					"status": "Passive",
					**dict(zip(extra_fields, extra, strict=True)),
				},
			)
			for cid, party, company, first, last, designation, mobile, *extra in rows
		),
		mobile_is_primary_phone=True,
	)
