"""Errors crm_plus raises, so callers and tests can tell them apart."""

import frappe


class DuplicateCustomerError(frappe.ValidationError):
	"""A customer with the same normalised name or tax id already exists."""


class InvalidPhoneError(frappe.ValidationError):
	pass


class InvalidEmailError(frappe.ValidationError):
	pass


class InvalidTaxIdError(frappe.ValidationError):
	pass


class TeamMembershipError(frappe.ValidationError):
	"""A sales rep can belong to one team only."""


class OwnershipChangeNotAllowed(frappe.PermissionError):
	"""Only the owner, their manager and CRM administrators may change a customer's owner or sharing."""


class InvalidDateRangeError(frappe.ValidationError):
	"""An end date before its start date."""


class PriceFileLockedError(frappe.ValidationError):
	"""An approved, expired or superseded price file is kept as it is: never changed, cancelled or deleted."""


class PriceFileRevisionError(frappe.ValidationError):
	"""A revision or restore that cannot be made (e.g. the file already has an open draft)."""


class PriceLineError(frappe.ValidationError):
	"""Price lines that break a rule (unknown product, negative price, duplicate line ...)."""


class PriceFileImportError(frappe.ValidationError):
	"""A workbook that cannot be imported as it is (too large, not an .xlsx file, no header row)."""
