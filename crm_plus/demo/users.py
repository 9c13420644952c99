"""Demo users: two sales teams of reps with a manager each, and one user per other crm_plus role."""

import frappe
from frappe.utils.password import update_password

from crm_plus.demo import DEMO_DOMAIN, DEMO_PASSWORD, DemoContext
from crm_plus.permissions import roles

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = [
	"伟",
	"芳",
	"娜",
	"敏",
	"静",
	"丽",
	"强",
	"磊",
	"军",
	"洋",
	"勇",
	"艳",
	"杰",
	"娟",
	"涛",
	"明",
	"超",
	"秀英",
	"霞",
	"平",
]

REPS_PER_TEAM = 10
TEAMS = ("华东销售部", "华南销售部")


def _ensure_user(email: str, first_name: str, user_roles: list[str]) -> str:
	if not frappe.db.exists("User", email):
		user = frappe.new_doc("User")
		user.update(
			{
				"email": email,
				"first_name": first_name,
				"send_welcome_email": 0,
				"language": "zh",
				"time_zone": "Asia/Shanghai",
				"default_workspace": "CRM Plus",
			}
		)
		user.append_roles(*user_roles)
		user.flags.no_welcome_mail = True
		user.insert(ignore_permissions=True)
		update_password(email, DEMO_PASSWORD)
	return email


def make_users(ctx: DemoContext) -> None:
	# Frappe makes the first user of a site a System Manager: let that be the administrator
	_ensure_user(f"admin@{DEMO_DOMAIN}", "系统管理员", [roles.CRM_ADMIN, "System Manager"])
	n = 1
	for t, team in enumerate(TEAMS):
		manager = _ensure_user(f"manager{t + 1}@{DEMO_DOMAIN}", f"{SURNAMES[t]}经理", [roles.SALES_MANAGER])
		reps = []
		for i in range(REPS_PER_TEAM):
			k = t * REPS_PER_TEAM + i
			name = SURNAMES[(k + 2) % len(SURNAMES)] + GIVEN[k % len(GIVEN)]
			reps.append(_ensure_user(f"rep{k + 1:02d}@{DEMO_DOMAIN}", name, [roles.SALES_REP]))
		ctx.teams[team] = {"manager": manager, "reps": reps}
		ctx.managers.append(manager)
		ctx.reps.extend(reps)
		n += 1 + len(reps)
	for email, name, role in (
		(f"pricing@{DEMO_DOMAIN}", "价格专员", roles.PRICE_MANAGER),
		(f"purchasing@{DEMO_DOMAIN}", "采购专员", roles.PURCHASING),
		(f"library@{DEMO_DOMAIN}", "资料编辑", roles.LIBRARY_EDITOR),
	):
		_ensure_user(email, name, [role])
		n += 1
	ctx.counts["users"] = n
	ctx.progress(f"users: {n} (password {DEMO_PASSWORD})")
