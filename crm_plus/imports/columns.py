"""The columns of the import templates: which field each fills, its Chinese and English header, and
how its value is checked. Headers are matched on either language (or the field name), in any order."""

import re
from dataclasses import dataclass

CUSTOMER, CONTACT, SUPPLIER = "Customer", "Contact", "Supplier"
TARGET_DOCTYPE = {CUSTOMER: "CP Customer", CONTACT: "Contact", SUPPLIER: "CP Supplier"}


# kinds of value: data, link (options = DocType), select (options = DocType whose field's options
# apply), user, phone, email, tax_id, date, currency
@dataclass(frozen=True)
class Column:
	fieldname: str
	zh: str
	en: str
	kind: str = "data"
	required: bool = False
	options: str | None = None
	example: object = None
	contact: bool = False  # fills the contact appended to the party, not the party itself

	def header(self) -> str:
		return f"{self.zh}{'*' if self.required else ''}\n{self.en}"


CONTACT_COLUMNS = (
	Column("contact_name", "联系人", "Contact Name", contact=True, example="张伟"),
	Column("contact_designation", "联系人职位", "Contact Position", contact=True, example="采购经理"),
	Column("contact_mobile", "联系人手机", "Contact Mobile", "phone", contact=True, example="13800138000"),
	Column(
		"contact_email", "联系人邮箱", "Contact Email", "email", contact=True, example="zhangwei@example.com"
	),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
	CUSTOMER: (
		Column("customer_name", "客户名称", "Customer Name", required=True, example="北京星河科技有限公司"),
		Column("customer_category", "客户分类", "Customer Category", "link", options="CP Customer Category"),
		Column("customer_source", "客户来源", "Customer Source", "link", options="CP Customer Source"),
		Column("company_type", "公司性质", "Company Type", "select", options="CP Customer"),
		Column("status", "合作状态", "Status", "select", options="CP Customer"),
		Column("region", "所属区域", "Region", "link", options="CP Region"),
		Column("industry", "所属行业", "Industry", "link", options="CP Industry"),
		Column(
			"tax_id", "统一社会信用代码", "Unified Social Credit Code", "tax_id", example="91110108MA01AB2C3X"
		),
		Column("phone", "电话", "Phone", "phone", example="010-62345678"),
		Column("email", "邮箱", "Email", "email", example="info@xinghe.example.com"),
		Column("website", "网站", "Website", example="https://xinghe.example.com"),
		Column(
			"first_cooperation_date", "首次合作时间", "First Cooperation Date", "date", example="2023-03-15"
		),
		Column("annual_amount", "年交易金额", "Annual Transaction Amount", "currency", example=1200000),
		Column("sales_owner", "负责人", "Sales Owner", "user", example=None),
		Column("preferences", "客户偏好", "Preferences"),
		Column("remarks", "备注", "Remarks"),
		*CONTACT_COLUMNS,
	),
	SUPPLIER: (
		Column("supplier_name", "供应商名称", "Supplier Name", required=True, example="苏州精工机械有限公司"),
		Column("supplier_type", "供应商类型", "Supplier Type", "select", options="CP Supplier"),
		Column("main_products", "主营产品/服务", "Main Products / Services", example="数控机床配件"),
		Column("status", "合作状态", "Status", "select", options="CP Supplier"),
		Column("region", "所属区域", "Region", "link", options="CP Region"),
		Column("purchaser", "采购负责人", "Purchaser", "user"),
		Column("tax_id", "统一社会信用代码", "Unified Social Credit Code", "tax_id"),
		Column("phone", "电话", "Phone", "phone", example="0512-66889900"),
		Column("email", "邮箱", "Email", "email", example="sales@jinggong.example.com"),
		Column("website", "网站", "Website"),
		Column("remarks", "备注", "Remarks"),
		*CONTACT_COLUMNS,
	),
	CONTACT: (
		Column(
			"customer",
			"客户（编号或名称）",
			"Customer (code or name)",
			required=True,
			example="北京星河科技有限公司",
		),
		Column("first_name", "姓名", "Full Name", required=True, example="李娜"),
		Column("designation", "职位", "Position", example="技术总监"),
		Column("cp_decision_role", "决策角色", "Decision Role", "select", options="Contact"),
		Column("mobile_no", "手机", "Mobile", "phone", example="13900139000"),
		Column("phone", "座机", "Phone", "phone", example="010-62345679"),
		Column("email_id", "邮箱", "Email", "email", example="lina@xinghe.example.com"),
	),
}

# the field holding the party's own name, per import type
NAME_FIELD = {CUSTOMER: "customer_name", SUPPLIER: "supplier_name", CONTACT: "first_name"}


def _token(text: str) -> str:
	return re.sub(r"[\s*＊]+", "", str(text or "")).casefold()


def match_headers(import_type: str, headers: list) -> tuple[dict[int, Column], list[str]]:
	"""Map the file's header cells to columns: ({position: Column}, [headers not recognised]).

	A header is recognised by its Chinese or English part, the field name, or both parts together
	as the template writes them ("客户名称*\\nCustomer Name")."""
	lookup = {}
	for column in COLUMNS[import_type]:
		for alias in (column.zh, column.en, column.fieldname, column.zh + column.en):
			lookup[_token(alias)] = column
	mapped, unknown = {}, []
	for position, header in enumerate(headers):
		if header is None or not str(header).strip():
			continue
		parts = [str(header), *re.split(r"[\n/|]+", str(header))]
		column = next((lookup[_token(p)] for p in parts if _token(p) in lookup), None)
		if column and column not in mapped.values():
			mapped[position] = column
		else:
			unknown.append(str(header).strip())
	return mapped, unknown
