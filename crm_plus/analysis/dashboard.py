"""The CRM Plus workspace's number card "Follow-ups Due": the customer follow-ups whose next follow-up
date has come (today or earlier) and that no later follow-up of the same customer has superseded (the
rule of crm_plus.follow_ups' reminders), counted over the customers the user may see."""

import frappe
from frappe.utils import nowdate

from crm_plus.analysis import scope


def count_follow_ups_due(user: str | None = None, today=None) -> int:
	return frappe.db.sql(
		f"""select count(*) from `tabCP Follow Up` `f` join `tabCP Customer` `c` on `c`.`name` = `f`.`customer`
		where `f`.`party_type` = 'Customer' and `f`.`next_follow_up_date` <= %(today)s
			and {scope(user, "c")}
			and not exists (select 1 from `tabCP Follow Up` `later`
				where `later`.`party_type` = 'Customer' and `later`.`customer` = `f`.`customer`
				and (`later`.`follow_up_date` > `f`.`follow_up_date`
					or (`later`.`follow_up_date` = `f`.`follow_up_date` and `later`.`creation` > `f`.`creation`)))""",
		{"today": today or nowdate()},
	)[0][0]


@frappe.whitelist()
@frappe.read_only()  # from the read replica when the site has one
def follow_ups_due(filters: dict | str | None = None) -> dict:
	"""Number card method (type Custom): the count, and where a click on the card leads."""
	frappe.has_permission("CP Follow Up", "read", throw=True)
	return {
		"value": count_follow_ups_due(),
		"fieldtype": "Int",
		"route": ["List", "CP Follow Up"],
		"route_options": {"next_follow_up_date": ["<=", nowdate()]},
	}
