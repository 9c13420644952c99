# Copyright (c) 2026, crm_plus contributors and Contributors
# See license.txt

# import frappe
from frappe.tests.utils import FrappeTestCase


class TestCPImport(FrappeTestCase):
	pass
