"""Contracts (合同; README, "Follow-ups, orders, contracts, complaints, suppliers"): a daily job marks active contracts past their end date as expired."""

import frappe
from frappe.utils import getdate, nowdate


def mark_expired_contracts(today=None) -> None:
	"""Scheduler (daily): Active contracts whose end date has passed become Expired (one UPDATE)."""
	today = getdate(today or nowdate())
	contract = frappe.qb.DocType("CP Contract")
	(
		frappe.qb.update(contract)
		.set(contract.status, "Expired")
		.where((contract.status == "Active") & (contract.end_date < today))
		.run()
	)
