"""Who may see and set up messaging robots (CP Messaging Robot) and read their send log (CP Robot Message).

CRM administrators and System Managers: every robot. A sales manager: the robots of the teams they
manage and of the users in them (and their own); they may create, change and delete those, never another
team's (the robot's URL holds its key). Sales reps and the other roles have no DocPerm on either. A
message is readable by whoever may read its robot.
"""

import frappe

from crm_plus.doctypes import MESSAGING_ROBOT, ROBOT_MESSAGE, SALES_TEAM
from crm_plus.permissions.customer import is_sales_manager, managed_reps
from crm_plus.permissions.roles import is_crm_admin
from crm_plus.utils import conditions as sql


def managed_teams(user: str) -> list[str]:
	return frappe.get_all(SALES_TEAM, filters={"manager": user}, pluck="name", order_by="name")


def may_manage_robot(scope: str | None, sales_team: str | None, robot_user: str | None, user: str) -> bool:
	"""Whether `user` may set up a robot for this team or user."""
	if is_crm_admin(user):
		return True
	if not is_sales_manager(user):
		return False
	if scope == "User":
		return bool(robot_user) and (robot_user == user or robot_user in managed_reps(user))
	return bool(sales_team) and sales_team in managed_teams(user)


def _robots_condition(user: str, table: str) -> str:
	scope = sql.column(table, "scope")
	users = sql.all_of(
		sql.equals(scope, "User"), sql.is_in(sql.column(table, "user"), [user, *managed_reps(user)])
	)
	teams = managed_teams(user)
	team = (
		sql.all_of(sql.equals(scope, "Sales Team"), sql.is_in(sql.column(table, "sales_team"), teams))
		if teams
		else ""
	)
	return sql.any_of(users, team)


def robot_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if is_crm_admin(user):
		return ""
	if not is_sales_manager(user):
		return sql.NOTHING
	return _robots_condition(user, sql.table(MESSAGING_ROBOT))


def robot_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	user = user or frappe.session.user
	if is_crm_admin(user):
		return True
	if doc.is_new() and not (doc.get("sales_team") or doc.get("user")):
		return True  # a blank new form; saving it is judged with what it says
	if not doc.is_new():
		# judged by what is stored too: a manager cannot take over another team's robot by re-pointing it
		stored = frappe.db.get_value(MESSAGING_ROBOT, doc.name, ["scope", "sales_team", "user"], as_dict=True)
		if stored and not may_manage_robot(stored.scope, stored.sales_team, stored.user, user):
			return False
	return may_manage_robot(doc.get("scope"), doc.get("sales_team"), doc.get("user"), user)


def message_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if is_crm_admin(user):
		return ""
	if not is_sales_manager(user):
		return sql.NOTHING
	robots = sql.select("`r`.`name`", f"{sql.table(MESSAGING_ROBOT)} `r`", _robots_condition(user, "`r`"))
	return sql.in_query(sql.column(sql.table(ROBOT_MESSAGE), "robot"), robots)


def message_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	user = user or frappe.session.user
	if is_crm_admin(user):
		return True
	robot = frappe.db.get_value(
		MESSAGING_ROBOT, doc.get("robot"), ["scope", "sales_team", "user"], as_dict=True
	)
	return bool(robot) and may_manage_robot(robot.scope, robot.sales_team, robot.user, user)
