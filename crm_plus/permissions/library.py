"""The sales library (销售资料): who sees which case study.

Products, prices, solutions, contract templates and competitors are readable by every crm_plus role
and edited by sales managers, library editors and administrators: plain role permissions in their
DocType JSON, no rule here.

Case studies (案例) are the exception, because a case study of a customer tells its story (needs,
deal amount, evaluation). The rule:

- a case study without a customer is library content: every crm_plus role may read it;
- a case study of a customer is visible exactly when the customer is (README, "Visibility": the
  owner, users it is shared with, the owner's sales manager), and a case study cannot be moved to,
  or created for, a customer the user cannot see;
- library editors, CRM administrators and System Managers see every case study: editors curate the
  library (they hold no customer rights at all, so they could otherwise not see, let alone edit,
  the cases they look after).

``case_study_query_conditions`` and ``case_study_has_permission`` are wired as a pair in hooks.py.
"""

import frappe

from crm_plus.compat import NO_OBJECTION
from crm_plus.permissions.customer import can_see_customer, visible_customers_subquery
from crm_plus.permissions.roles import LIBRARY_EDITOR, is_crm_admin
from crm_plus.utils import conditions as sql

CASE_STUDY = "CP Case Study"


def sees_all_case_studies(user: str) -> bool:
	return is_crm_admin(user) or LIBRARY_EDITOR in frappe.get_roles(user)


def case_study_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if sees_all_case_studies(user):
		return ""
	visible = visible_customers_subquery(user)
	if visible is None:
		return ""
	customer = sql.column(sql.table(CASE_STUDY), "customer")
	return sql.any_of(sql.blank(customer), sql.in_query(customer, visible))


def case_study_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	"""Judged by the customer the case is stored under and, when it is being changed, by the customer
	it is given: both must be visible to the user (or empty)."""
	user = user or frappe.session.user
	if sees_all_case_studies(user):
		return NO_OBJECTION  # role permissions decide
	customers = {doc.get("customer")}
	if not doc.is_new():
		customers.add(frappe.db.get_value(CASE_STUDY, doc.name, "customer"))
	customers.discard(None)
	customers.discard("")
	if all(can_see_customer(c, user) for c in customers):
		return NO_OBJECTION
	return False
