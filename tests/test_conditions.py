"""The pieces of crm_plus's permission conditions (crm_plus.utils.conditions), on a plain Python."""

import pytest

from crm_plus.utils import conditions as c


def esc(value: str) -> str:
	"""An escape a test can read: the database's quoting of a string literal."""
	return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def test_table_and_column_quote_names():
	assert c.table("CP Customer") == "`tabCP Customer`"
	assert c.column(c.table("CP Customer"), "sales_owner") == "`tabCP Customer`.`sales_owner`"
	assert c.column("dl", "link_name") == "dl.`link_name`"


def test_values_are_escaped_every_time():
	assert c.equals("t.`a`", "x' or '1'='1", esc) == "t.`a` = 'x\\' or \\'1\\'=\\'1'"
	assert c.is_in("t.`a`", ["a", "b'c"], esc) == "t.`a` in ('a', 'b\\'c')"
	assert c.literals(iter(["x", "y"]), esc) == "'x', 'y'"


def test_an_empty_list_means_nothing_for_in_and_everything_for_not_in():
	assert c.is_in("t.`a`", [], esc) == c.NOTHING
	assert c.not_in("t.`a`", [], esc) == "1 = 1"
	assert c.not_in("t.`a`", ["x"], esc) == "(t.`a` is null or t.`a` not in ('x'))"
	assert c.not_in("t.`a`", ["x"], esc, null_matches=False) == "t.`a` not in ('x')"


def test_any_of_and_all_of_leave_out_empty_parts():
	assert c.any_of() == c.NOTHING
	assert c.any_of("", "") == c.NOTHING
	assert c.any_of("a = 1") == "a = 1"
	assert c.any_of("a = 1", "", "b = 2") == "(a = 1 or b = 2)"
	assert c.all_of() == ""
	assert c.all_of("a = 1", "") == "a = 1"
	assert c.all_of("a = 1", "b = 2") == "(a = 1 and b = 2)"


def test_nested_alternatives_keep_their_parentheses():
	cond = c.all_of(c.any_of("a = 1", "b = 2"), "c = 3")
	assert cond == "((a = 1 or b = 2) and c = 3)"


def test_subqueries():
	sub = c.select("`name`", c.table("CP Customer"), c.equals("`sales_owner`", "u@x", esc))
	assert sub == "select `name` from `tabCP Customer` where `sales_owner` = 'u@x'"
	assert c.select("`name`", "`tabX`") == "select `name` from `tabX`"
	assert c.in_query("t.`customer`", sub) == f"t.`customer` in ({sub})"
	assert c.exists(sub) == f"exists ({sub})"
	assert c.not_exists(sub) == f"not exists ({sub})"
	assert c.blank("t.`customer`") == "(t.`customer` is null or t.`customer` = '')"


@pytest.mark.parametrize("fn", [c.equals, c.is_in])
def test_the_site_escape_is_the_default(fn):
	"""Without an escape, the site database's is used (it needs a site: no bench here)."""
	import inspect

	assert inspect.signature(fn).parameters["escape"].default is c._site_escape
