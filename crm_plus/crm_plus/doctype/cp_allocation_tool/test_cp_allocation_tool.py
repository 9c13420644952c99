# Copyright (c) 2026, crm_plus contributors
# See license.txt
"""The tool's form sends its fields as the rule of crm_plus.api.allocation.run_rule: they must match."""

import frappe
from frappe.tests.utils import FrappeTestCase

from crm_plus.allocation.selection import FIELD_FILTERS, OWNER_FILTERS
from crm_plus.api.allocation import RULE_OPERATIONS


class TestCPAllocationTool(FrappeTestCase):
	def test_form_fields_are_the_rule_filters(self):
		meta = frappe.get_meta("CP Allocation Tool")
		inputs = {
			f.fieldname
			for f in meta.fields
			if f.fieldtype in ("Link", "Select", "Check") and f.fieldname not in ("operation", "to_owner")
		}
		self.assertEqual(inputs, set(FIELD_FILTERS) | set(OWNER_FILTERS))
		self.assertEqual(
			meta.get_field("company_type").options,
			frappe.get_meta("CP Customer").get_field("company_type").options,
		)

	def test_operations_are_those_that_work_on_a_rule(self):
		options = frappe.get_meta("CP Allocation Tool").get_field("operation").options.split("\n")
		self.assertEqual(set(options), set(RULE_OPERATIONS))
