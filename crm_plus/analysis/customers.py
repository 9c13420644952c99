"""Which customers an analysis reads: those the user may see, narrowed by the reports' common filters."""

import frappe

from crm_plus.permissions.customer import customer_condition


def scope(user: str | None = None, alias: str = "c") -> str:
	"""SQL condition on the customer table `alias`: the customers `user` may see ("1=1" for all)."""
	return customer_condition(user or frappe.session.user, table=f"`{alias}`") or "1=1"


def visible(filters, user: str | None = None, alias: str = "c") -> tuple[str, dict]:
	"""(condition, values): the customers `user` may see matching the common report filters."""
	condition, values = customer_filter_sql(filters or {}, alias)
	return f"{scope(user, alias)} and {condition}", values


def customer_filter_sql(filters, alias: str = "c") -> tuple[str, dict]:
	"""Conditions on the customer `alias` for the common report filters (sales_owner, team, grade,
	region, industry), with their values; always combined with ``scope``."""
	conditions, values = [], {}
	if filters.get("sales_owner"):
		conditions.append(f"`{alias}`.`sales_owner` = %(sales_owner)s")
		values["sales_owner"] = filters.get("sales_owner")
	if filters.get("team"):
		conditions.append(
			f"`{alias}`.`sales_owner` in (select `user` from `tabCP Sales Team Member`"
			" where `parenttype` = 'CP Sales Team' and `parent` = %(team)s)"
		)
		values["team"] = filters.get("team")
	for field in ("grade", "region", "industry"):
		if filters.get(field):
			conditions.append(f"`{alias}`.`{field}` = %({field})s")
			values[field] = filters.get(field)
	return " and ".join(conditions) or "1=1", values
