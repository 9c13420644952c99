"""Idempotent factories for tests: calling one twice with the same arguments gives the same record."""

import frappe
from frappe.utils.password import update_password

TEST_PASSWORD = "Crm-Plus-Test-2026!"


def make_user(email: str, roles: list[str] | tuple[str, ...] = (), first_name: str | None = None) -> str:
	"""A desk user with exactly `roles` and the password TEST_PASSWORD."""
	if not frappe.db.exists("User", email):
		user = frappe.new_doc("User")
		user.update(
			{"email": email, "first_name": first_name or email.split("@")[0], "send_welcome_email": 0}
		)
		user.flags.no_welcome_mail = True
		user.insert(ignore_permissions=True)
	user = frappe.get_doc("User", email)
	current = {r.role for r in user.roles}
	if current != set(roles):
		user.set("roles", [])
		user.append_roles(*roles)
		user.save(ignore_permissions=True)
	update_password(email, TEST_PASSWORD)
	return email


def ensure_system_manager() -> str:
	"""A System Manager besides Administrator. Frappe makes the first user created on a site a System
	Manager (and keeps them one); a test that may run first creates this user before its sales reps."""
	return make_user("crm-plus-sysadmin@crm-plus.test", ["System Manager"], "Sysadmin")


def make_team(team_name: str, manager: str, members: list[str]) -> str:
	if frappe.db.exists("CP Sales Team", team_name):
		team = frappe.get_doc("CP Sales Team", team_name)
		team.manager = manager
		team.set("members", [])
	else:
		team = frappe.new_doc("CP Sales Team")
		team.update({"team_name": team_name, "manager": manager})
	for user in members:
		team.append("members", {"user": user})
	team.save(ignore_permissions=True)
	return team.name


def make_customer(customer_name: str, sales_owner: str | None = None, shared_with=(), **fields) -> str:
	"""A customer owned by `sales_owner` (None: the unassigned pool), created as Administrator."""
	from crm_plus.utils.normalize import normalize_party_name

	name = frappe.db.get_value("CP Customer", {"normalized_name": normalize_party_name(customer_name)})
	doc = frappe.get_doc("CP Customer", name) if name else frappe.new_doc("CP Customer")
	doc.update({"customer_name": customer_name, "sales_owner": sales_owner, **fields})
	doc.set("shared_with", [{"user": u} for u in shared_with])
	user = frappe.session.user
	frappe.set_user("Administrator")
	try:
		doc.save(ignore_permissions=True)
	finally:
		frappe.set_user(user)
	return doc.name


def make_contact(customer: str, first_name: str, **fields) -> str:
	contact = frappe.new_doc("Contact")
	contact.update({"first_name": first_name, **fields})
	contact.append("links", {"link_doctype": "CP Customer", "link_name": customer})
	contact.insert(ignore_permissions=True)
	return contact.name


class VisibilityWorld:
	"""Two sales teams, their reps and managers, a CRM administrator and customers in every position
	the visibility rule distinguishes. Names carry `prefix` so tests can pick their own records."""

	def __init__(self, prefix: str):
		from crm_plus.permissions import roles

		self.prefix = prefix
		p = prefix.lower()
		self.rep_a = make_user(f"{p}-rep-a@crm-plus.test", [roles.SALES_REP])
		self.rep_b = make_user(f"{p}-rep-b@crm-plus.test", [roles.SALES_REP])
		self.rep_c = make_user(f"{p}-rep-c@crm-plus.test", [roles.SALES_REP])
		self.mgr_east = make_user(f"{p}-mgr-east@crm-plus.test", [roles.SALES_MANAGER])
		self.mgr_south = make_user(f"{p}-mgr-south@crm-plus.test", [roles.SALES_MANAGER])
		self.admin = make_user(f"{p}-admin@crm-plus.test", [roles.CRM_ADMIN])
		self.outsider = make_user(f"{p}-price@crm-plus.test", [roles.PRICE_MANAGER])
		make_team(f"{prefix} East", self.mgr_east, [self.rep_a, self.rep_b])
		make_team(f"{prefix} South", self.mgr_south, [self.rep_c])
		self.cust_a = make_customer(f"{prefix} 甲方科技有限公司", self.rep_a)
		self.cust_b = make_customer(f"{prefix} 乙方贸易有限公司", self.rep_b)
		self.cust_c = make_customer(f"{prefix} 丙方制造有限公司", self.rep_c)
		self.cust_pool = make_customer(f"{prefix} 公海客户有限公司", None)
		self.cust_shared = make_customer(f"{prefix} 共享客户有限公司", self.rep_b, shared_with=[self.rep_a])
		self.all_customers = {self.cust_a, self.cust_b, self.cust_c, self.cust_pool, self.cust_shared}

	def expected(self, user: str) -> set[str]:
		return {
			self.rep_a: {self.cust_a, self.cust_shared},
			self.rep_b: {self.cust_b, self.cust_shared},
			self.rep_c: {self.cust_c},
			self.mgr_east: {self.cust_a, self.cust_b, self.cust_shared, self.cust_pool},
			self.mgr_south: {self.cust_c, self.cust_pool},
			self.admin: self.all_customers,
			self.outsider: set(),
		}[user]

	def users(self) -> list[str]:
		return [self.rep_a, self.rep_b, self.rep_c, self.mgr_east, self.mgr_south, self.admin, self.outsider]


def make_product(product_name: str, **fields) -> str:
	name = frappe.db.get_value("CP Product", {"product_name": product_name})
	if name:
		return name
	return (
		frappe.get_doc({"doctype": "CP Product", "product_name": product_name, **fields})
		.insert(ignore_permissions=True)
		.name
	)


def make_contract(
	customer: str, contract_no: str, start_date="2026-01-01", end_date="2026-12-31", **fields
) -> str:
	if frappe.db.exists("CP Contract", contract_no):
		return contract_no
	return (
		frappe.get_doc(
			{
				"doctype": "CP Contract",
				"contract_no": contract_no,
				"customer": customer,
				"start_date": start_date,
				"end_date": end_date,
				**fields,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def make_price_file(customer: str, lines=(), shared_with=(), **fields) -> str:
	"""A draft price file of `customer` made as Administrator; `lines` are dicts of line fields or
	(product, unit price) pairs. Valid from today for a year unless given."""
	from frappe.utils import add_years, nowdate

	doc = frappe.new_doc("CP Price File")
	doc.update({"customer": customer, "valid_from": nowdate(), "valid_to": add_years(nowdate(), 1), **fields})
	for line in lines:
		doc.append("lines", line if isinstance(line, dict) else {"product": line[0], "unit_price": line[1]})
	doc.set("shared_with", [{"user": u} for u in shared_with])
	user = frappe.session.user
	frappe.set_user("Administrator")
	try:
		doc.insert()
	finally:
		frappe.set_user(user)
	return doc.name


def approve_price_file(name: str, submitter: str = "Administrator", approver: str = "Administrator") -> None:
	"""Through the workflow: submit for review as `submitter`, approve as `approver`."""
	from frappe.model.workflow import apply_workflow

	user = frappe.session.user
	try:
		for who, action in ((submitter, "Submit for Review"), (approver, "Approve")):
			frappe.set_user(who)
			apply_workflow(frappe.get_doc("CP Price File", name), action)
	finally:
		frappe.set_user(user)
