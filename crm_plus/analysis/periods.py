"""Report periods: a month, quarter or year, labelled as sortable text (2026-03, 2026-Q1, 2026), in SQL
and in Python."""

from frappe.utils import getdate

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
