"""The registry of what crm_plus's record rules cover (crm_plus/permissions/registry.py) against the
site: every DocType that links to a customer is placed, and hooks.py wires each one as the registry says."""

import frappe
from frappe.tests.utils import FrappeTestCase

from crm_plus.permissions import registry

P = "crm_plus.permissions"


class TestPermissionRegistry(FrappeTestCase):
	def hook(self, name: str, doctype: str) -> list[str]:
		return [m for m in frappe.get_hooks(name).get(doctype, []) if m.startswith("crm_plus.")]

	def test_every_doctype_linking_to_a_customer_is_placed(self):
		linking = frappe.get_all(
			"DocField",
			filters={"fieldtype": "Link", "options": "CP Customer", "parenttype": "DocType"},
			fields=["parent", "fieldname"],
		) + frappe.get_all(
			"Custom Field",
			filters={"fieldtype": "Link", "options": "CP Customer"},
			fields=["dt as parent", "fieldname"],
		)
		self.assertTrue(linking)
		placed = {**registry.CUSTOMER_CHILDREN, **registry.OWN_RULES, **registry.NOT_CUSTOMER_RECORDS}
		unplaced = sorted({row.parent for row in linking} - set(placed))
		self.assertEqual(unplaced, [], "place these in crm_plus/permissions/registry.py")
		for doctype, field in registry.CUSTOMER_CHILDREN.items():
			df = frappe.get_meta(doctype).get_field(field)
			self.assertEqual((df.fieldtype, df.options), ("Link", "CP Customer"), doctype)

	def test_hooks_wire_each_registered_doctype(self):
		for doctype in registry.CUSTOMER_CHILDREN:
			self.assertEqual(
				self.hook("permission_query_conditions", doctype), [f"{P}.customer.child_query_conditions"]
			)
			self.assertEqual(self.hook("has_permission", doctype), [f"{P}.customer.child_has_permission"])
		for doctype, module in registry.OWN_RULES.items():
			for name in ("permission_query_conditions", "has_permission"):
				(method,) = self.hook(name, doctype)
				self.assertTrue(method.startswith(f"{P}.{module}."), (doctype, method))
				self.assertTrue(callable(frappe.get_attr(method)), method)
		for doctype in registry.NOT_CUSTOMER_RECORDS:
			self.assertEqual(self.hook("permission_query_conditions", doctype), [], doctype)
		for doctype in registry.CHILD_ROWS:
			self.assertTrue(frappe.get_meta(doctype).istable, doctype)
			self.assertEqual(
				self.hook("permission_query_conditions", doctype), [f"{P}.child_rows_query_conditions"]
			)
			self.assertEqual(self.hook("has_permission", doctype), [])
		for doctype in registry.REFERENCE_FIELDS:
			self.assertEqual(
				self.hook("permission_query_conditions", doctype),
				[f"{P}.references.reference_query_conditions"],
			)
			expected = (
				[]
				if doctype in registry.REFERENCE_LIST_ONLY
				else [f"{P}.references.reference_has_permission"]
			)
			self.assertEqual(self.hook("has_permission", doctype), expected, doctype)

	def test_reference_fields_exist(self):
		for doctype, fields in registry.REFERENCE_FIELDS.items():
			meta = frappe.get_meta(doctype)
			for field in fields:
				self.assertTrue(meta.has_field(field), f"{doctype}.{field}")

	def test_every_child_table_of_a_guarded_doctype_is_covered(self):
		"""A child table of a customer's record listed on its own must not show rows of records the user
		cannot read: each one is in CHILD_ROWS or has a rule of its own."""
		from crm_plus.permissions import guarded_doctypes

		tables = {
			df.options
			for dt in guarded_doctypes()
			for df in frappe.get_meta(dt).get_table_fields()
			if frappe.get_meta(df.options).module == "CRM Plus"
		}
		uncovered = sorted(t for t in tables if not self.hook("permission_query_conditions", t))
		self.assertEqual(uncovered, [], "add these to CHILD_ROWS in crm_plus/permissions/registry.py")
