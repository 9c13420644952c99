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
