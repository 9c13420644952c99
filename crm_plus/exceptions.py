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


class AllocationNotAllowed(frappe.PermissionError):
	"""The user may not move these customers, or not to that owner (SPEC §3 rights)."""


class HoldingLimitExceeded(frappe.ValidationError):
	"""A move would give a sales rep more customers than the pool settings' holding limit."""


class InvalidSelectionError(frappe.ValidationError):
	"""A move names customers that do not exist, or a rule without any filter."""


class ConcurrentMoveError(frappe.ValidationError):
	"""A locked compare-and-set update changed fewer rows than it locked (must never happen)."""
