"""Which robots speak for which users: a user robot for its user, a team robot for the team's manager and
members; one query for the robots, two for the teams."""

from collections.abc import Iterable

import frappe

from crm_plus.doctypes import MESSAGING_ROBOT, SALES_TEAM, SALES_TEAM_MEMBER
from crm_plus.messaging.events import EVENT_FIELDS, TEAM, USER


def robots_for(event: str, users: Iterable[str]) -> list[tuple[dict, set[str]]]:
	"""The enabled robots that want `event` for any of `users`, each with the users it speaks for: a
	user robot for its user, a team robot for the team's manager and members."""
	users = sorted({u for u in users if u})
	if not users:
		return []
	field = EVENT_FIELDS[event]
	member = frappe.qb.DocType(SALES_TEAM_MEMBER)
	team = frappe.qb.DocType(SALES_TEAM)
	teams: dict[str, set[str]] = {}
	for team_name, user in (
		frappe.qb.from_(member)
		.select(member.parent, member.user)
		.where((member.parenttype == SALES_TEAM) & member.user.isin(users))
		.run()
	) + frappe.qb.from_(team).select(team.name, team.manager).where(team.manager.isin(users)).run():
		teams.setdefault(team_name, set()).add(user)

	robot = frappe.qb.DocType(MESSAGING_ROBOT)
	for_users = (robot.scope == USER) & robot.user.isin(users)
	where = for_users | ((robot.scope == TEAM) & robot.sales_team.isin(sorted(teams))) if teams else for_users
	rows = (
		frappe.qb.from_(robot)
		.select(
			robot.name,
			robot.robot_name,
			robot.provider,
			robot.language,
			robot.scope,
			robot.sales_team,
			robot.user,
		)
		.where((robot.enabled == 1) & (robot[field] == 1) & where)
		.orderby(robot.name)
		.run(as_dict=True)
	)
	return [(r, {r.user} if r.scope == USER else teams.get(r.sales_team, set())) for r in rows]
