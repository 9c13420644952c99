"""Demo customers (客户), their masters, teams, sharing and one contact each, written in bulk."""

import itertools
import random
from datetime import date, timedelta

import frappe
from frappe.utils import now_datetime

from crm_plus.demo import CHUNK, DemoContext
from crm_plus.demo.bulk import insert_party_contacts
from crm_plus.utils import naming
from crm_plus.utils.bulk import insert_rows
from crm_plus.utils.naming import random_name
from crm_plus.utils.normalize import normalize_party_name

CATEGORIES = ("战略客户", "重点客户", "普通客户", "潜在客户")
SOURCES = ("展会", "网络推广", "客户推荐", "电话营销", "招投标", "老客户转介绍")
REGIONS = ("华东", "华南", "华北", "华中", "西南", "西北", "东北")
INDUSTRIES = (
	"制造业",
	"信息技术",
	"零售",
	"医疗健康",
	"金融",
	"教育",
	"建筑工程",
	"物流",
	"能源化工",
	"食品饮料",
)
COMPANY_TYPES = (
	"Private Enterprise",
	"Private Enterprise",
	"Private Enterprise",
	"State-owned Enterprise",
	"Foreign-invested Enterprise",
	"Joint Venture",
	"Public Institution",
	"Individual Business",
)
CITIES = {
	"华东": ("上海", "杭州", "南京", "苏州", "宁波", "合肥", "济南", "青岛", "福州", "厦门"),
	"华南": ("广州", "深圳", "东莞", "佛山", "南宁", "海口"),
	"华北": ("北京", "天津", "石家庄", "太原", "呼和浩特"),
	"华中": ("武汉", "长沙", "郑州", "南昌"),
	"西南": ("成都", "重庆", "昆明", "贵阳"),
	"西北": ("西安", "兰州", "银川", "乌鲁木齐"),
	"东北": ("沈阳", "大连", "长春", "哈尔滨"),
}
BRAND_CHARS = "华星远恒信达瑞鑫泰盛宏创博联汇通安康明辉金海天晨新源嘉和永顺丰凯德锦佳润晟弘"
TRADES = {
	"制造业": ("精密机械", "电子", "模具", "汽车配件", "智能装备"),
	"信息技术": ("软件", "网络科技", "数据", "信息技术", "云计算"),
	"零售": ("商贸", "连锁超市", "百货", "电子商务"),
	"医疗健康": ("医疗器械", "生物科技", "医药", "健康管理"),
	"金融": ("投资", "融资租赁", "保险代理", "资产管理"),
	"教育": ("教育科技", "培训", "文化传媒"),
	"建筑工程": ("建设工程", "装饰工程", "建材", "市政工程"),
	"物流": ("物流", "供应链", "货运代理", "仓储"),
	"能源化工": ("新能源", "化工", "环保科技", "电力设备"),
	"食品饮料": ("食品", "饮品", "农业科技", "餐饮管理"),
}
SUFFIXES = ("有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司", "集团有限公司")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰萍建国志红"
TITLES = ("总经理", "采购经理", "采购专员", "技术总监", "财务经理", "运营总监", "董事长", "项目经理")
DECISION_ROLES = ("Decision Maker", "Influencer", "Technical Evaluator", "User", "Gatekeeper")


def _masters() -> None:
	for doctype, field, values in (
		("CP Customer Category", "category_name", CATEGORIES),
		("CP Customer Source", "source_name", SOURCES),
		("CP Region", "region_name", REGIONS),
		("CP Industry", "industry_name", INDUSTRIES),
	):
		for value in values:
			if not frappe.db.exists(doctype, value):
				frappe.get_doc({"doctype": doctype, field: value}).insert(ignore_permissions=True)


def _teams(ctx: DemoContext) -> None:
	for team, spec in ctx.teams.items():
		if frappe.db.exists("CP Sales Team", team):
			continue
		doc = frappe.new_doc("CP Sales Team")
		doc.update({"team_name": team, "manager": spec["manager"]})
		for rep in spec["reps"]:
			doc.append("members", {"user": rep})
		doc.insert(ignore_permissions=True)


def _unique_names(rng: random.Random, count: int, taken: set[str]):
	"""Realistic, distinct company names (distinct after normalisation, as the app requires)."""
	produced = 0
	while produced < count:
		region = rng.choice(REGIONS)
		industry = rng.choice(INDUSTRIES)
		city = rng.choice(CITIES[region])
		brand = rng.choice(BRAND_CHARS) + rng.choice(BRAND_CHARS)
		name = f"{city}{brand}{rng.choice(TRADES[industry])}{rng.choice(SUFFIXES)}"
		key = normalize_party_name(name)
		if key in taken:
			name = f"{city}{brand}{rng.choice(TRADES[industry])}{produced % 97 + 1}号{rng.choice(SUFFIXES)}"
			key = normalize_party_name(name)
			if key in taken:
				continue
		taken.add(key)
		produced += 1
		yield name, key, region, industry


def make_customers(ctx: DemoContext) -> None:
	_masters()
	_teams(ctx)
	rng = ctx.rng
	year = now_datetime().year
	prefix = f"C{year}"
	start = naming.current(prefix)
	taken = set(frappe.get_all("CP Customer", pluck="normalized_name"))
	full_name = dict(
		frappe.get_all("User", filters={"name": ("in", ctx.reps)}, fields=["name", "full_name"], as_list=True)
	)
	today = date.today()

	n = n_shares = n_contacts = 0
	ctx.shared["customers"] = []  # (code, owner) for later steps
	numbered = enumerate(_unique_names(rng, ctx.customers, taken), start + 1)
	while chunk := list(itertools.islice(numbered, CHUNK)):
		written, shared, contacts = _write_customers(ctx, chunk, prefix, full_name, today)
		n, n_shares, n_contacts = n + written, n_shares + shared, n_contacts + contacts
		naming.set_current(prefix, start + n)
		ctx.commit()
		if n < ctx.customers:
			ctx.progress(f"customers: {n} ...")
	ctx.progress(f"customers: {n}")
	ctx.counts["customers"] = n
	ctx.counts["shares"] = n_shares
	ctx.counts["contacts"] = n_contacts
	ctx.progress(f"contacts: {n_contacts}")


def _write_customers(
	ctx: DemoContext, chunk: list, prefix: str, full_name: dict, today
) -> tuple[int, int, int]:
	"""One chunk of customers with their shares and contacts; (customers, shares, contacts) written."""
	rng = ctx.rng
	customers, shares = [], []
	for i, (name, key, region, industry) in chunk:
		code = f"{prefix}{i:05d}"
		owner = rng.choice(ctx.reps) if rng.random() > 0.05 else None  # 5% in the unassigned pool
		customers.append(
			(
				code,
				name,
				key,
				rng.choice(CATEGORIES),
				rng.choice(SOURCES),
				rng.choice(COMPANY_TYPES),
				rng.choices(("Active", "Paused", "Churned"), (85, 10, 5))[0],
				None,  # the grade is computed by the grading step (crm_plus.demo.grading)
				region,
				industry,
				owner,
				full_name.get(owner),
				today - timedelta(days=rng.randint(30, 365 * 6)),
				round(rng.lognormvariate(12.5, 1.1), 2),
				f"0{rng.choice(('10', '21', '755', '571', '25', '28'))}-{rng.randint(2000_0000, 8999_9999)}",
			)
		)
		if owner and rng.random() < 0.02:
			shares.append((code, rng.choice([r for r in ctx.reps if r != owner])))

	fields = [
		"name",
		"customer_name",
		"normalized_name",
		"customer_category",
		"customer_source",
		"company_type",
		"status",
		"grade",
		"region",
		"industry",
		"sales_owner",
		"sales_owner_name",
		"first_cooperation_date",
		"annual_amount",
		"phone",
	]
	n = insert_rows("CP Customer", fields, customers)
	ctx.shared["customers"] += [(c[0], c[10]) for c in customers]

	insert_rows(
		"CP Customer Share",
		["name", "parent", "parenttype", "parentfield", "user", "idx"],
		((random_name(), code, "CP Customer", "shared_with", user, 1) for code, user in shares),
	)
	insert_rows(
		"DocShare",
		[
			"name",
			"user",
			"share_doctype",
			"share_name",
			"read",
			"write",
			"share",
			"everyone",
			"notify_by_email",
		],
		((random_name(), user, "CP Customer", code, 1, 1, 0, 0, 0) for code, user in shares),
	)
	return n, len(shares), _contacts(ctx, customers)


def _contacts(ctx: DemoContext, customers: list[tuple]) -> int:
	rng = ctx.rng
	rows = []
	for c in customers:
		code, company = c[0], c[1]
		first = rng.choice(SURNAMES)
		last = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.5 else "")
		mobile = f"1{rng.choice('3456789')}{rng.randint(0, 999_999_999):09d}"
		title, role = rng.choice(TITLES), rng.choice(DECISION_ROLES)
		rows.append((f"CT-{code}", code, company, first, last, title, mobile, role))
	return insert_party_contacts("CP Customer", rows, extra_fields=("cp_decision_role",))
