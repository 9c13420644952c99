"""Idempotent factories for tests: calling one twice with the same arguments gives the same record."""

import frappe
from frappe.utils.password import update_password

TEST_PASSWORD = "Crm-Plus-Test-2026!"


def make_user(email: str, roles: list[str] | tuple[str, ...] = (), first_name: str | None = None) -> str:
	"""A desk user with exactly `roles` and the password TEST_PASSWORD."""
	if "System Manager" not in roles:
		_ensure_a_system_manager()
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


def _ensure_a_system_manager() -> None:
	"""Frappe gives System Manager to any user saved while no other System Manager exists; keep one
	around so test users get exactly the roles a test asks for."""
	has_role = frappe.qb.DocType("Has Role")
	user = frappe.qb.DocType("User")
	others = (
		frappe.qb.from_(has_role)
		.join(user)
		.on(user.name == has_role.parent)
		.select(user.name)
		.where(
			(has_role.role == "System Manager")
			& (user.enabled == 1)
			& (user.name.notin(["Administrator", "Guest"]))
		)
		.limit(1)
		.run()
	)
	if not others:
		ensure_system_manager()


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

	def remove(self) -> None:
		"""Delete the world's customers and teams (for tests that committed them); the users stay."""
		for name in self.all_customers:
			frappe.delete_doc("CP Customer", name, force=True, ignore_permissions=True)
		for team in (f"{self.prefix} East", f"{self.prefix} South"):
			frappe.delete_doc("CP Sales Team", team, force=True, ignore_permissions=True)


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


# --- sales library -------------------------------------------------------------------------------


def _get_or_insert(doctype: str, key: dict, fields: dict) -> str:
	name = frappe.db.get_value(doctype, key)
	if name:
		return name
	return frappe.get_doc({"doctype": doctype, **key, **fields}).insert(ignore_permissions=True).name


def make_product_price(product: str, price: float, **fields) -> str:
	return _get_or_insert("CP Product Price", {"product": product, "price": price}, fields)


def make_competitor(competitor_name: str, **fields) -> str:
	return _get_or_insert("CP Competitor", {"competitor_name": competitor_name}, fields)


def make_competing_product(product_name: str, competitor: str, **fields) -> str:
	return _get_or_insert(
		"CP Competing Product", {"product_name": product_name, "competitor": competitor}, fields
	)


def make_case_study(title: str, customer: str | None = None, case_type: str = "Success", **fields) -> str:
	"""A case study of `customer` (None: a case tied to no customer), inserted without permission checks."""
	return _get_or_insert(
		"CP Case Study", {"title": title}, {"customer": customer, "case_type": case_type, **fields}
	)


def make_contract_template(template_name: str, body: str, **fields) -> str:
	return _get_or_insert("CP Contract Template", {"template_name": template_name}, {"body": body, **fields})


def _as_admin(doc):
	"""Insert `doc` as Administrator (factories make the world; tests then act as the users in it)."""
	user = frappe.session.user
	frappe.set_user("Administrator")
	try:
		return doc.insert(ignore_permissions=True)
	finally:
		frappe.set_user(user)


def make_supplier(supplier_name: str, **fields) -> str:
	from crm_plus.utils.normalize import normalize_party_name

	name = frappe.db.get_value("CP Supplier", {"normalized_name": normalize_party_name(supplier_name)})
	if name:
		return name
	return _as_admin(
		frappe.get_doc({"doctype": "CP Supplier", "supplier_name": supplier_name, **fields})
	).name


def make_follow_up(party: str, content: str, party_type: str = "Customer", **fields) -> str:
	"""A follow-up of customer (or supplier) `party`; the same party and content give the same record."""
	field = "customer" if party_type == "Customer" else "supplier"
	name = frappe.db.get_value("CP Follow Up", {field: party, "content": content})
	if name:
		return name
	doc = frappe.get_doc(
		{"doctype": "CP Follow Up", "party_type": party_type, field: party, "content": content, **fields}
	)
	return _as_admin(doc).name


def make_order(customer: str, lines=(("P-STD", 1, 100),), remarks: str | None = None, **fields) -> str:
	"""An order of `customer` with `lines` of (product name, qty, rate); `remarks` identifies it."""
	remarks = remarks or f"order of {customer}"
	name = frappe.db.get_value("CP Order", {"customer": customer, "remarks": remarks})
	if name:
		return name
	doc = frappe.get_doc({"doctype": "CP Order", "customer": customer, "remarks": remarks, **fields})
	for product, qty, rate in lines:
		doc.append("items", {"product": make_product(product), "qty": qty, "rate": rate})
	return _as_admin(doc).name


def make_complaint(customer: str, subject: str, **fields) -> str:
	name = frappe.db.get_value("CP Complaint", {"customer": customer, "subject": subject})
	if name:
		return name
	doc = frappe.get_doc(
		{
			"doctype": "CP Complaint",
			"customer": customer,
			"subject": subject,
			"description": fields.pop("description", subject),
			"category": fields.pop("category", "Product Quality"),
			**fields,
		}
	)
	return _as_admin(doc).name


def make_delivery(supplier: str, description: str, promised_date, actual_date=None, **fields) -> str:
	name = frappe.db.get_value("CP Supplier Delivery", {"supplier": supplier, "description": description})
	if name:
		return name
	doc = frappe.get_doc(
		{
			"doctype": "CP Supplier Delivery",
			"supplier": supplier,
			"description": description,
			"promised_date": promised_date,
			"actual_date": actual_date,
			**fields,
		}
	)
	return _as_admin(doc).name


def make_evaluation(supplier: str, score: int, note: str, **fields) -> str:
	name = frappe.db.get_value("CP Supplier Quality Evaluation", {"supplier": supplier, "note": note})
	if name:
		return name
	doc = frappe.get_doc(
		{
			"doctype": "CP Supplier Quality Evaluation",
			"supplier": supplier,
			"score": score,
			"note": note,
			**fields,
		}
	)
	return _as_admin(doc).name


def make_supplier_contact(supplier: str, first_name: str, **fields) -> str:
	contact = frappe.new_doc("Contact")
	contact.update({"first_name": first_name, **fields})
	contact.append("links", {"link_doctype": "CP Supplier", "link_name": supplier})
	return _as_admin(contact).name


def make_sales_order(customer: str, remarks: str, order_date, lines, status: str = "Completed") -> str:
	"""An order of `customer` dated `order_date` that has reached `status` (written straight to the
	database: the review workflow is tested with the orders themselves)."""
	name = make_order(customer, lines, remarks=remarks, order_date=order_date)
	frappe.db.set_value("CP Order", name, {"status": status, "order_date": order_date}, update_modified=False)
	return name


def make_grade_tiers(tiers=(("S", 85, 1), ("A", 70, 2), ("B", 50, 3), ("C", 0, 4))) -> None:
	"""Exactly `tiers` (name, minimum score, rank) as the customer grades; inside a test's savepoint."""
	for name, min_score, rank in tiers:
		if frappe.db.exists("CP Customer Grade", name):
			frappe.db.set_value("CP Customer Grade", name, {"min_score": min_score, "sequence": rank})
		else:
			frappe.get_doc(
				{"doctype": "CP Customer Grade", "grade_name": name, "min_score": min_score, "sequence": rank}
			).insert(ignore_permissions=True)
	keep = {t[0] for t in tiers}
	for name in frappe.get_all("CP Customer Grade", pluck="name"):
		if name not in keep:
			frappe.db.set_value("CP Customer Grade", name, "min_score", 101)  # never reached


def set_settings(doctype: str, **values) -> None:
	"""Change a Single's settings (inside a test's savepoint)."""
	doc = frappe.get_single(doctype)
	doc.update(values)
	doc.save(ignore_permissions=True)


MASTER_NAME_FIELDS = {
	"CP Customer Category": "category_name",
	"CP Customer Source": "source_name",
	"CP Region": "region_name",
	"CP Industry": "industry_name",
}


def make_master(doctype: str, value: str) -> str:
	"""A customer category, source, region or industry named `value`."""
	if not frappe.db.exists(doctype, value):
		frappe.get_doc({"doctype": doctype, MASTER_NAME_FIELDS[doctype]: value}).insert(
			ignore_permissions=True
		)
	return value


def set_pool_settings(**values) -> None:
	"""CP Pool Settings with `values` (holding_limit, auto_return_enabled, return_after_days, warning_days)."""
	set_settings("CP Pool Settings", **values)


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


def minimal_pdf() -> bytes:
	"""A real one-page PDF (the framework parses uploaded PDFs and refuses truncated ones)."""
	import io

	from pypdf import PdfWriter

	writer = PdfWriter()
	writer.add_blank_page(width=72, height=72)
	buffer = io.BytesIO()
	writer.write(buffer)
	return buffer.getvalue()
