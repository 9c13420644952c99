"""The ERPNext account manager kept in step with the crm_plus sales owner (CP ERPNext Settings: "Keep the
ERPNext Account Manager in Step"): whenever customers change owner - one saved form, an allocation
move of thousands, a bulk link - their linked ERPNext Customers get the same account manager, in one
UPDATE per batch."""

import frappe
from frappe.utils import now_datetime

from crm_plus.compat import rowcount
from crm_plus.doctypes import CUSTOMER
from crm_plus.integrations.erpnext import setting
from crm_plus.utils.jobs import chunks

BATCH = 5_000


def sync_account_managers(customers: list[str]) -> int:
	"""Set the account manager of the ERPNext Customers linked to `customers` to their sales owner (an
	unassigned customer's: none). Returns how many ERPNext Customers changed."""
	if not customers or not setting("sync_account_manager"):
		return 0
	changed = 0
	for chunk in chunks(sorted(set(customers)), BATCH):
		frappe.db.sql(
			f"""update `tabCustomer` `e` join `tab{CUSTOMER}` `c` on `c`.`erpnext_customer` = `e`.`name`
			set `e`.`account_manager` = `c`.`sales_owner`, `e`.`modified` = %(now)s
			where `c`.`name` in %(chunk)s and not (`e`.`account_manager` <=> `c`.`sales_owner`)""",
			{"chunk": chunk, "now": now_datetime()},
		)
		changed += rowcount()
	return changed
