# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from crm_plus.exceptions import TeamMembershipError


class CPSalesTeam(Document):
	# begin: auto-generated types
	# end: auto-generated types

	def validate(self):
		self.remove_duplicate_members()
		self.validate_one_team_per_rep()

	def remove_duplicate_members(self):
		seen = set()
		self.members = [m for m in self.members if not (m.user in seen or seen.add(m.user))]
		for i, member in enumerate(self.members, 1):
			member.idx = i

	def validate_one_team_per_rep(self):
		users = [m.user for m in self.members]
		if not users:
			return
		clash = frappe.get_all(
			"CP Sales Team Member",
			filters={"user": ("in", users), "parent": ("!=", self.name), "parenttype": "CP Sales Team"},
			fields=["user", "parent"],
			limit=1,
		)
		if clash:
			frappe.throw(
				_("{0} is already a member of sales team {1}; a sales rep belongs to one team.").format(
					frappe.bold(clash[0].user), frappe.bold(clash[0].parent)
				),
				TeamMembershipError,
				title=_("Already in a Team"),
			)
