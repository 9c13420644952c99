"""Field validators that raise clear, translated errors (the rules live in crm_plus.utils.normalize)."""

import frappe
from frappe import _

from crm_plus.exceptions import InvalidDateRangeError, InvalidEmailError, InvalidPhoneError, InvalidTaxIdError
from crm_plus.utils.normalize import normalize_email, normalize_phone, normalize_tax_id


def validate_phone(value: str | None, label: str) -> None:
	if value and not normalize_phone(value):
		frappe.throw(
			_(
				"{0}: {1} is not a valid phone number. Use a mobile number (13800138000), a landline with"
				" its area code (010-62345678, 0755-88886666 转 123) or +country code and number."
			).format(_(label), frappe.bold(value)),
			InvalidPhoneError,
			title=_("Invalid Phone Number"),
		)


def validate_email(value: str | None, label: str) -> None:
	if value and not normalize_email(value):
		frappe.throw(
			_("{0}: {1} is not a valid email address.").format(_(label), frappe.bold(value)),
			InvalidEmailError,
			title=_("Invalid Email Address"),
		)


def validate_tax_id(value: str | None, label: str) -> str | None:
	"""Returns the normalised code."""
	if not value:
		return None
	code = normalize_tax_id(value)
	if not code:
		frappe.throw(
			_(
				"{0}: {1} is not a valid unified social credit code (18 characters with a valid check character)."
			).format(_(label), frappe.bold(value)),
			InvalidTaxIdError,
			title=_("Invalid Unified Social Credit Code"),
		)
	return code


def validate_date_range(start, end, start_label: str, end_label: str) -> None:
	"""Refuse an end date before its start date."""
	from frappe.utils import formatdate, getdate

	if start and end and getdate(end) < getdate(start):
		frappe.throw(
			_("{0} {1} is before {2} {3}.").format(
				_(end_label), formatdate(end), _(start_label), formatdate(start)
			),
			InvalidDateRangeError,
			title=_("Invalid Dates"),
		)


def validate_not_negative(value, label: str) -> None:
	if (value or 0) < 0:
		frappe.throw(_("{0} cannot be negative.").format(_(label)), frappe.ValidationError)


def refuse_taken_tax_id(doc, title_field: str, message: str, exc: type[Exception], title: str) -> None:
	"""Normalise `doc.tax_id` (refusing a malformed one) and refuse it when another record of the same
	DocType holds it. `message` is translated, with {0} the code, {1} the other record's title
	(`title_field`) and {2} its name."""
	doc.tax_id = validate_tax_id(doc.tax_id, "Unified Social Credit Code")
	if not doc.tax_id:
		return
	existing = frappe.db.get_value(
		doc.doctype, {"tax_id": doc.tax_id, "name": ("!=", doc.name)}, ["name", title_field], as_dict=True
	)
	if existing:
		frappe.throw(
			message.format(frappe.bold(doc.tax_id), frappe.bold(existing[title_field]), existing.name),
			exc,
			title=title,
		)
