"""The framework internals crm_plus.compat relies on still behave as it expects: a framework upgrade
that changes them fails here, not in a bulk write of a user's job."""

import datetime

import frappe
from frappe.tests.utils import FrappeTestCase

from crm_plus import compat


class TestCompat(FrappeTestCase):
	# rows of a framework table, written inside the test's transaction and rolled back after it
	TABLE = "`tabNote`"

	def setUp(self):
		frappe.db.savepoint("crm_plus_compat")

	def tearDown(self):
		frappe.db.rollback(save_point="crm_plus_compat")

	def count(self) -> int:
		return frappe.db.sql(f"select count(*) from {self.TABLE} where `name` like 'crm-plus-compat-%%'")[0][
			0
		]

	def test_rowcount_counts_what_the_last_statement_matched(self):
		frappe.db.sql(
			f"insert into {self.TABLE} (`name`, `title`) values"
			" ('crm-plus-compat-a', 'a'), ('crm-plus-compat-b', 'b'), ('crm-plus-compat-c', 'c')"
		)
		self.assertEqual(compat.rowcount(), 3)
		frappe.db.sql(
			f"update {self.TABLE} set `title` = 'x' where `name` in ('crm-plus-compat-a', 'crm-plus-compat-b')"
		)
		self.assertEqual(compat.rowcount(), 2)

	def test_sql_literal_escapes_as_query_parameters_do(self):
		tricky = [
			"it's",
			'a "b"',
			"back\\slash",
			"中文",
			"%s %(x)s",
			None,
			7,
			7.5,
			datetime.date(2026, 12, 2),
		]
		for value in tricky:
			literal = compat.sql_literal(value)
			self.assertIsInstance(literal, str)
			expected = frappe.db.sql("select %s", (value,))[0][0]
			got = frappe.db.sql(f"select {literal}")[0][0]  # nosemgrep: the value went through the driver
			self.assertEqual(str(got), str(expected), value)

	def test_execute_write_and_executemany_count_as_writes_of_the_transaction(self):
		writes = frappe.db.transaction_writes
		rows = [(f"crm-plus-compat-{k}", "it's") for k in "ab"]
		n = compat.execute_write(
			f"insert into {self.TABLE} (`name`, `title`) values "
			+ ", ".join(f"({compat.sql_literal(k)}, {compat.sql_literal(v)})" for k, v in rows)
		)
		self.assertEqual(n, 2)
		compat.executemany(
			f"insert into {self.TABLE} (`name`, `title`) values (%s, %s)",
			[(f"crm-plus-compat-{k}", k) for k in "cde"],
		)
		self.assertEqual(self.count(), 5)
		self.assertEqual(frappe.db.transaction_writes, writes + 2)
