"""Competitor comparison: deals won and lost against each competitor, and how its products are priced
against ours.

A case study's result against a competitor is the outcome recorded on its competitor row (Won, Lost,
Withdrew, from our side); a row without an outcome takes the case's type (Success: won, Failure: lost).
Case studies are read through the case-study rule (crm_plus.permissions.library): a rep counts the
cases of customers they may see and the library cases tied to no customer.

Our price for a product is its product price valid today (the latest valid_from among those whose
valid_from/valid_to span today), else the product's standard price. A competing product's price index
is its price / our price × 100 (below 100: the competitor is cheaper).
"""

import frappe
from frappe.utils import nowdate

from crm_plus.permissions.library import case_study_query_conditions

SIMILAR_BAND = 5.0  # within ±5 % of our price counts as "similar"


def outcomes(filters=None, user: str | None = None) -> dict[str, dict]:
	"""{competitor: {cases, won, lost, withdrew}} over the case studies `user` may see."""
	filters = filters or {}
	conditions = [case_study_query_conditions(user or frappe.session.user) or "1=1"]
	values = {}
	if filters.get("from_date"):
		conditions.append("`tabCP Case Study`.`closing_date` >= %(from_date)s")
		values["from_date"] = filters["from_date"]
	if filters.get("to_date"):
		conditions.append("`tabCP Case Study`.`closing_date` <= %(to_date)s")
		values["to_date"] = filters["to_date"]
	if filters.get("industry"):
		conditions.append("`tabCP Case Study`.`industry` = %(industry)s")
		values["industry"] = filters["industry"]
	result = "coalesce(nullif(`r`.`outcome`, ''), case `tabCP Case Study`.`case_type` when 'Success' then 'Won' when 'Failure' then 'Lost' end)"
	rows = frappe.db.sql(
		f"""select `r`.`competitor`, count(distinct `tabCP Case Study`.`name`) as `cases`,
			sum({result} = 'Won') as `won`, sum({result} = 'Lost') as `lost`,
			sum({result} = 'Withdrew') as `withdrew`
		from `tabCP Case Study Competitor` `r`
		join `tabCP Case Study` on `tabCP Case Study`.`name` = `r`.`parent`
		where `r`.`parenttype` = 'CP Case Study' and `r`.`parentfield` = 'competitors'
			and ifnull(`r`.`competitor`, '') != '' and {" and ".join(conditions)}
		group by `r`.`competitor`""",
		values,
		as_dict=True,
	)
	return {row.competitor: row for row in rows}


def price_positions(competitor: str | None = None) -> list[dict]:
	"""Each competing product with a price and our product: its price, ours and the index."""
	our_price = """coalesce(
		(select `pp`.`price` from `tabCP Product Price` `pp` where `pp`.`product` = `p`.`name`
			and (`pp`.`valid_from` is null or `pp`.`valid_from` <= %(today)s)
			and (`pp`.`valid_to` is null or `pp`.`valid_to` >= %(today)s)
			order by `pp`.`valid_from` desc limit 1),
		`p`.`standard_price`)"""
	rows = frappe.db.sql(
		f"""select `cp`.`name` as `competing_product`, `cp`.`product_name`, `cp`.`competitor`,
			`cp`.`price`, `cp`.`our_product`, `p`.`product_name` as `our_product_name`,
			{our_price} as `our_price`
		from `tabCP Competing Product` `cp` left join `tabCP Product` `p` on `p`.`name` = `cp`.`our_product`
		where ifnull(`cp`.`competitor`, '') != '' {"and `cp`.`competitor` = %(competitor)s" if competitor else ""}
		order by `cp`.`competitor`, `cp`.`product_name`""",
		{"today": nowdate(), "competitor": competitor},
		as_dict=True,
	)
	for row in rows:
		row.index = round(row.price / row.our_price * 100, 1) if row.price and row.our_price else None
		row.position = position(row.index)
	return rows


def position(index: float | None) -> str | None:
	if index is None:
		return None
	if index < 100 - SIMILAR_BAND:
		return "Cheaper"
	if index > 100 + SIMILAR_BAND:
		return "Pricier"
	return "Similar"
