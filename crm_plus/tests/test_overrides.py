"""Every override of framework behaviour is pinned: it fails here, not in a user's desk, when the
framework changes under it.

For each ``override_whitelisted_methods`` entry in hooks.py:
- it is made with crm_plus.overrides.extends (fenced in crm_plus/overrides/) around the very function
  the framework exposes at that path, with the framework's signature, and every parameter it reads by
  name is still a parameter of the framework's function;
- for a framework DocType, and an ERPNext one where ERPNext is installed, it answers exactly as the
  framework does.
The DatabaseQuery patch is pinned the same way, and a form of every DocType with a record opens.
"""

import copy
import inspect
import json
from unittest.mock import patch

import frappe
import frappe.desk.reportview
import requests
from frappe.model.db_query import DatabaseQuery
from frappe.tests.utils import FrappeTestCase

from crm_plus import compat, overrides
from crm_plus.overrides import db_query
from crm_plus.tests.factories import make_user
from crm_plus.tests.requirements import has_erpnext, method_exists
from crm_plus.tests.server import site_server
from crm_plus.tests.test_http_visibility import api_token

HOOKED = frappe.get_hooks("override_whitelisted_methods")


def crm_plus_overrides() -> dict[str, str]:
	return {path: targets[-1] for path, targets in HOOKED.items() if targets[-1].startswith("crm_plus.")}


def call_as_handler(path: str, **kwargs):
	"""What the request handler does for /api/method/<path>: the hooked override, whitelisted, called with
	the request's arguments (frappe.call drops those the function does not take)."""
	method = frappe.get_attr(frappe.override_whitelisted_method(path))
	frappe.is_whitelisted(method)
	return frappe.call(method, **kwargs)


def response_of(fn, *args, **kwargs):
	"""(return value, frappe.response) of one call, on a fresh response."""
	frappe.local.response = frappe._dict({"docs": []})
	result = fn(*args, **kwargs)
	return result, copy.deepcopy(dict(frappe.local.response))


class TestOverridesArePinned(FrappeTestCase):
	def test_every_override_is_fenced_and_wraps_the_function_the_framework_exposes(self):
		self.assertTrue(crm_plus_overrides(), "hooks.py overrides nothing: update this test")
		for path, target in crm_plus_overrides().items():
			with self.subTest(path=path):
				self.assertTrue(
					target.startswith("crm_plus.overrides."), f"{target} is not in crm_plus/overrides/"
				)
				if path in overrides.NOT_EVERYWHERE and not method_exists(path):
					continue  # a version without the method: nothing calls the path, nothing imports the override
				override = frappe.get_attr(target)  # imports it: @extends registers on import
				self.assertIn(target, overrides.REGISTRY, f"{target} is not made with overrides.extends")
				wrapped, reads = overrides.REGISTRY[target]
				framework = frappe.get_attr(path)
				self.assertIs(wrapped, framework, f"{target} wraps another function than {path}")
				self.assertEqual(
					inspect.signature(override),
					inspect.signature(framework),
					f"{target} does not take the arguments {path} takes",
				)
				params = inspect.signature(framework).parameters
				missing = [name for name in reads if name not in params]
				self.assertFalse(
					missing, f"{path} no longer has the parameters {missing} that {target} reads"
				)
				frappe.is_whitelisted(override)

	def test_only_hooked_overrides_are_excused_where_their_method_is_missing(self):
		self.assertLessEqual(set(overrides.NOT_EVERYWHERE), set(crm_plus_overrides()))
		for path in overrides.NOT_EVERYWHERE:
			self.assertFalse(
				path.startswith("frappe."), f"{path}: the framework's own paths are pinned always"
			)

	def test_the_chart_override_computes_under_the_frameworks_cache(self):
		from frappe.desk.doctype.dashboard_chart import dashboard_chart
		from frappe.utils import dashboard

		raw = inspect.unwrap(dashboard_chart.get)
		self.assertIsNot(raw, dashboard_chart.get)
		self.assertEqual(raw.__module__, dashboard_chart.__name__)
		# unwrapping removed both of the framework's wrappers: whitelist's type check and cache_source
		wrappers = []
		fn = dashboard_chart.get
		while hasattr(fn, "__wrapped__"):
			wrappers.append(fn)
			fn = fn.__wrapped__
		self.assertEqual(len(wrappers), 2, wrappers)
		self.assertIs(fn, raw)
		self.assertNotIn("frappe.cache", inspect.getsource(raw))
		# the framework still caches under the chart's name alone, whoever asks: the reason for the override
		self.assertIn('f"chart-data:{chart_name}"', inspect.getsource(dashboard.cache_source))

	def test_the_response_patch_wraps_the_json_serialiser_it_expects(self):
		from frappe.utils import response

		from crm_plus.overrides import response as response_patch

		response_patch.install()
		self.assertTrue(getattr(response, response_patch._PATCHED, False))
		self.assertEqual(list(inspect.signature(response_patch.ORIGINALS["as_json"]).parameters), [])
		self.assertIsNot(response.as_json, response_patch.ORIGINALS["as_json"])
		# what the patch relies on: build_response looks as_json up in the module when it answers
		self.assertIn("as_json", response.build_response.__code__.co_names)
		# and it changes nothing of a framework document's answer
		doc = frappe.get_doc("ToDo", {"name": ("is", "set")}) if frappe.db.count("ToDo") else None
		if doc:
			out = {"docs": [doc.as_dict()]}
			response_patch.scrub_response(out)
			self.assertEqual(out["docs"][0], doc.as_dict())

	def test_the_database_query_patch_wraps_methods_with_the_signatures_it_expects(self):
		self.assertTrue(getattr(DatabaseQuery, db_query._PATCHED, False))
		originals = db_query.ORIGINALS
		# the filter's parameter is `f` on Frappe 15, `ft` on 16: the patch passes it by position
		for name, params in (
			("apply_fieldlevel_read_permissions", ["self"]),
			("prepare_filter_condition", ["self", "ft" if compat.FRAPPE_MAJOR >= 16 else "f"]),
			("remove_field", ["self", "idx"]),
		):
			self.assertEqual(list(inspect.signature(originals[name]).parameters), params, name)
			self.assertIsNot(getattr(DatabaseQuery, name), None)
		self.assertIsNot(
			DatabaseQuery.apply_fieldlevel_read_permissions, originals["apply_fieldlevel_read_permissions"]
		)
		# what the patch relies on: a refused field is popped from the list being iterated over (so the
		# framework's pass skips the field after it), and blanked in place for as_list queries
		query = DatabaseQuery("ToDo")
		query.as_list, query.fields = False, ["a", "b", "c"]
		originals["remove_field"](query, 0)
		self.assertEqual(query.fields, ["b", "c"])
		query.as_list, query.fields = True, ["a", "b", "c"]
		originals["remove_field"](query, 0)
		self.assertEqual(query.fields, [None, "b", "c"])
		self.assertIn(
			"self.remove_field(i)", inspect.getsource(originals["apply_fieldlevel_read_permissions"])
		)
		# and the query object and get_filter carry what refuse_restricted_filter reads
		seen = {}
		patched = DatabaseQuery.prepare_filter_condition

		def spy(query, f):
			seen.update(
				doctype=query.doctype,
				user=query.user,
				parent_doctype=query.parent_doctype,
				ignore_permissions=query.flags.ignore_permissions,
			)
			return patched(query, f)

		with patch.object(DatabaseQuery, "prepare_filter_condition", spy):  # frappe.get_list's on 15 only
			DatabaseQuery("ToDo").execute(filters=[["status", "=", "Open"]], run=0)
		self.assertEqual(
			seen,
			{"doctype": "ToDo", "user": "Administrator", "parent_doctype": None, "ignore_permissions": False},
		)
		parsed = frappe.utils.get_filter("ToDo", ["ToDo", "status", "=", "Open"])
		self.assertEqual((parsed.doctype, parsed.fieldname), ("ToDo", "status"))

	def test_the_list_query_of_frappe_get_list_is_patched_where_it_is_built(self):
		"""Frappe 15 builds frappe.get_list's query with DatabaseQuery (pinned above); Frappe 16 with the
		query builder's Engine.get_query, whose patch is pinned here."""
		import frappe.model.db_query

		source = inspect.getsource(frappe.get_list)
		if not compat.QB_LIST_QUERIES:
			self.assertIn("db_query.DatabaseQuery(doctype).execute", source)
			self.assertNotIn("Engine.get_query", db_query.ORIGINALS)
			return
		import frappe.desk.reportview
		import frappe.model.qb_query
		from frappe.database.query import Engine

		self.assertIn("qb_query.DatabaseQuery(doctype).execute", source)
		self.assertIn("frappe.qb.get_query(", inspect.getsource(frappe.model.qb_query.DatabaseQuery.execute))
		# the report view still lists with DatabaseQuery (patched above)
		self.assertIs(frappe.desk.reportview.DatabaseQuery, frappe.model.db_query.DatabaseQuery)
		original = db_query.ORIGINALS["Engine.get_query"]
		self.assertTrue(getattr(Engine, db_query._PATCHED, False))
		self.assertIsNot(Engine.get_query, original)
		params = inspect.signature(original).parameters
		for name in (
			"table", "fields", "filters", "or_filters", "group_by", "order_by", "user", "parent_doctype"
		):  # fmt: skip
			self.assertIn(name, params)
		self.assertIs(params["ignore_permissions"].default, True)
		# refused columns of as_list answers are blanked in place: the patch reads as_list where
		# frappe.get_list takes it and replaces what the framework's field filter drops
		self.assertIn(
			"as_list", inspect.signature(db_query.ORIGINALS["qb_query.DatabaseQuery.execute"]).parameters
		)
		fields_filter = db_query.ORIGINALS["Engine.apply_field_permissions"]
		self.assertEqual(list(inspect.signature(fields_filter).parameters), ["self"])
		self.assertIn("self.fields = self.apply_field_permissions()", inspect.getsource(Engine.apply_fields))
		self.assertIsNot(Engine.apply_field_permissions, fields_filter)
		self.assertIsNot(
			frappe.model.qb_query.DatabaseQuery.execute, db_query.ORIGINALS["qb_query.DatabaseQuery.execute"]
		)
		# the patch sees frappe.get_list's arguments, and only where permissions apply
		seen = []

		def spy(query, fields, filters, group_by, order_by):
			seen.append((query.doctype, query.parent_doctype, fields, filters, group_by, order_by))

		with patch.object(db_query, "refuse_restricted_query", spy):
			frappe.get_list(
				"ToDo", fields=["name"], filters={"status": "Open"}, or_filters=[["priority", "=", "High"]],
				order_by="status desc", group_by="name",
			)  # fmt: skip
			frappe.get_all("ToDo", fields=["name"], order_by="status desc")
		self.assertEqual(
			seen,
			[
				(
					"ToDo",
					None,
					["name"],
					[{"status": "Open"}, [["priority", "=", "High"]]],
					"name",
					"status desc",
				)
			],
		)


class TestOverridesAnswerAsTheFramework(FrappeTestCase):
	"""For DocTypes crm_plus does not restrict, each override returns what the framework returns."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.erpnext = has_erpnext()
		cls.user = make_user("override-pin@crm-plus.test", ["System Manager"])
		frappe.set_user("Administrator")
		cls.todo = frappe.get_doc(
			{"doctype": "ToDo", "description": "pin the overrides", "status": "Open"}
		).insert()
		frappe.share.add("ToDo", cls.todo.name, cls.user)
		frappe.desk.form.assign_to.add({"assign_to": [cls.user], "doctype": "ToDo", "name": cls.todo.name})
		cls.samples = [("ToDo", cls.todo.name), ("User", cls.user)]
		if cls.erpnext:
			customer = frappe.get_doc(
				{
					"doctype": "Customer",
					"customer_name": "Override Pin Customer",
					"customer_group": "All Customer Groups",
					"territory": "All Territories",
				}
			).insert()
			frappe.desk.form.assign_to.add(
				{"assign_to": [cls.user], "doctype": "Customer", "name": customer.name}
			)
			cls.samples.append(("Customer", customer.name))

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.response = frappe._dict({"docs": []})

	def both(self, path, **kwargs):
		framework = frappe.get_attr(path)
		expected = response_of(frappe.call, framework, **kwargs)
		actual = response_of(call_as_handler, path, **kwargs)
		return expected, actual

	def test_get_count(self):
		for doctype, _name in self.samples:
			for user in ("Administrator", self.user):
				frappe.set_user(user)
				with self.subTest(doctype=doctype, user=user):
					expected, actual = self.both("frappe.client.get_count", doctype=doctype, filters="[]")
					self.assertEqual(actual, expected)

	def test_list_pages(self):
		override = frappe.get_attr(frappe.override_whitelisted_method("frappe.desk.reportview.get"))
		for doctype, _name in self.samples:
			for user in ("Administrator", self.user):
				frappe.set_user(user)
				for form in (
					{"fields": '["name", "modified"]', "order_by": "modified desc", "page_length": 20},
					{
						"fields": '["name"]',
						"filters": '[["name", "is", "set"]]',
						"start": 1,
						"page_length": 5,
					},
				):
					with self.subTest(doctype=doctype, user=user, **form):
						answers = []
						for fn in (frappe.desk.reportview.get, override):
							frappe.local.form_dict = frappe._dict(doctype=doctype, **form)
							answers.append(response_of(fn))
						self.assertEqual(answers[1], answers[0])

	def test_group_by_counts(self):
		for doctype, _name in self.samples:
			for field in ("assigned_to", "owner"):
				frappe.set_user(self.user)
				with self.subTest(doctype=doctype, field=field):
					expected, actual = self.both(
						"frappe.desk.listview.get_group_by_count",
						doctype=doctype,
						current_filters="[]",
						field=field,
					)
					self.assertEqual(actual, expected)

	def test_open_counts_of_the_form_connections(self):
		for doctype, name in self.samples:
			with self.subTest(doctype=doctype):
				expected, actual = self.both(
					"frappe.desk.notifications.get_open_count", doctype=doctype, name=name
				)
				self.assertEqual(actual, expected)

	def test_workflow_state_counts(self):
		for doctype, _name in self.samples:
			field = "status" if doctype == "ToDo" else "name"
			with self.subTest(doctype=doctype):
				expected, actual = self.both(
					"frappe.workflow.doctype.workflow.workflow.get_workflow_state_count",
					doctype=doctype,
					workflow_state_field=field,
					states='["Closed"]',
				)
				self.assertEqual(actual, expected)

	def test_chart_data(self):
		chart = {
			"name": "crm_plus override pin",
			"chart_type": "Count",
			"document_type": "ToDo",
			"based_on": "creation",
			"timeseries": 1,
			"timespan": "Last Year",
			"time_interval": "Monthly",
			"filters_json": "[]",
			"type": "Line",
		}
		expected, actual = self.both(
			"frappe.desk.doctype.dashboard_chart.dashboard_chart.get",
			chart=json.dumps(chart),
			no_cache=1,
			timespan="Last Year",
			time_interval="Monthly",
		)
		self.assertEqual(actual, expected)

	def test_form_load(self):
		volatile = ("views", "viewers", "_seen", "modified", "seen")

		def stable(response):
			for doc in response.get("docs") or []:
				for key in volatile:
					doc.pop(key, None) if isinstance(doc, dict) else None
			docinfo = response.get("docinfo") or {}
			for key in volatile:
				docinfo.pop(key, None)
			return json.loads(frappe.as_json(response))

		for doctype, name in self.samples:
			for user in ("Administrator", self.user):
				frappe.set_user(user)
				with self.subTest(doctype=doctype, user=user):
					frappe.call(frappe.get_attr("frappe.desk.form.load.getdoc"), doctype=doctype, name=name)
					expected, actual = self.both("frappe.desk.form.load.getdoc", doctype=doctype, name=name)
					self.assertEqual(stable(actual[1]), stable(expected[1]))
					expected, actual = self.both(
						"frappe.desk.form.load.get_docinfo", doctype=doctype, name=name
					)
					self.assertEqual(stable(actual[1]), stable(expected[1]))


class TestEveryFormOpens(FrappeTestCase):
	"""The desk opens a form with frappe.desk.form.load.getdoc: for one record of every DocType that has
	records, through the override, as Administrator; and over real HTTP for the framework's and ERPNext's
	own DocTypes as a user of theirs (the override once took every form of the desk down)."""

	def test_a_form_of_every_doctype_with_a_record_opens(self):
		getdoc = frappe.get_attr(frappe.override_whitelisted_method("frappe.desk.form.load.getdoc"))
		doctypes = frappe.get_all(
			"DocType", filters={"istable": 0, "issingle": 0, "is_virtual": 0}, pluck="name", order_by="name"
		)
		opened, failures = 0, []
		for doctype in doctypes:
			if not frappe.db.table_exists(doctype):
				continue
			name = frappe.db.get_value(doctype, {}, "name", order_by="creation desc")
			if not name:
				continue
			frappe.local.response = frappe._dict({"docs": []})
			try:
				frappe.call(getdoc, doctype=doctype, name=name)
				if not frappe.local.response.docs:
					failures.append(f"{doctype} {name}: no document")
				opened += 1
			except Exception as e:
				failures.append(f"{doctype} {name}: {e!r}")
			finally:
				frappe.db.rollback()
		self.assertFalse(failures, "\n".join(failures))
		self.assertGreater(opened, 50 if "erpnext" in frappe.get_installed_apps() else 20)

	def test_forms_open_over_http(self):
		erpnext = has_erpnext()
		roles = ["Sales User", "Purchase User", "Accounts User"] if erpnext else ["System Manager"]
		user = make_user("forms-over-http@crm-plus.test", roles)
		samples = [
			(
				"ToDo",
				frappe.get_doc({"doctype": "ToDo", "description": "open me", "allocated_to": user})
				.insert()
				.name,
			)
		]
		if erpnext:
			customer = frappe.get_doc(
				{
					"doctype": "Customer",
					"customer_name": "Forms Over HTTP Customer",
					"customer_group": "All Customer Groups",
					"territory": "All Territories",
				}
			).insert()
			samples.append(("Customer", customer.name))
			supplier = frappe.get_doc(
				{
					"doctype": "Supplier",
					"supplier_name": "Forms Over HTTP Supplier",
					"supplier_group": "All Supplier Groups",
				}
			).insert()
			samples.append(("Supplier", supplier.name))
		frappe.db.commit()
		token = api_token(user)
		frappe.db.commit()
		try:
			with site_server() as base:
				for doctype, name in samples:
					for auth in (token, None):
						headers = {"Authorization": auth} if auth else {}
						if not auth:  # as Administrator, by login
							session = requests.Session()
							session.post(
								f"{base}/api/method/login",
								data={"usr": "Administrator", "pwd": "admin"},
								timeout=30,
							)
							get = session.get
						else:
							get = requests.get
						r = get(
							f"{base}/api/method/frappe.desk.form.load.getdoc",
							params={"doctype": doctype, "name": name},
							headers=headers,
							timeout=60,
						)
						with self.subTest(doctype=doctype, as_user=bool(auth)):
							self.assertEqual(r.status_code, 200, r.text[:500])
							self.assertEqual(r.json()["docs"][0]["name"], name)
		finally:
			for doctype, name in reversed(samples):
				frappe.delete_doc(doctype, name, force=True)
			frappe.db.commit()
