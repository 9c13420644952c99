"""Contacts of customers and suppliers written in bulk (imports, demo data): core Contacts with their
Dynamic Link to the party, their phone and e-mail rows, in a few multi-row INSERTs."""

from collections.abc import Iterable
from dataclasses import dataclass, field

import frappe

from crm_plus.utils.bulk import insert_rows
from crm_plus.utils.naming import random_name

LINK_FIELDS = [
	"name",
	"parent",
	"parenttype",
	"parentfield",
	"link_doctype",
	"link_name",
	"link_title",
	"idx",
]
PHONE_FIELDS = [
	"name",
	"parent",
	"parenttype",
	"parentfield",
	"phone",
	"is_primary_mobile_no",
	"is_primary_phone",
	"idx",
]
EMAIL_FIELDS = ["name", "parent", "parenttype", "parentfield", "email_id", "is_primary", "idx"]


@dataclass
class NewContact:
	name: str
	party_doctype: str
	party: str
	# Contact columns, the same keys for every contact of one call (company_name is the link's title)
	values: dict = field(default_factory=dict)


def insert_contacts(
	contacts: Iterable[NewContact], owner: str = "Administrator", mobile_is_primary_phone: bool = False
) -> int:
	"""Write `contacts`; returns how many. A contact's mobile is its primary mobile number (and, with
	`mobile_is_primary_phone`, its primary phone too); a phone given as well is its primary phone."""
	contacts = list(contacts)
	if not contacts:
		return 0
	columns = list(contacts[0].values)
	rows, links, phones, emails = [], [], [], []
	for c in contacts:
		v = c.values
		rows.append([c.name, *(v.get(col) for col in columns)])
		links.append(
			(
				random_name(),
				c.name,
				"Contact",
				"links",
				c.party_doctype,
				c.party,
				v.get("company_name"),
				1,
			)
		)
		idx = 0
		if v.get("mobile_no"):
			idx += 1
			primary_phone = int(mobile_is_primary_phone and not v.get("phone"))
			phones.append(
				(
					random_name(),
					c.name,
					"Contact",
					"phone_nos",
					v["mobile_no"],
					1,
					primary_phone,
					idx,
				)
			)
		if v.get("phone"):
			idx += 1
			phones.append((random_name(), c.name, "Contact", "phone_nos", v["phone"], 0, 1, idx))
		if v.get("email_id"):
			emails.append((random_name(), c.name, "Contact", "email_ids", v["email_id"], 1, 1))
	count = insert_rows("Contact", ["name", *columns], rows, owner=owner)
	insert_rows("Dynamic Link", LINK_FIELDS, links, owner=owner)
	insert_rows("Contact Phone", PHONE_FIELDS, phones, owner=owner)
	insert_rows("Contact Email", EMAIL_FIELDS, emails, owner=owner)
	return count
