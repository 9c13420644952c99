"""Reading the reports' figures: the rollup for the owners whose rows are current, the live query for
everything else (crm_plus.rollup explains when each applies). The results are exactly the live query's.

A report's dates are cut into whole periods and at most two cut ones (crm_plus.analysis.periods). A
whole period is read from the rollup for every current owner; a cut one for the current owners whose
rows of that period count only records dated inside the report's dates (each row keeps the first and
last day it counts — a month cut at today holds nothing later unless something is dated ahead). The
other owners, and the customers shared with the user from outside their view, are read live over the
same dates."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import frappe

from crm_plus.analysis.customers import customer_filter_sql
from crm_plus.analysis.periods import MONTH, period_of, periods_between, split_range
from crm_plus.doctypes import SALES_TEAM_MEMBER
from crm_plus.permissions.customer import POOL, owner_condition, owners_in_view, shared_customers
from crm_plus.rollup import GRADES, OWNERS, RECORDERS, TABLE, schema
from crm_plus.rollup.build import is_current, owner_state, owner_stats
from crm_plus.utils import conditions as sql

# report filters on a customer's own attributes: figures kept per owner cannot answer them
CUSTOMER_FILTERS = ("grade", "region", "industry")

# (condition on the customer alias `c`, its query values)
Condition = tuple[str, dict]
Live = Callable[[Condition, object, object], dict]


@dataclass
class Split:
	"""Which customers of a user's report come from the rollup and which are computed live."""

	current: list[str]  # owners whose rows are current: all their customers are in the report
	stale: list[str]  # the report's other owners
	shared: str  # customers shared with the user from owners outside their view ("": none)
	condition: Condition  # the report's filters

	def live_for(self, owners: list[str] = ()) -> Condition | None:
		"""The report's customers read live: the owners not current, `owners`, the shared ones."""
		owners = [*self.stale, *owners]
		others = sql.any_of(owner_condition("`c`.`sales_owner`", owners) if owners else "", self.shared)
		if others == sql.NOTHING:
			return None
		return sql.all_of(self.condition[0], others), self.condition[1]

	@property
	def live(self) -> Condition | None:
		return self.live_for()

	def only(self, owners: list[str] | None) -> "Split":
		"""The same report narrowed to the customers of `owners` (None: all of them) and the shared ones,
		as ``split(..., owners=owners)`` gives it (each owner is judged on its own)."""
		if owners is None:
			return self
		keep = set(owners)
		return Split(
			current=[o for o in self.current if o in keep],
			stale=[o for o in self.stale if o in keep],
			shared=self.shared,
			condition=self.condition,
		)


@dataclass
class Piece:
	"""Dates of a report read one way: `labels` from the rollup rows of `owners`, plus `live` start..end."""

	labels: list[str]
	owners: list[str]
	live: Condition | None
	start: object
	end: object


def split(user: str, filters: dict | None = None, owners: list[str] | None = None) -> Split | None:
	"""How the report of `user` with `filters` (narrowed to `owners` when given) is read; None when the
	rollup cannot answer it (a filter on the customers' own attributes, or no rollup on this site)."""
	filters = filters or {}
	if any(filters.get(field) for field in CUSTOMER_FILTERS):
		return None
	condition = customer_filter_sql(filters, "c")
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
	shared = ""
	if in_view is not None:
		shared_names = shared_customers(user, "`c`.`name`")
		if shared_names:
			# customers shared with the user whose owner is outside the user's view (the others are
			# among the owners' customers already)
			shared = sql.all_of(shared_names, sql.not_in("ifnull(`c`.`sales_owner`, '')", in_view))
	return Split(
		current=current,
		stale=sorted(o for o in stats if o not in current),
		shared=shared,
		condition=condition,
	)


def _team_members(team: str) -> list[str]:
	return frappe.get_all(
		SALES_TEAM_MEMBER, filters={"parent": team, "parenttype": "CP Sales Team"}, pluck="user"
	)


def pieces(
	table: str, period: str, from_date, to_date, parts: Split, period_type: str | None = None
) -> list[Piece]:
	"""from_date..to_date cut into whole periods and cut ones, each with the owners read from `table`
	(its rows of `period_type`, where the table has several)."""
	whole, edges = split_range(from_date, to_date, period)
	result = []
	if whole:
		result.append(Piece(periods_between(*whole, period), parts.current, parts.live, *whole))
	of_type = "and `period_type` = %(period_type)s" if period_type else ""
	for start, end in edges:
		label = period_of(start, period)
		outside = set()
		if parts.current:
			outside = set(
				frappe.db.sql(
					f"""select `owner_key` from `{table}` where `period` = %(period)s {of_type}
					and `owner_key` in %(owners)s and (`first_day` < %(start)s or `last_day` > %(end)s)""",
					{
						"period": label,
						"period_type": period_type,
						"owners": parts.current,
						"start": start,
						"end": end,
					},
					pluck=True,
				)
			)
		inside = [o for o in parts.current if o not in outside]
		result.append(Piece([label], inside, parts.live_for(sorted(outside)), start, end))
	return result


def by_period(
	live: Live,
	measures: tuple[str, ...],
	period: str,
	from_date,
	to_date,
	parts: Split,
	key: str = "period",
) -> dict[str, dict]:
	"""{period label: {measure: value}} from_date..to_date (`key` "owner_key": per owner instead).
	`live(condition, from, to)` gives the same of the customers matching the condition."""
	if key not in ("period", "owner_key"):
		raise ValueError(f"no rollup key {key}")
	result: dict[str, dict] = {}
	for piece in pieces(TABLE, period, from_date, to_date, parts, period_type=period):
		if piece.owners:
			for row in frappe.db.sql(
				f"""select `{key}`, {", ".join(f"sum(`{m}`) as `{m}`" for m in measures)}
				from `{TABLE}` where `period_type` = %(period_type)s and `period` in %(periods)s
					and `owner_key` in %(owners)s
				group by `{key}`""",
				{"period_type": period, "periods": piece.labels, "owners": piece.owners},
				as_dict=True,
			):
				_add(result, row.pop(key), row)
		if piece.live:
			for label, row in live(piece.live, piece.start, piece.end).items():
				_add(result, label, row)
	return result


def by_owner(live: Live, measures: tuple[str, ...], from_date, to_date, parts: Split) -> dict[str, dict]:
	"""{owner key: {measure: value}} from_date..to_date, added up over months the same way."""
	return by_period(live, measures, MONTH, from_date, to_date, parts, key="owner_key")


def grade_changes(live: Live, from_date, to_date, parts: Split) -> dict[tuple[str, str], int]:
	"""{(from grade, to grade): changes} from_date..to_date ("" for no grade), by months the same way."""
	result: dict[tuple[str, str], int] = {}

	def add(changes: dict) -> None:
		for key, n in changes.items():
			result[key] = result.get(key, 0) + int(n)

	for piece in pieces(GRADES, MONTH, from_date, to_date, parts):
		if piece.owners:
			add(
				{
					(old, new): n
					for old, new, n in frappe.db.sql(
						f"""select `from_grade`, `to_grade`, sum(`changes`) from `{GRADES}`
						where `period` in %(periods)s and `owner_key` in %(owners)s group by 1, 2""",
						{"periods": piece.labels, "owners": piece.owners},
					)
				}
			)
		if piece.live:
			add(live(piece.live, piece.start, piece.end))
	return result


def recorded(live: Live, from_date, to_date, parts: Split, recorders: list[str] | None) -> dict[str, int]:
	"""{user: follow-ups they recorded} from_date..to_date on the report's customers, of `recorders`
	(None: anyone), by months the same way."""
	result: dict[str, int] = {}
	only = "and `recorder` in %(recorders)s" if recorders is not None else ""
	for piece in pieces(RECORDERS, MONTH, from_date, to_date, parts):
		rows = []
		if piece.owners:
			rows += frappe.db.sql(
				f"""select `recorder`, sum(`follow_ups`) from `{RECORDERS}`
				where `period` in %(periods)s and `owner_key` in %(owners)s {only} group by 1""",
				{"periods": piece.labels, "owners": piece.owners, "recorders": recorders or [""]},
			)
		if piece.live:
			rows += live(piece.live, piece.start, piece.end).items()
		for user, n in rows:
			result[user] = result.get(user, 0) + int(n)
	return result


def open_alerts(live: Callable[[Condition], dict], parts: Split) -> dict[str, int]:
	"""{owner key: open churn alerts} of the report's customers: the current owners' as built, the rest
	from `live(condition)`."""
	result: dict[str, int] = {}
	rows = []
	if parts.current:
		rows += frappe.db.sql(
			f"select `owner_key`, `open_alerts` from `{OWNERS}` where `owner_key` in %(owners)s",
			{"owners": parts.current},
		)
	if parts.live:
		rows += live(parts.live).items()
	for owner, n in rows:
		if n:
			result[owner or POOL] = result.get(owner or POOL, 0) + int(n)
	return result


def _add(result: dict, key: str, row: dict) -> None:
	entry = result.setdefault(key or POOL, frappe._dict())
	for measure, value in row.items():
		value = float(value) if isinstance(value, Decimal) else value or 0
		entry[measure] = (entry.get(measure) or 0) + value
