"""Documents in a JSON response without the fields above the caller's permission level.

Frappe 15 strips fields a user may not read (cost and margin of price lines, permlevel 1) when a form
is loaded, but not from the documents it sends back after a write or an action: ``savedocs`` and
``run_doc_method`` put the whole document into ``docs``, ``frappe.client.set_value`` / ``save`` /
``insert`` / ``submit``, ``apply_workflow`` and ``/api/resource`` POST / PUT return it. Those fields
were never sent to the client; they come from the database, so they reach even the owner of the record.

One patch at the place every JSON answer is serialised (``frappe.utils.response.as_json``): before the
answer is written, every document in it (a Document, or a dict with a ``doctype``) of a DocType crm_plus
guards loses the fields the user may not read, in its child rows too. ``install()`` runs from hooks
(before_request); other answers are untouched.
"""

import frappe
from frappe.model.document import Document
from frappe.utils import response

from crm_plus.permissions import is_guarded, restricted_fieldnames

_PATCHED = "_crm_plus_response_patch"
ORIGINALS = {"as_json": response.as_json}


def install() -> None:
	if getattr(response, _PATCHED, False):
		return
	original = ORIGINALS["as_json"]

	def as_json():
		if frappe.session and frappe.session.user not in (None, "Administrator"):
			scrub_response(frappe.local.response)
		return original()

	response.as_json = as_json
	setattr(response, _PATCHED, True)


def scrub_response(out: dict) -> None:
	cache: dict[str, set[str]] = {}
	for key in list(out.keys()):
		out[key] = scrub(out[key], cache)


def hidden_fields(doctype, cache: dict[str, set[str]]) -> set[str]:
	if not isinstance(doctype, str):
		return set()
	if doctype not in cache:
		try:
			cache[doctype] = restricted_fieldnames(doctype) if is_guarded(doctype) else set()
		except Exception:
			cache[doctype] = set()
	return cache[doctype]


def scrub(value, cache: dict[str, set[str]], depth: int = 0):
	if depth > 6:
		return value
	if isinstance(value, Document):
		if not hidden_fields(value.doctype, cache):
			return value
		value = value.as_dict(no_nulls=True)
	if isinstance(value, dict):
		for fieldname in hidden_fields(value.get("doctype"), cache):
			value.pop(fieldname, None)
		for key, item in list(value.items()):
			if isinstance(item, dict | list | tuple | Document):
				value[key] = scrub(item, cache, depth + 1)
		return value
	if isinstance(value, list):
		return [scrub(item, cache, depth + 1) for item in value]
	if isinstance(value, tuple):
		return tuple(scrub(item, cache, depth + 1) for item in value)
	return value
