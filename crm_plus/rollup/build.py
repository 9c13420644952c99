"""Rebuilding the rollup rows of owners, set-based: per batch of owners one query per figure over their
customers' orders and follow-ups (months; quarters and years add the months up, except the distinct
customers, which have a query each), then the rows replaced.

Consistency: a batch reads the owners' versions, their customers and their figures in one transaction
snapshot and records the version the rows were built at; a write committed meanwhile raised the version
past it, so the owner stays not current (and live) until the next rebuild. The rebuild holds a database
lock, so two workers on two hosts never rebuild at once.
"""

import time
from collections import defaultdict

import frappe
from frappe.utils import now_datetime

from crm_plus.analysis.periods import MONTH, QUARTER, YEAR, period_key, period_of
from crm_plus.doctypes import CHURN_ALERT, CUSTOMER, FOLLOW_UP, GRADE_HISTORY
from crm_plus.exceptions import JobBusyError
from crm_plus.orders.source import sales_sql
from crm_plus.permissions.customer import POOL, owner_condition
from crm_plus.rollup import GRADES, OWNERS, PROFILE, RECORDERS, TABLE, schema
from crm_plus.utils.jobs import after_others, batched, commit_batch

LOCK = "crm_plus_sales_rollup"
BATCH = 50  # owners per transaction


def owner_stats(owners: list[str] | None = None) -> dict[str, tuple[int, int]]:
	"""{owner key: (customers, checksum of their names)} of the owners having customers, among `owners`
	(None: every owner). One pass over the owner index."""
	where = f"where {owner_condition('`sales_owner`', owners)}" if owners is not None else ""
	stats: dict[str, list[int]] = {}
	for owner, customers, checksum in frappe.db.sql(
		f"""select `sales_owner`, count(*), bit_xor(crc32(`name`)) from `tab{CUSTOMER}` {where}
		group by `sales_owner`"""
	):
		entry = stats.setdefault(owner or POOL, [0, 0])  # null and "" are both the pool
		entry[0] += int(customers)
		entry[1] ^= int(checksum)
	return {owner: (n, checksum) for owner, (n, checksum) in stats.items()}


def owner_state(owners: list[str] | None = None) -> dict[str, tuple[int, int, int, int]]:
	"""{owner key: (version, built_version, customers, checksum)} as recorded."""
	where = "where `owner_key` in %(owners)s" if owners is not None else ""
	if owners == []:
		return {}
	return {
		row[0]: tuple(int(v) for v in row[1:])
		for row in frappe.db.sql(
			f"""select `owner_key`, `version`, `built_version`, `customers`, `fingerprint`
			from `{OWNERS}` {where}""",
			{"owners": owners},
		)
	}


def is_current(state: tuple | None, stats: tuple[int, int]) -> bool:
	return bool(state) and state[0] == state[1] and (state[2], state[3]) == tuple(stats)


def refresh(owners: list[str] | None = None, stale_only: bool = False) -> int:
	"""Rebuild the rows of `owners` (None: every owner; `stale_only`: those not current). Returns how many
	owners were rebuilt."""
	return after_others(LOCK, wait=600, work=_refresh, owners=owners, stale_only=stale_only)


# a scheduled rebuild starts no batch after this long (the default queue's jobs are stopped at
# 300 s); what is left not current is the next run's
STALE_BUDGET = 200


def refresh_stale() -> int:
	"""Scheduler (every five minutes): the owners not current. Skipped while another rebuild runs."""
	try:
		return after_others(LOCK, wait=5, work=_refresh, owners=None, stale_only=True, budget=STALE_BUDGET)
	except JobBusyError:
		return 0


def refresh_all() -> int:
	"""Scheduler (daily): every owner, whatever its marks say."""
	return refresh()


def _refresh(owners: list[str] | None, stale_only: bool, budget: float | None = None) -> int:
	try:
		state = owner_state(owners)
	except Exception as e:
		if schema.missing(e):
			return 0
		raise
	stats = owner_stats(owners)
	targets = sorted(set(stats) | set(state)) if owners is None else sorted(set(owners))
	if stale_only:
		targets = [o for o in targets if not is_current(state.get(o), stats.get(o, (0, 0)))]
	started, done = time.monotonic(), 0
	for batch in batched(targets, BATCH):
		_rebuild(batch)
		commit_batch()
		done += len(batch)
		if budget is not None and time.monotonic() - started >= budget:
			break  # at least one batch a run, so that every run gets further
	return done


def _rebuild(owners: list[str]) -> None:
	"""Replace the rows of `owners` with their figures now (one snapshot: read first, then written)."""
	versions = {k: v for k, (v, *_rest) in owner_state(owners).items()}
	stats = owner_stats(owners)
	for table, columns, rows in (
		(TABLE, SALES_COLUMNS, figures(owners)),
		(PROFILE, PROFILE_COLUMNS, profile_figures(owners)),
		(GRADES, GRADE_COLUMNS, grade_figures(owners)),
		(RECORDERS, RECORDER_COLUMNS, recorder_figures(owners)),
	):
		_replace(table, columns, owners, rows)
	alerts = open_alerts(owners)
	now = now_datetime()
	frappe.db.sql(
		f"""insert into `{OWNERS}` (`owner_key`, `version`, `built_version`, `customers`, `fingerprint`,
		`open_alerts`, `built_on`) values {", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(owners))}
		on duplicate key update `built_version` = values(`built_version`), `customers` = values(`customers`),
			`fingerprint` = values(`fingerprint`), `open_alerts` = values(`open_alerts`),
			`built_on` = values(`built_on`)""",
		[
			value
			for owner in owners
			for value in (
				owner,
				versions.get(owner, 0),
				versions.get(owner, 0),
				*stats.get(owner, (0, 0)),
				alerts.get(owner, 0),
				now,
			)
		],
	)


SALES_COLUMNS = (
	"owner_key",
	"period_type",
	"period",
	"orders",
	"amount",
	"customers",
	"follow_ups",
	"first_day",
	"last_day",
)
PROFILE_COLUMNS = ("owner_key", "dimension", "value", "customers", "orders", "amount")
RECORDER_COLUMNS = ("owner_key", "period", "recorder", "follow_ups", "first_day", "last_day")
GRADE_COLUMNS = ("owner_key", "period", "from_grade", "to_grade", "changes", "first_day", "last_day")


def _replace(table: str, columns: tuple[str, ...], owners: list[str], rows: list[tuple]) -> None:
	frappe.db.sql(f"delete from `{table}` where `owner_key` in %(owners)s", {"owners": owners})
	placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
	for chunk in batched(rows, 2_000):
		frappe.db.sql(
			f"""insert into `{table}` ({", ".join(f"`{c}`" for c in columns)})
			values {", ".join([placeholders] * len(chunk))}""",
			[value for row in chunk for value in row],
		)


def _customers_of(owners: list[str]) -> str:
	# the queries carry %% (the period labels' date formats): a literal % in an owner's name doubled
	return owner_condition("`c`.`sales_owner`", owners).replace("%", "%%")


def profile_figures(owners: list[str]) -> list[tuple]:
	"""[(owner key, dimension, value or "", customers, orders, amount)]: `owners`' customers by each
	dimension of the customer profile, with their lifetime sales (crm_plus.analysis.profile)."""
	from crm_plus.analysis.profile import DIMENSIONS, band_of

	dimensions = [d for d in DIMENSIONS if d != "amount_band"]
	totals: dict[tuple, list] = defaultdict(lambda: [0, 0, 0.0])
	for row in frappe.db.sql(
		f"""select ifnull(`c`.`sales_owner`, ''), {", ".join(f"`c`.`{d}`" for d in dimensions)},
			sum(`o`.`amount`), coalesce(sum(`o`.`is_order`), 0)
		from `tab{CUSTOMER}` `c` left join ({sales_sql()}) `o` on `o`.`customer` = `c`.`name`
		where {_customers_of(owners)} group by `c`.`name`""",
		{},
	):
		owner, values, amount, orders = row[0], row[1:-2], row[-2], int(row[-1] or 0)
		for dimension, value in (*zip(dimensions, values, strict=True), ("amount_band", band_of(amount))):
			entry = totals[(owner, dimension, value or "")]
			entry[0] += 1
			entry[1] += orders
			entry[2] += float(amount or 0)
	return [(*key, *values) for key, values in totals.items()]


def recorder_figures(owners: list[str]) -> list[tuple]:
	"""[(owner key, month, recorder, follow-ups, first day, last day)]: the follow-ups each user recorded
	on `owners`' customers (rep performance counts a rep's follow-ups by who recorded them)."""
	return frappe.db.sql(
		f"""select ifnull(`c`.`sales_owner`, ''), {period_key("`f`.`follow_up_date`", MONTH)},
			`f`.`follow_up_owner`, count(*), min(`f`.`follow_up_date`), max(`f`.`follow_up_date`)
		from `tab{FOLLOW_UP}` `f` join `tab{CUSTOMER}` `c` on `c`.`name` = `f`.`customer`
		where `f`.`party_type` = 'Customer' and {_customers_of(owners)} and `f`.`follow_up_date` is not null
			and ifnull(`f`.`follow_up_owner`, '') != ''
		group by 1, 2, 3""",
		{},
	)


def open_alerts(owners: list[str]) -> dict[str, int]:
	"""{owner key: open churn alerts of the owner's customers}."""
	from crm_plus.churn import OPEN_STATUSES

	return {
		owner: int(n)
		for owner, n in frappe.db.sql(
			f"""select ifnull(`c`.`sales_owner`, ''), count(*)
			from `tab{CHURN_ALERT}` `a` join `tab{CUSTOMER}` `c` on `c`.`name` = `a`.`customer`
			where `a`.`status` in %(open)s and {_customers_of(owners)}
			group by 1""",
			{"open": OPEN_STATUSES},
		)
	}


def grade_figures(owners: list[str]) -> list[tuple]:
	"""[(owner key, month, from grade or "", to grade or "", changes, first day, last day)] of `owners`'
	customers' grade history."""
	return frappe.db.sql(
		f"""select ifnull(`c`.`sales_owner`, ''), {period_key("`h`.`changed_on`", MONTH)},
			ifnull(`h`.`from_grade`, ''), ifnull(`h`.`to_grade`, ''), count(*),
			date(min(`h`.`changed_on`)), date(max(`h`.`changed_on`))
		from `tab{GRADE_HISTORY}` `h` join `tab{CUSTOMER}` `c` on `c`.`name` = `h`.`customer`
		where {_customers_of(owners)} and `h`.`changed_on` is not null group by 1, 2, 3, 4""",
		{},
	)


def figures(owners: list[str]) -> list[tuple]:
	"""[(owner key, period type, period, orders, amount, customers, follow_ups, first day, last day)] of
	`owners`' customers; the days bound the orders and follow-ups the row counts (a report whose dates
	cut the period reads the row only when they lie inside its dates)."""
	customers_of = _customers_of(owners)
	owner = "ifnull(`c`.`sales_owner`, '')"

	def sales(period: str, measures: str) -> list[tuple]:
		return frappe.db.sql(
			f"""select {owner}, {period_key("`o`.`order_date`", period)}, {measures}
			from ({sales_sql()}) `o` join `tab{CUSTOMER}` `c` on `c`.`name` = `o`.`customer`
			where {customers_of} and `o`.`order_date` is not null group by 1, 2""",
			{},
		)

	# orders, amount, customers, follow_ups, first day, last day
	figures: dict[tuple, list] = defaultdict(lambda: [0, 0.0, 0, 0, None, None])

	def add(key: tuple, orders=0, amount=0.0, follow_ups=0, first=None, last=None) -> None:
		entry = figures[key]
		entry[0] += int(orders or 0)
		entry[1] += float(amount or 0)
		entry[3] += int(follow_ups or 0)
		entry[4] = min(filter(None, (entry[4], first)), default=None)
		entry[5] = max(filter(None, (entry[5], last)), default=None)

	def periods(month: str):
		return ((MONTH, month), *((p, period_of(f"{month}-01", p)) for p in (QUARTER, YEAR)))

	for key, month, orders, amount, customers, first, last in sales(
		MONTH,
		"sum(`o`.`is_order`), sum(`o`.`amount`), count(distinct `o`.`customer`),"
		" min(`o`.`order_date`), max(`o`.`order_date`)",
	):
		figures[(key, MONTH, month)][2] = int(customers)
		for period, label in periods(month):
			add((key, period, label), orders=orders, amount=amount, first=first, last=last)
	for period in (QUARTER, YEAR):
		for key, label, customers in sales(period, "count(distinct `o`.`customer`)"):
			figures[(key, period, label)][2] = int(customers)
	for key, month, follow_ups, first, last in frappe.db.sql(
		f"""select {owner}, {period_key("`f`.`follow_up_date`", MONTH)}, count(*),
			min(`f`.`follow_up_date`), max(`f`.`follow_up_date`)
		from `tab{FOLLOW_UP}` `f` join `tab{CUSTOMER}` `c` on `c`.`name` = `f`.`customer`
		where `f`.`party_type` = 'Customer' and {customers_of} and `f`.`follow_up_date` is not null
		group by 1, 2""",
		{},
	):
		for period, label in periods(month):
			add((key, period, label), follow_ups=follow_ups, first=first, last=last)
	return [(*key, *values) for key, values in figures.items()]
