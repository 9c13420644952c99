"""Reading spreadsheet cells as prices, quantities and dates (crm_plus/pricing/cells.py): no site needed."""

from datetime import date, datetime

import pytest

from crm_plus.pricing.cells import (
	NOT_A_DATE,
	NOT_A_NUMBER,
	is_formula,
	line_key,
	margin_percent,
	net_price,
	normalize_header,
	parse_date,
	parse_number,
	parse_text,
	percent_change,
)


@pytest.mark.parametrize(
	"value, expected",
	[
		(None, None),
		("", None),
		("   ", None),
		(12, 12.0),
		(12.5, 12.5),
		("12.50", 12.5),
		(" 35 ", 35.0),
		("1,280.50", 1280.5),
		("12,345,678", 12345678.0),
		("１２", 12.0),  # full-width digits
		("-3", -3.0),  # negative numbers are read; the price rule refuses them
		(".5", 0.5),
	],
)
def test_numbers_are_read(value, expected):
	assert parse_number(value) == (expected, None)


@pytest.mark.parametrize(
	"value", ["abc", "12元", "1,28", "1.2.3", "¥12", "12%", True, float("nan"), float("inf"), "--1"]
)
def test_text_in_a_number_column_is_an_error(value):
	assert parse_number(value) == (None, NOT_A_NUMBER)


@pytest.mark.parametrize(
	"value, expected",
	[
		(None, None),
		(datetime(2026, 3, 1, 0, 0), date(2026, 3, 1)),
		(date(2026, 3, 1), date(2026, 3, 1)),
		("2026-03-01", date(2026, 3, 1)),
		("2026/3/1", date(2026, 3, 1)),
		("2026.03.01", date(2026, 3, 1)),
		("2026年3月1日", date(2026, 3, 1)),
		("20260301", date(2026, 3, 1)),
		(46082, date(2026, 3, 1)),  # an Excel date serial in a cell without a date format
	],
)
def test_dates_are_read(value, expected):
	assert parse_date(value) == (expected, None)


@pytest.mark.parametrize("value", ["next week", "2026-02-30", "2026-13-01", "03/01/2026", 0, -5, True])
def test_anything_else_in_a_date_column_is_an_error(value):
	assert parse_date(value) == (None, NOT_A_DATE)


def test_text_cells():
	assert parse_text(None) is None
	assert parse_text("  镀锌  ") == "镀锌"
	assert parse_text(1001.0) == "1001"  # a product code typed as a number
	assert parse_text(12.5) == "12.5"


def test_headers_compare_loosely():
	assert normalize_header("Unit Price *") == normalize_header("unit price") == "unitprice"
	assert normalize_header("单价 *") == "单价"
	assert normalize_header("折扣（%）") == normalize_header("折扣(%)")
	assert normalize_header(None) == ""


def test_formulas():
	assert is_formula("=A1*2")
	assert not is_formula("=")
	assert not is_formula("1=1")
	assert not is_formula(5)


def test_line_keys_tell_tiers_and_specifications_apart():
	assert line_key("P1", None, None) == line_key("P1", "", 1)
	assert line_key("P1", " 镀锌 ", 1) == line_key("P1", "镀锌", 1.0)
	assert line_key("P1", None, 100) != line_key("P1", None, 1)
	assert line_key("P1", "A", 1) != line_key("P1", "B", 1)


def test_net_price_margin_and_change():
	assert net_price(100, 10) == 90
	assert net_price(100, None) == 100
	assert margin_percent(90, 72) == 20
	assert margin_percent(90, None) is None
	assert margin_percent(0, 5) is None
	assert percent_change(1.2, 1.5) == 25.0
	assert percent_change(1.5, 1.2) == -20.0
	assert percent_change(0, 1) is None
