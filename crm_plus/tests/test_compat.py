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

	def test_list_sql_is_the_list_query_as_text_with_its_values(self):
		tricky = "crm-plus-compat it's 100% \\' sure"
		frappe.db.sql(
			f"insert into {self.TABLE} (`name`, `title`, `owner`, `public`)"
			" values ('crm-plus-compat-a', %s, 'Administrator', 1), ('crm-plus-compat-b', 'b', 'Administrator', 1)",
			(tricky,),
		)
		for filters in ({"title": tricky}, [["title", "like", "%it's 100%"]]):
			with self.subTest(filters=filters):
				sql = compat.list_sql("Note", fields=["name"], filters=filters, order_by="")
				self.assertIsInstance(sql, str)
				# runnable as it is
				self.assertEqual(frappe.db.sql(sql), (("crm-plus-compat-a",),))
				# and inside SQL run with values, its `%` doubled
				embedded = sql.replace("%", "%%")
				self.assertEqual(
					frappe.db.sql(
						f"select %(n)s from dual where %(n)s in ({embedded})", {"n": "crm-plus-compat-a"}
					),
					(("crm-plus-compat-a",),),
				)
		# the user's permissions apply, as in frappe.get_list
		self.assertRaises(frappe.PermissionError, compat.list_sql, "Error Log", user="Guest")
		frappe.clear_last_message()
		self.assertRaises(TypeError, compat.list_sql, "Note", run=1)


class TestFrameworkVersionDifferences(FrappeTestCase):
	"""The few names that differ between Frappe 15 and Frappe 16 (crm_plus.compat), each checked against
	the framework it runs on."""

	def test_no_objection_neither_denies_nor_decides(self):
		from frappe.permissions import has_controller_permissions

		from crm_plus.permissions.contact import linked_has_permission

		contact = frappe.get_doc({"doctype": "Contact", "first_name": "crm-plus-compat"})
		# an administrator: crm_plus has no rule for the contact and answers NO_OBJECTION
		self.assertIs(linked_has_permission(contact, "read", "Administrator"), compat.NO_OBJECTION)
		self.assertTrue(has_controller_permissions(contact, "read", user="Administrator"))
		# "no objection" must not be an answer on Frappe 15 (where the first answer wins over the other
		# apps' hooks) and must allow on Frappe 16 (where every hook is asked and falsy denies)
		if compat.FRAPPE_MAJOR < 16:
			self.assertIsNone(compat.NO_OBJECTION)
		else:
			self.assertIs(compat.NO_OBJECTION, True)

	def test_count_field_counts_in_get_list(self):
		users = frappe.get_all("User", pluck="name")
		(count,) = frappe.get_list("User", fields=[compat.count_field("User")], as_list=True)[0]
		self.assertEqual(count, len(users))
		grouped = frappe.get_list(
			"User", fields=["user_type", compat.count_field("User", "n")], group_by="user_type", order_by=""
		)
		self.assertEqual(sum(g.n for g in grouped), len(users))

	def test_count_field_counts_records_not_joined_child_rows(self):
		# a filter on a child table joins one row per child: users with either role count once
		roles = ["System Manager", "Administrator"]
		filters = [["Has Role", "role", "in", roles]]
		names = frappe.get_all("User", filters=filters, pluck="name", limit_page_length=0)
		(count,) = frappe.get_list(
			"User", fields=[compat.count_field("User", distinct_names=True)], filters=filters, as_list=True
		)[0]
		self.assertEqual(count, len(set(names)))
		self.assertGreater(len(names), len(set(names)))  # Administrator has both roles: the join repeats it

	def test_aggregate_field_in_get_list(self):
		creations = frappe.get_all("User", pluck="creation")
		latest = compat.aggregate_field("max", "creation", "latest")
		(value,) = frappe.get_list("User", fields=[latest], order_by="", as_list=True)[0]
		self.assertEqual(value, max(creations))
		tables = frappe.db.count("DocType", {"istable": 1})
		n = frappe.get_list("DocType", fields=[compat.aggregate_field("sum", "istable", "n")], order_by="")
		self.assertEqual(n[0].n, tables)
		grouped = frappe.get_list(
			"User",
			fields=["user_type", compat.aggregate_field("min", "creation", "first")],
			group_by="user_type",
			order_by="",
		)
		self.assertEqual(min(g.first for g in grouped), min(creations))
		for wrong in (("count", "name", "n"), ("sum", "a * b", "n"), ("max", "name", "n) as x, (y")):
			self.assertRaises(ValueError, compat.aggregate_field, *wrong)

	def test_desk_is_served_under_compat_desk(self):
		import requests

		from crm_plus.tests.server import site_server
		from crm_plus.tests.test_http_visibility import api_token

		token = api_token("Administrator")
		frappe.db.commit()  # the web server is another process with its own connection
		with site_server() as base:
			r = requests.get(
				f"{base}{compat.DESK}/crm-plus",
				headers={"Authorization": token},
				allow_redirects=False,
				timeout=60,
			)
		self.assertEqual(r.status_code, 200, r.headers.get("Location"))
		self.assertIn("frappe.boot", r.text)
