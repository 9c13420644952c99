"""Who may re-grade customers, override grades, and run the churn scan by hand.

- Re-grade one customer on demand: anyone who may change the customer (write on CP Customer).
- Override a grade or remove an override: the customer's sales manager (the manager of the team its
  owner belongs to; any sales manager for the unassigned pool) and CRM administrators. The owner
  alone may not pin their own customer's grade.
- Re-grade all customers, scan all customers for churn: CRM administrators.

Grade history and churn alerts follow their customer's visibility (crm_plus.permissions.customer,
CUSTOMER_CHILDREN).
"""

import frappe

from crm_plus.permissions.customer import can_see_customer, is_sales_manager, may_manage_owner
from crm_plus.permissions.roles import is_crm_admin


def may_regrade(customer: str, user: str | None = None) -> bool:
	return can_see_customer(customer, user or frappe.session.user, "write")


def may_override_grade(customer: str, user: str | None = None) -> bool:
	user = user or frappe.session.user
	if is_crm_admin(user):
		return True
	if not is_sales_manager(user) or not can_see_customer(customer, user, "write"):
		return False
	return may_manage_owner(frappe.db.get_value("CP Customer", customer, "sales_owner"), user)


def may_run_for_all(user: str | None = None) -> bool:
	return is_crm_admin(user or frappe.session.user)
