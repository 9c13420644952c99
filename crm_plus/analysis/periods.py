"""Report periods: a month, quarter or year, labelled as sortable text (2026-03, 2026-Q1, 2026), in SQL
and in Python."""

from frappe.utils import add_days, add_months, getdate

MONTH, QUARTER, YEAR = "Month", "Quarter", "Year"
PERIODS = (MONTH, QUARTER, YEAR)


def period_key(column: str, period: str) -> str:
	"""SQL giving the period label of a date `column`: 2026-03, 2026-Q1 or 2026 (sortable as text)."""
	if period == QUARTER:
		return f"concat(year({column}), '-Q', quarter({column}))"
	if period == YEAR:
		return f"cast(year({column}) as char)"
	return f"date_format({column}, '%%Y-%%m')"


def period_of(day, period: str) -> str:
	"""The label period_key gives to the date `day` (Python side)."""
	day = getdate(day)
	if period == QUARTER:
		return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
	if period == YEAR:
		return str(day.year)
	return f"{day.year}-{day.month:02d}"


def periods_between(start, end, period: str) -> list[str]:
	"""Every period label from the one holding `start` to the one holding `end`, in order."""
	start, end = getdate(start), getdate(end)
	step = {MONTH: 1, QUARTER: 3, YEAR: 12}[period]
	year, month = start.year, start.month
	month -= (month - 1) % step
	labels = []
	while (year, month) <= (end.year, end.month):
		labels.append(period_of(f"{year}-{month:02d}-01", period))
		month += step
		if month > 12:
			year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
	return labels


def bounds(day, period: str) -> tuple:
	"""The first and last day of the period holding `day`."""
	day = getdate(day)
	step = {MONTH: 1, QUARTER: 3, YEAR: 12}[period]
	first_month = day.month - (day.month - 1) % step
	first = day.replace(month=first_month, day=1)
	return first, add_days(add_months(first, step), -1)


def split_range(from_date, to_date, period: str) -> tuple[tuple | None, list[tuple]]:
	"""(the whole periods inside from_date..to_date as (first day, last day) or None, [the ranges of the
	periods the dates cut, at most two]) — together exactly from_date..to_date."""
	from_date, to_date = getdate(from_date), getdate(to_date)
	if from_date > to_date:
		return None, []
	edges = []
	first_start, first_end = bounds(from_date, period)
	last_start, last_end = bounds(to_date, period)
	start = from_date
	if from_date != first_start:
		head_end = min(first_end, to_date)
		edges.append((from_date, head_end))
		start = add_days(head_end, 1)
	end = to_date
	if to_date != last_end and last_start >= start:
		edges.append((last_start, to_date))
		end = add_days(last_start, -1)
	return ((start, end) if start <= end else None), edges
