"""Sales library endpoints: a contract's terms rendered from a contract template."""

import frappe

from crm_plus.library import contract_terms


@frappe.whitelist()
def render_contract(contract: str, template: str | None = None) -> str:
	"""The terms of `contract` rendered from `template` (default: the contract's own template), as
	HTML; the contract form puts them into its Terms, the template form previews them."""
	frappe.has_permission(contract_terms.CONTRACT, "read", doc=contract, throw=True)
	doc = frappe.get_doc(contract_terms.CONTRACT, contract)
	template = template or doc.contract_template
	if template:
		frappe.has_permission(contract_terms.TEMPLATE, "read", doc=template, throw=True)
	return contract_terms.render_contract(doc, template)
