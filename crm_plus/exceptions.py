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


class FutureDateError(frappe.ValidationError):
	"""A date that records something done (a follow-up, a delivery, an evaluation) lies in the future."""


class FollowUpDateError(frappe.ValidationError):
	"""A follow-up dated after its own next follow-up date."""


class PartyMismatchError(frappe.ValidationError):
	"""A record names the wrong party: both or neither of customer / supplier, or a contact of another party."""


class InvalidOrderLineError(frappe.ValidationError):
	"""An order line with a negative (or zero) quantity or a negative unit price, or an order without lines."""


class OrderLockedError(frappe.ValidationError):
	"""The lines, customer or date of an order changed after it left the Created state."""


class SelfApprovalError(frappe.PermissionError):
	"""The creator of an order may not approve it."""


class InvalidQualityScoreError(frappe.ValidationError):
	"""A supplier quality score outside 1–5."""


class DuplicateSupplierError(frappe.ValidationError):
	"""A supplier with the same normalised name or tax id already exists."""


class PartnerLinkError(frappe.ValidationError):
	"""A customer can be the partner of one supplier only."""


class ComplaintResolutionError(frappe.ValidationError):
	"""A complaint resolved without a resolution note, or resolved before it was raised."""


class ERPNextNotInstalledError(frappe.ValidationError):
	"""An ERPNext action on a site without ERPNext."""


class GradeOverrideError(frappe.ValidationError):
	"""A manual grade override without a reason or with an unknown grade, or removing one that is not there."""


class GradingSettingsError(frappe.ValidationError):
	"""Grading or churn settings that cannot work: a negative weight, no weight at all, a target of zero,
	a tier's minimum score outside 0–100."""


class ChurnAlertError(frappe.ValidationError):
	"""An action on a churn alert that its status does not allow (acknowledging a closed alert)."""


class AllocationNotAllowed(frappe.PermissionError):
	"""The user may not move these customers, or not to that owner (README, "Allocation and the unassigned pool")."""


class HoldingLimitExceeded(frappe.ValidationError):
	"""A move would give a sales rep more customers than the pool settings' holding limit."""


class InvalidSelectionError(frappe.ValidationError):
	"""A move names customers that do not exist, or a rule without any filter."""


class ConcurrentMoveError(frappe.ValidationError):
	"""A locked compare-and-set update changed fewer rows than it locked (must never happen)."""


class PriceFileLockedError(frappe.ValidationError):
	"""An approved, expired or superseded price file is kept as it is: never changed, cancelled or deleted."""


class PriceFileRevisionError(frappe.ValidationError):
	"""A revision or restore that cannot be made (e.g. the file already has an open draft)."""


class PriceLineError(frappe.ValidationError):
	"""Price lines that break a rule (unknown product, negative price, duplicate line ...)."""


class PriceFileImportError(frappe.ValidationError):
	"""A workbook that cannot be imported as it is (too large, not an .xlsx file, no header row)."""


class ImportNotPermitted(frappe.PermissionError):
	pass


class ImportRefused(frappe.ValidationError):
	"""The file cannot be imported as it stands (errors not skipped, close matches not decided ...)."""


class JobBusyError(frappe.ValidationError):
	"""Another job holds the database lock of the same work (crm_plus.utils.jobs.db_lock)."""
