"""Reading spreadsheet cells as prices, quantities and dates: pure rules, no site needed.

Each parser returns ``(value, error)``: the value (None for an empty cell) and None, or None and an
error code the caller turns into a translated message naming the row and column. Excel users type
numbers as text ("1,280.00", "１２", " 35 ") and dates as text ("2026/3/1"), so those are accepted;
anything else in a number or date column is an error, never a silent zero.
"""

import re
import unicodedata
from datetime import date, datetime, timedelta

NOT_A_NUMBER = "not_a_number"
NOT_A_DATE = "not_a_date"

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# Excel stores dates as days since 1899-12-30 (its 1900 leap-year bug included)
_EXCEL_EPOCH = date(1899, 12, 30)


def is_blank(value) -> bool:
	return value is None or (isinstance(value, str) and not value.strip())


def _text(value: str) -> str:
	"""Full-width digits and punctuation to ASCII, surrounding blanks removed."""
	return unicodedata.normalize("NFKC", value).strip()


def parse_number(value) -> tuple[float | None, str | None]:
	if is_blank(value):
		return None, None
	if isinstance(value, bool):
		return None, NOT_A_NUMBER
	if isinstance(value, int | float):
		if value != value or value in (float("inf"), float("-inf")):  # NaN, infinity
			return None, NOT_A_NUMBER
		return float(value), None
	if isinstance(value, str):
		text = _text(value).replace(" ", "")
		if _GROUPED.match(text):
			text = text.replace(",", "")
		if _NUMBER.match(text):
			return float(text), None
	return None, NOT_A_NUMBER


def parse_date(value) -> tuple[date | None, str | None]:
	if is_blank(value):
		return None, None
	if isinstance(value, datetime):
		return value.date(), None
	if isinstance(value, date):
		return value, None
	if isinstance(value, int | float) and not isinstance(value, bool):
		if 1 <= value < 2958466:  # a date serial number in a cell without a date format
			return _EXCEL_EPOCH + timedelta(days=int(value)), None
		return None, NOT_A_DATE
	if isinstance(value, str):
		text = _text(value)
		match = _DATE.match(text) or _COMPACT_DATE.match(text)
		if match:
			try:
				return date(*(int(part) for part in match.groups())), None
			except ValueError:
				return None, NOT_A_DATE
	return None, NOT_A_DATE


def parse_text(value) -> str | None:
	if is_blank(value):
		return None
	if isinstance(value, float) and value.is_integer():
		value = int(value)  # a product code typed as a number: 1001.0 -> "1001"
	return _text(str(value))


def normalize_header(value) -> str:
	"""Header cells compared loosely: case, blanks, full-width forms and a required-mark '*' ignored."""
	if is_blank(value):
		return ""
	text = _text(str(value)).lower()
	return re.sub(r"[\s*]+", "", text)


def is_formula(value) -> bool:
	return isinstance(value, str) and value.startswith("=") and len(value) > 1


def line_key(product: str | None, specification: str | None, min_qty: float | None) -> tuple:
	"""Two lines with the same product, specification and minimum quantity are duplicates."""
	return (product or "", (specification or "").strip().lower(), float(min_qty or 1))


def net_price(unit_price: float | None, discount: float | None) -> float:
	return round((unit_price or 0) * (1 - (discount or 0) / 100), 6)


def margin_percent(net: float, cost_price: float | None) -> float | None:
	"""(net price - cost) / net price, in percent; None without a cost or a price."""
	if cost_price is None or not net:
		return None
	return round((net - cost_price) / net * 100, 4)


def percent_change(old: float | None, new: float | None) -> float | None:
	if old is None or new is None or not old:
		return None
	return round((new - old) / old * 100, 2)
