# Copyright (c) 2026, crm_plus contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from crm_plus.exceptions import TeamMembershipError
from crm_plus.permissions.customer import managed_reps
from crm_plus.permissions.roles import SALES_MANAGER, SALES_REP
from crm_plus.tests.factories import make_team, make_user


class TestCPSalesTeam(FrappeTestCase):
	def setUp(self):
		self.mgr = make_user("team-mgr@crm-plus.test", [SALES_MANAGER])
		self.rep1 = make_user("team-rep1@crm-plus.test", [SALES_REP])
		self.rep2 = make_user("team-rep2@crm-plus.test", [SALES_REP])

	def tearDown(self):
		frappe.db.rollback()

	def test_manager_leads_the_members_of_their_teams(self):
		make_team("TEAM North", self.mgr, [self.rep1, self.rep1])
		self.assertEqual(managed_reps(self.mgr), [self.rep1])
		self.assertEqual(len(frappe.get_doc("CP Sales Team", "TEAM North").members), 1)

	def test_a_rep_belongs_to_one_team(self):
		make_team("TEAM North", self.mgr, [self.rep1])
		with self.assertRaises(TeamMembershipError) as caught:
			make_team("TEAM West", self.mgr, [self.rep2, self.rep1])
		self.assertIn("TEAM North", str(caught.exception))

	def test_reps_cannot_edit_teams(self):
		make_team("TEAM North", self.mgr, [self.rep1])
		with self.set_user(self.rep1):
			team = frappe.get_doc("CP Sales Team", "TEAM North")
			team.append("members", {"user": self.rep2})
			self.assertRaises(frappe.PermissionError, team.save)
