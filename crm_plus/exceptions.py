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


class NotExportableError(frappe.ValidationError):
	"""Word / Excel export asked for a DocType it does not serve (not crm_plus's, a child table)."""


class UnknownFieldError(frappe.ValidationError):
	"""An export named a field, filter or sort order the DocType does not have."""


class ExportTooLargeError(frappe.ValidationError):
	"""A direct download asked for more records than one request exports; those run in the background."""


class ContractTemplateError(frappe.ValidationError):
	"""A contract template that cannot be rendered (syntax error, unknown placeholder)."""
