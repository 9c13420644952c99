"""A small demo-like world for the desk's browser tests (the words walk, the phone flows): a sales team in
Chinese (users with language zh) and one record of each kind a sales team sees every day, named with
a prefix. Committed (the web server is another process) and removed again by `remove()`."""

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, add_to_date, now_datetime, nowdate

from crm_plus.doctypes import (
	CASE_STUDY,
	CHURN_ALERT,
	COMPLAINT,
	CONTRACT,
	CUSTOMER,
	FOLLOW_UP,
	GRADE_HISTORY,
	ORDER,
	OWNER_CHANGE_LOG,
	POOL_RETURN_WARNING,
	PRICE_FILE,
	PRICE_FILE_ITEM,
	PRICE_FILE_SHARE,
	SUPPLIER,
	SUPPLIER_DELIVERY,
	SUPPLIER_QUALITY_EVALUATION,
)
from crm_plus.permissions import roles
from crm_plus.tests.factories import (
	ensure_system_manager,
	make_case_study,
	make_competitor,
	make_complaint,
	make_contact,
	make_contract,
	make_customer,
	make_delivery,
	make_follow_up,
	make_master,
	make_order,
	make_price_file,
	make_product,
	make_supplier,
	make_team,
	make_user,
)

# the framework's own script noise in a desk driven fast on a loaded machine, not crm_plus's: its charts
# drawn before their card has a width (a negative SVG width), and a list or workspace re-rendered while the
# previous render is still detaching its nodes. The browser tests of this world leave these out.
FRAMEWORK_NOISE = ("<rect> attribute width: A negative value", "Failed to execute 'removeChild' on 'Node'")


def without_framework_noise(errors: list[str]) -> list[str]:
	return [e for e in errors if not any(noise in e for noise in FRAMEWORK_NOISE)]


MOBILE = "13800138000"
EMAIL = "wang.li@xinghe-dsk.example.com"
AGE_MINUTES = 15  # the customer was last changed this long ago: its list row's age column reads "15 ..."


class DeskWorld:
	def __init__(self, prefix: str = "DSK"):
		ensure_system_manager()
		self.prefix = p = prefix
		mail = p.lower()
		self.admin = make_user(
			f"{mail}-admin@crm-plus.test", [roles.CRM_ADMIN, "System Manager"], f"{p} 管理员"
		)
		self.manager = make_user(f"{mail}-mgr@crm-plus.test", [roles.SALES_MANAGER], f"{p} 经理")
		self.price_manager = make_user(f"{mail}-pm@crm-plus.test", [roles.PRICE_MANAGER], f"{p} 价格经理")
		self.rep = make_user(f"{mail}-rep@crm-plus.test", [roles.SALES_REP], f"{p} 销售")
		self.users = [self.admin, self.manager, self.price_manager, self.rep]
		for user in self.users:
			frappe.db.set_value("User", user, "language", "zh")
		self.team = make_team(f"{p} 华东销售部", self.manager, [self.rep])
		self.region = make_master("CP Region", f"{p} 华东")

		self.customer = make_customer(
			f"{p} 星河科技有限公司", self.rep, region=self.region, phone="021-62345678"
		)
		self.pool_customer = make_customer(f"{p} 公海贸易有限公司", None, region=self.region)
		self.customers = [self.customer, self.pool_customer]
		self.contact = make_contact(
			self.customer,
			"王丽",
			email_ids=[{"email_id": EMAIL, "is_primary": 1}],
			phone_nos=[{"phone": MOBILE, "is_primary_mobile_no": 1}],
		)
		self.product = make_product(f"{p} 工业传感器", product_code=f"{p}-SENSOR", unit="个")
		self.follow_up = make_follow_up(
			self.customer,
			f"{p} 上门拜访，介绍新产品",
			follow_up_type="Visit",
			next_follow_up_date=nowdate(),
			follow_up_owner=self.rep,
		)
		self.order = make_order(self.customer, lines=((self.product, 2, 1280),), remarks=f"{p} 首单")
		self.complaint = make_complaint(self.customer, f"{p} 交货延迟")
		self.contract = make_contract(self.customer, f"{p}-HT-001")
		alert = {"customer": self.customer, "cause": "No Order"}
		self.alert = frappe.db.get_value(CHURN_ALERT, alert) or (
			frappe.get_doc({"doctype": CHURN_ALERT, **alert}).insert(ignore_permissions=True).name
		)
		self.case_study = make_case_study(f"{p} 失败案例", self.customer, "Failure")
		self.competitor = make_competitor(f"{p} 竞争对手")
		self.supplier = make_supplier(f"{p} 精密零件供应商")
		self.delivery = make_delivery(self.supplier, f"{p} 第一批零件", add_days(nowdate(), 3))
		self.price_file = make_price_file(self.customer, [(self.product, 1180)])
		frappe.set_user(self.rep)
		try:
			apply_workflow(frappe.get_doc(PRICE_FILE, self.price_file), "Submit for Review")
		finally:
			frappe.set_user("Administrator")
		# the customer changed a quarter of an hour ago: the list's age column shows minutes
		frappe.db.set_value(
			CUSTOMER,
			self.customer,
			"modified",
			add_to_date(now_datetime(), minutes=-AGE_MINUTES),
			update_modified=False,
		)
		frappe.db.commit()  # the web server is another process

	def remove(self) -> None:
		frappe.db.rollback()
		frappe.set_user("Administrator")
		customers = self.customers
		files = frappe.get_all(PRICE_FILE, {"customer": ("in", customers)}, pluck="name")
		# approved price files are never deleted by the app: their rows go directly
		for doctype, field in (
			(PRICE_FILE_ITEM, "parent"),
			(PRICE_FILE_SHARE, "parent"),
			("DocShare", "share_name"),
			("Version", "docname"),
			("Comment", "reference_name"),
			("Workflow Action", "reference_name"),
			("Notification Log", "document_name"),
			(PRICE_FILE, "name"),
		):
			frappe.db.delete(doctype, {field: ("in", files or [""])})
		for doctype in (
			FOLLOW_UP,
			ORDER,
			COMPLAINT,
			CONTRACT,
			CHURN_ALERT,
			CASE_STUDY,
			GRADE_HISTORY,
			OWNER_CHANGE_LOG,
			POOL_RETURN_WARNING,
		):
			for name in frappe.get_all(doctype, {"customer": ("in", customers)}, pluck="name"):
				frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
		for doctype in (FOLLOW_UP, SUPPLIER_DELIVERY, SUPPLIER_QUALITY_EVALUATION):
			frappe.db.delete(doctype, {"supplier": self.supplier})
		contacts = frappe.get_all(
			"Dynamic Link",
			{"parenttype": "Contact", "link_name": ("in", [*customers, self.supplier])},
			pluck="parent",
		)
		for name in contacts:
			frappe.delete_doc("Contact", name, force=True, ignore_permissions=True)
		for doctype, name in (
			*((CUSTOMER, c) for c in customers),
			(SUPPLIER, self.supplier),
			("CP Sales Team", self.team),
			("CP Competitor", self.competitor),
			("CP Product", self.product),
		):
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
		frappe.db.delete("Notification Log", {"for_user": ("in", self.users)})
		frappe.db.commit()
