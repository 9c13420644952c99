"""Reading sales figures per period or per owner: the rollup for the owners whose rows are current, the
live query for everything else (crm_plus.rollup explains when each applies). The results are exactly
the live query's."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import frappe

from crm_plus.analysis.customers import customer_filter_sql, scope
from crm_plus.analysis.periods import periods_between, split_range
from crm_plus.doctypes import SALES_TEAM_MEMBER
from crm_plus.permissions.customer import POOL, owner_condition, owners_in_view, shared_customers
from crm_plus.rollup import GRADES, TABLE, schema
from crm_plus.rollup.build import is_current, owner_state, owner_stats
from crm_plus.utils import conditions as sql

# report filters on a customer's own attributes: figures kept per owner cannot answer them
CUSTOMER_FILTERS = ("grade", "region", "industry")

# (condition on the customer alias `c`, its query values)
Condition = tuple[str, dict]


@dataclass
class Split:
	"""Which customers of a user's report come from the rollup and which are computed live."""

	current: list[str]  # owners read from the rollup: all their customers are in the report
	live: Condition | None  # the other customers of the report, for the whole periods (None: none)
	visible: Condition  # every customer of the report (for the periods the dates cut)


def split(user: str, filters: dict | None = None, owners: list[str] | None = None) -> Split | None:
	"""How the report of `user` with `filters` (narrowed to `owners` when given) is read; None when the
	rollup cannot answer it (a filter on the customers' own attributes, or no rollup on this site)."""
	filters = filters or {}
	if any(filters.get(field) for field in CUSTOMER_FILTERS):
		return None
	condition, values = customer_filter_sql(filters, "c")
	visible = (sql.all_of(scope(user, "c"), condition), values)
	in_view = owners_in_view(user)
	report_owners = in_view
	for narrowed in (
		[filters["sales_owner"]] if filters.get("sales_owner") else None,
		_team_members(filters["team"]) if filters.get("team") else None,
		owners,
	):
		if narrowed is not None:
			report_owners = [
				o for o in (narrowed if report_owners is None else report_owners) if o in narrowed
			]
	try:
		state = owner_state(report_owners)
	except Exception as e:
		if schema.missing(e):
			return None
		raise
	stats = owner_stats(report_owners)
	current = sorted(o for o in stats if is_current(state.get(o), stats[o]))
	stale = sorted(o for o in stats if o not in current)
	shared = ""
	if in_view is not None:
		shared_names = shared_customers(user, "`c`.`name`")
		if shared_names:
			# customers shared with the user whose owner is outside the user's view (the others are
			# among the owners' customers already)
			shared = sql.all_of(shared_names, sql.not_in("ifnull(`c`.`sales_owner`, '')", in_view))
	others = sql.any_of(owner_condition("`c`.`sales_owner`", stale) if stale else "", shared)
	live = None if others == sql.NOTHING else (sql.all_of(condition, others), values)
	return Split(current=current, live=live, visible=visible)


def _team_members(team: str) -> list[str]:
	return frappe.get_all(
		SALES_TEAM_MEMBER, filters={"parent": team, "parenttype": "CP Sales Team"}, pluck="user"
	)


def by_period(
	live: Callable[[Condition, object, object], dict],
	measures: tuple[str, ...],
	period: str,
	from_date,
	to_date,
	parts: Split,
) -> dict[str, dict]:
	"""{period label: {measure: value}} from_date..to_date: whole periods from the rollup (current
	owners) and `live` (the others); the periods the dates cut from `live` over every customer.
	`live(condition, from, to)` gives {label: {measure: value}}."""
	result: dict[str, dict] = {}
	whole, edges = split_range(from_date, to_date, period)
	if whole:
		if parts.current:
			for row in frappe.db.sql(
				f"""select `period`, {", ".join(f"sum(`{m}`) as `{m}`" for m in measures)}
				from `{TABLE}` where `period_type` = %(period_type)s and `period` in %(periods)s
					and `owner_key` in %(owners)s
				group by `period`""",
				{
					"period_type": period,
					"periods": periods_between(*whole, period),
					"owners": parts.current,
				},
				as_dict=True,
			):
				_add(result, row.pop("period"), row)
		if parts.live:
			for label, row in live(parts.live, *whole).items():
				_add(result, label, row)
	for start, end in edges:
		for label, row in live(parts.visible, start, end).items():
			_add(result, label, row)
	return result


def by_owner(
	live: Callable[[Condition, object, object], dict],
	measures: tuple[str, ...],
	from_date,
	to_date,
	parts: Split,
) -> dict[str, dict]:
	"""{owner key: {measure: value}} from_date..to_date, added up over months the same way."""
	from crm_plus.analysis.periods import MONTH

	result: dict[str, dict] = {}
	whole, edges = split_range(from_date, to_date, MONTH)
	if whole:
		if parts.current:
			for row in frappe.db.sql(
				f"""select `owner_key`, {", ".join(f"sum(`{m}`) as `{m}`" for m in measures)}
				from `{TABLE}` where `period_type` = %(month)s and `period` in %(periods)s
					and `owner_key` in %(owners)s
				group by `owner_key`""",
				{"month": MONTH, "periods": periods_between(*whole, MONTH), "owners": parts.current},
				as_dict=True,
			):
				_add(result, row.pop("owner_key"), row)
		if parts.live:
			for owner, row in live(parts.live, *whole).items():
				_add(result, owner, row)
	for start, end in edges:
		for owner, row in live(parts.visible, start, end).items():
			_add(result, owner, row)
	return result


def grade_changes(
	live: Callable[[Condition, object, object], dict], from_date, to_date, parts: Split
) -> dict[tuple[str, str], int]:
	"""{(from grade, to grade): changes} from_date..to_date ("" for no grade): whole months from the
	rollup (current owners) and `live` (the others); the months the dates cut from `live`."""
	from crm_plus.analysis.periods import MONTH

	result: dict[tuple[str, str], int] = {}

	def add(changes: dict) -> None:
		for key, n in changes.items():
			result[key] = result.get(key, 0) + int(n)

	whole, edges = split_range(from_date, to_date, MONTH)
	if whole:
		if parts.current:
			add(
				{
					(old, new): n
					for old, new, n in frappe.db.sql(
						f"""select `from_grade`, `to_grade`, sum(`changes`) from `{GRADES}`
						where `period` in %(periods)s and `owner_key` in %(owners)s group by 1, 2""",
						{"periods": periods_between(*whole, MONTH), "owners": parts.current},
					)
				}
			)
		if parts.live:
			add(live(parts.live, *whole))
	for start, end in edges:
		add(live(parts.visible, start, end))
	return result


def _add(result: dict, key: str, row: dict) -> None:
	entry = result.setdefault(key or POOL, frappe._dict())
	for measure, value in row.items():
		value = float(value) if isinstance(value, Decimal) else value or 0
		entry[measure] = (entry.get(measure) or 0) + value
