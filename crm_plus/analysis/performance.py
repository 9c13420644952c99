"""Rep performance: per sales rep, over the customers the viewer may see —
customers owned now, customers created in the period, follow-ups the rep recorded in the period,
counted orders (and their amount) in the period of the customers the rep owns, and the open churn
alerts of those customers.

Which reps are listed: a CRM administrator sees every owner, a sales manager the reps of their teams
(and themselves), anyone else only themselves.
"""

import frappe

from crm_plus.analysis import scope
from crm_plus.churn import OPEN_STATUSES
from crm_plus.orders.source import sales_sql
from crm_plus.permissions.customer import is_sales_manager, managed_reps
from crm_plus.permissions.roles import is_crm_admin
from crm_plus.rollup import read as rollup


def reps_in_view(user: str, team: str | None = None) -> list[str] | None:
	"""The reps `user` may assess (None: everyone), narrowed to `team`'s members when given."""
	reps = None
	if not is_crm_admin(user):
		reps = {user} | (set(managed_reps(user)) if is_sales_manager(user) else set())
	if team:
		members = set(
			frappe.get_all(
				"CP Sales Team Member", {"parent": team, "parenttype": "CP Sales Team"}, pluck="user"
			)
		)
		reps = members if reps is None else reps & members
	return None if reps is None else sorted(reps)


def owner_sales(
	from_date, to_date, user: str, reps: list[str] | None, rollup_read: bool = True, parts=None
) -> dict:
	"""{owner: {orders, amount}} of the counted orders dated from_date..to_date of the customers `user`
	sees, owned by `reps` (None: anyone): whole months from the rollup where it is current
	(crm_plus.rollup), the rest live."""
	only, only_values = _owned_by(reps)

	def live(customers: tuple[str, dict], start, end) -> dict:
		condition, values = customers
		return {
			owner: {"orders": orders, "amount": amount}
			for owner, orders, amount in frappe.db.sql(
				f"""select `c`.`sales_owner`, sum(`o`.`is_order`), sum(`o`.`amount`)
				from ({sales_sql()}) `o` join `tabCP Customer` `c` on `c`.`name` = `o`.`customer`
				where `o`.`order_date` between %(from_date)s and %(to_date)s and {condition} and {only}
				group by 1""",
				{**values, **only_values, "from_date": start, "to_date": end},
			)
		}

	parts = parts or (rollup.split(user, owners=reps) if rollup_read else None)
	if parts is None:
		return live((scope(user, "c"), {}), from_date, to_date)
	sales = rollup.by_owner(live, ("orders", "amount"), from_date, to_date, parts)
	return {owner: row for owner, row in sales.items() if owner}  # the pool is no rep


def recorded_follow_ups(
	from_date, to_date, user: str, reps: list[str] | None, rollup_read: bool = True, parts=None
) -> dict[str, int]:
	"""{user: customer follow-ups they recorded from_date..to_date} on the customers `user` sees, of the
	users `reps` (None: anyone)."""
	recorder, values = _owned_by(reps, "`f`.`follow_up_owner`")

	def live(customers: tuple[str, dict], start, end) -> dict:
		condition, condition_values = customers
		return dict(
			frappe.db.sql(
				f"""select `f`.`follow_up_owner`, count(*)
				from `tabCP Follow Up` `f` join `tabCP Customer` `c` on `c`.`name` = `f`.`customer`
				where `f`.`party_type` = 'Customer' and `f`.`follow_up_date` between %(from_date)s and %(to_date)s
					and {condition} and {recorder}
				group by 1""",
				{**condition_values, **values, "from_date": start, "to_date": end},
			)
		)

	parts = parts or (rollup.split(user) if rollup_read else None)  # every customer the user sees
	if parts is None:
		return live((scope(user, "c"), {}), from_date, to_date)
	return rollup.recorded(live, from_date, to_date, parts, reps)


def open_alerts(user: str, reps: list[str] | None, rollup_read: bool = True, parts=None) -> dict[str, int]:
	"""{owner: open churn alerts of their customers} among the customers `user` sees, owned by `reps`."""
	only, only_values = _owned_by(reps)

	def live(customers: tuple[str, dict]) -> dict:
		condition, values = customers
		return dict(
			frappe.db.sql(
				f"""select `c`.`sales_owner`, count(*)
				from `tabCP Churn Alert` `a` join `tabCP Customer` `c` on `c`.`name` = `a`.`customer`
				where `a`.`status` in %(open)s and {condition} and {only}
				group by 1""",
				{**values, **only_values, "open": OPEN_STATUSES},
			)
		)

	parts = parts or (rollup.split(user, owners=reps) if rollup_read else None)
	if parts is None:
		return live((scope(user, "c"), {}))
	return {owner: n for owner, n in rollup.open_alerts(live, parts).items() if owner}


def _owned_by(reps: list[str] | None, column: str = "`c`.`sales_owner`") -> tuple[str, dict]:
	"""`column` is one of `reps` (None: anyone but the pool)."""
	if reps is not None:
		return f"{column} in %(reps)s", {"reps": reps or [""]}
	return f"ifnull({column}, '') != ''", {}


def rep_performance(from_date, to_date, team: str | None = None, user: str | None = None) -> dict[str, dict]:
	"""{rep: {customers, new_customers, follow_ups, orders, amount, churn_alerts}}."""
	user = user or frappe.session.user
	reps = reps_in_view(user, team)
	if reps == []:
		return {}
	only, values = _owned_by(reps)
	values.update(from_date=from_date, to_date=to_date)

	def empty() -> dict:
		return {
			"customers": 0,
			"new_customers": 0,
			"follow_ups": 0,
			"orders": 0,
			"amount": 0.0,
			"churn_alerts": 0,
		}

	result: dict[str, dict] = {rep: empty() for rep in reps or []}

	def entry(owner: str) -> dict:
		return result.setdefault(owner, empty())

	for owner, customers, new in frappe.db.sql(
		f"""select `c`.`sales_owner`, count(*),
			sum(`c`.`creation` >= %(from_date)s and `c`.`creation` < date_add(%(to_date)s, interval 1 day))
		from `tabCP Customer` `c` where {scope(user, "c")} and {only} group by 1""",
		values,
	):
		entry(owner).update(customers=int(customers), new_customers=int(new or 0))
	# one look at the owners: the follow-ups a rep recorded count on every customer the user sees, the
	# orders and alerts on the reps' own customers
	every = rollup.split(user)
	owned = every.only(reps) if every else None
	for owner, row in owner_sales(from_date, to_date, user, reps, parts=owned).items():
		entry(owner).update(orders=int(row.get("orders") or 0), amount=float(row.get("amount") or 0))
	for owner, follow_ups in recorded_follow_ups(from_date, to_date, user, reps, parts=every).items():
		entry(owner)["follow_ups"] = int(follow_ups)
	for owner, alerts in open_alerts(user, reps, parts=owned).items():
		entry(owner)["churn_alerts"] = int(alerts)
	return result
