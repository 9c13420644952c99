"""Demo products, orders (订单) with lines, follow-ups (跟进记录), contracts (合同) and complaints (投诉).

Written with bulk inserts (crm_plus.demo.bulk), so 200,000 orders with 1,000,000 lines take about a
minute. The data is shaped for the grading and churn work that reads it:

- orders spread over the last three years; most customers are active (an order in the last 90 days),
  some stopped 90–400 days ago (lapsed), some only ever had cancelled orders, some never ordered; a few
  big customers order much more than the rest; recent orders are still in review or on their way,
  older ones completed (some cancelled);
- follow-ups over the last two years; each customer's latest one plans the next contact, due today or
  overdue for some, and the customer's last follow-up date is set from them;
- contracts of ordering customers, active or expired; complaints of some customers, a few still
  unresolved after more than seven days.
"""

import random
from datetime import date, datetime, time, timedelta

import frappe
from frappe.utils import getdate, nowdate

from crm_plus.demo import CHUNK, DemoContext
from crm_plus.follow_ups import refresh_last_follow_up_dates
from crm_plus.orders import (
	CANCELLED,
	COMPLETED,
	CONFIRMED,
	CREATED,
	DELIVERED,
	PENDING_REVIEW,
	SHIPPED,
)
from crm_plus.utils import naming
from crm_plus.utils.bulk import insert_rows

PRODUCTS_WANTED = 200
PRODUCT_FAMILIES = (
	# family, unit, typical price, models
	("深沟球轴承", "套", 45, ("6204", "6205", "6206", "6305", "6308")),
	("伺服电机", "台", 3200, ("SV-0.4kW", "SV-0.75kW", "SV-1.5kW", "SV-3kW")),
	("变频器", "台", 2600, ("VF-2.2", "VF-5.5", "VF-11", "VF-22")),
	("PLC 控制器", "台", 5800, ("CP-16", "CP-32", "CP-64")),
	("光电传感器", "个", 180, ("PS-10", "PS-30", "PS-100")),
	("工业相机", "台", 7600, ("IC-200万", "IC-500万", "IC-1200万")),
	("液压阀", "个", 950, ("HV-6", "HV-10", "HV-16")),
	("气缸", "个", 320, ("AC-32", "AC-50", "AC-63", "AC-80")),
	("减速机", "台", 2100, ("RG-40", "RG-60", "RG-90")),
	("工业网关", "台", 1500, ("GW-4G", "GW-5G")),
	("触摸屏 HMI", "台", 2300, ("HMI-7", "HMI-10", "HMI-15")),
	("线缆组件", "米", 12, ("CB-2", "CB-4", "CB-8")),
	("MES 软件许可", "套", 48000, ("标准版", "专业版", "企业版")),
	("年度维保服务", "年", 12000, ("基础", "标准", "尊享")),
	("安装调试服务", "次", 3500, ("单机", "产线")),
)
# quantities by unit price: licences and machines come in ones and twos, small parts by the hundred
QUANTITIES = ((5_000, (1, 1, 1, 2, 2, 3)), (500, (1, 2, 2, 3, 5, 10, 20)), (0, (10, 20, 50, 100, 200, 500)))

FOLLOW_UP_TYPES = (("Call", 40), ("Visit", 20), ("Email", 20), ("Meeting", 12), ("Other", 8))
FOLLOW_UP_CONTENT = (
	"电话沟通下季度采购计划，客户关注交期",
	"上门拜访，演示新款产品并收集需求",
	"发送报价单，等待客户内部审批",
	"确认上批订单到货及安装情况",
	"与采购经理讨论年度框架协议",
	"技术交流会，客户工程师提出选型问题",
	"客户反馈价格偏高，约定下周再议",
	"邀请客户参加行业展会",
	"跟进回款进度",
	"节日问候，顺带了解新项目",
)
NEXT_STEPS = ("发送正式报价", "安排技术人员拜访", "确认合同条款", "跟进付款", "提供样品", "邀请参观工厂")

COMPLAINT_CATEGORIES = (
	("Product Quality", 35),
	("Delivery", 30),
	("Service", 15),
	("Price", 8),
	("Billing", 7),
)
COMPLAINT_SUBJECTS = {
	"Product Quality": ("部分产品外观有划痕", "设备运行噪音偏大", "批次产品尺寸超差"),
	"Delivery": ("到货比约定晚了三天", "发错型号", "包装破损"),
	"Service": ("售后响应慢", "安装人员未按时到场"),
	"Price": ("续约价格上涨过多",),
	"Billing": ("发票信息有误", "对账金额不一致"),
}


def _weighted(rng: random.Random, pairs):
	values, weights = zip(*pairs, strict=True)
	return rng.choices(values, weights)[0]


def _stamp(rng: random.Random, day: date) -> datetime:
	return datetime.combine(day, time(8, 0)) + timedelta(minutes=rng.randint(0, 600))


class YearlyNames:
	"""Names like FU-2025-00042 for records written in bulk, numbered by date within each year and
	continuing the framework's naming series (which is left where the last demo name ended)."""

	def __init__(self, prefix: str):
		self.prefix = prefix
		self.next: dict[int, int] = {}

	def name(self, day: date) -> str:
		key = f"{self.prefix}-{day.year}-"
		if day.year not in self.next:
			self.next[day.year] = naming.current(key)
		self.next[day.year] += 1
		return f"{key}{self.next[day.year]:05d}"

	def save(self) -> None:
		for year, current in self.next.items():
			naming.set_current(f"{self.prefix}-{year}-", current)


def _customers(ctx: DemoContext) -> list[dict]:
	"""The customers with their name, owner and status, and the rep who works them (their owner, or
	for the unassigned pool a rep picked once); read once and shared by the steps below."""
	if "customer_rows" not in ctx.shared:
		rows = frappe.get_all(
			"CP Customer", fields=["name", "customer_name", "sales_owner", "status"], order_by="name"
		)
		for row in rows:
			row["rep"] = row.sales_owner or ctx.rng.choice(ctx.reps)
		ctx.shared["customer_rows"] = rows
	return ctx.shared["customer_rows"]


def _manager_of(ctx: DemoContext) -> dict[str, str]:
	return {rep: spec["manager"] for spec in ctx.teams.values() for rep in spec["reps"]}


# --- products ------------------------------------------------------------------------------------


def make_products(ctx: DemoContext) -> None:
	"""At least PRODUCTS_WANTED products to sell (existing ones are used as they are)."""
	rng = ctx.rng
	have = frappe.db.count("CP Product", {"disabled": 0})
	missing = max(PRODUCTS_WANTED - have, 0)
	start = naming.current("PRD-")
	rows = []
	for i in range(missing):
		family, unit, price, models = PRODUCT_FAMILIES[i % len(PRODUCT_FAMILIES)]
		n = start + i + 1
		model = models[(i // len(PRODUCT_FAMILIES)) % len(models)]
		variant = i // (len(PRODUCT_FAMILIES) * len(models))
		name = f"{family} {model}" + (f" 第{variant + 1}代" if variant else "")
		rows.append(
			(
				f"PRD-{n:05d}",
				"PRD-.#####",
				name,
				f"DEMO-{n:05d}",
				family,
				unit,
				round(price * rng.uniform(0.7, 1.5), 2),
				0,
			)
		)
	insert_rows(
		"CP Product",
		[
			"name",
			"naming_series",
			"product_name",
			"product_code",
			"product_category",
			"unit",
			"standard_price",
			"disabled",
		],
		rows,
	)
	if rows:
		naming.set_current("PRD-", start + len(rows))
	ctx.shared["products"] = frappe.get_all(
		"CP Product",
		filters={"disabled": 0},
		fields=["name", "product_name", "unit", "standard_price"],
		order_by="name",
	)
	ctx.counts["products"] = len(ctx.shared["products"])
	ctx.progress(f"products: {len(rows)} new, {len(ctx.shared['products'])} in all")


# --- orders --------------------------------------------------------------------------------------


def _profiles(ctx: DemoContext, customers: list[dict]) -> dict[str, tuple[str, int]]:
	"""customer -> (profile, days since their last possible order)."""
	rng = ctx.rng
	profiles = {}
	for c in customers:
		if c.status == "Churned":
			profile = rng.choices(("lapsed", "none"), (80, 20))[0]
		elif c.status == "Paused":
			profile = rng.choices(("lapsed", "active"), (70, 30))[0]
		else:
			profile = rng.choices(("active", "lapsed", "cancelled_only", "none"), (80, 8, 3, 9))[0]
		quiet = rng.randint(95, 400) if profile == "lapsed" else 0
		profiles[c.name] = (profile, quiet)
	return profiles


def _order_status(rng: random.Random, age: int, profile: str) -> str:
	if profile == "cancelled_only":
		return CANCELLED
	if age > 60:
		return rng.choices((COMPLETED, CANCELLED, DELIVERED), (90, 6, 4))[0]
	if age > 14:
		return rng.choices((CONFIRMED, SHIPPED, DELIVERED, COMPLETED, CANCELLED), (8, 14, 35, 38, 5))[0]
	return rng.choices(
		(CREATED, PENDING_REVIEW, CONFIRMED, SHIPPED, DELIVERED, CANCELLED), (15, 20, 25, 20, 12, 8)
	)[0]


def make_orders(ctx: DemoContext) -> None:
	"""ctx.orders orders with ctx.lines_per_order lines on average (exactly orders × lines in all)."""
	rng = ctx.rng
	today = getdate(nowdate())
	first_day = today - timedelta(days=3 * 365)
	customers = _customers(ctx)
	if not customers or not ctx.orders:
		return
	profiles = _profiles(ctx, customers)
	buyers = [c for c in customers if profiles[c.name][0] != "none"]
	# a few big customers order much more than the rest
	weights = [rng.paretovariate(1.6) for _ in buyers]
	manager_of = _manager_of(ctx)

	# every buyer gets one order (an active customer's is recent: they are active), the rest go by weight
	first = buyers if ctx.orders >= len(buyers) else rng.sample(buyers, ctx.orders)
	more = rng.choices(buyers, weights, k=ctx.orders - len(first))
	headers = []
	for recent, c in [(True, c) for c in first] + [(False, c) for c in more]:
		profile, quiet = profiles[c.name]
		if recent and profile == "active":
			day = today - timedelta(days=rng.randint(0, 85))
		else:
			last_day = today - timedelta(days=quiet)
			day = first_day + timedelta(days=rng.randint(0, max((last_day - first_day).days, 0)))
		headers.append((day, c, _order_status(rng, (today - day).days, profile)))
	headers.sort(key=lambda h: h[0])

	products = ctx.shared["products"]
	names = YearlyNames("ORD")
	order_fields = [
		"name",
		"customer",
		"customer_name",
		"order_date",
		"delivery_date",
		"status",
		"approved_by",
		"approved_on",
		"total_qty",
		"total_amount",
		"remarks",
		"owner",
		"modified_by",
		"creation",
		"modified",
	]
	line_fields = [
		"name",
		"parent",
		"parenttype",
		"parentfield",
		"idx",
		"product",
		"product_name",
		"uom",
		"qty",
		"rate",
		"amount",
		"owner",
		"modified_by",
		"creation",
		"modified",
	]
	# lines per order vary around the average; pairs of orders balance out to the exact total
	per_order = ctx.lines_per_order
	line_counts = []
	for _ in range(len(headers) // 2):
		delta = rng.randint(-(per_order - 1), per_order - 1)
		line_counts += [per_order + delta, per_order - delta]
	line_counts += [per_order] * (len(headers) % 2)
	n_orders = n_lines = 0
	sample = []
	chunk = 10_000
	for start in range(0, len(headers), chunk):
		orders, lines = [], []
		for i, (day, c, status) in enumerate(headers[start : start + chunk], start):
			name = names.name(day)
			count = line_counts[i]
			stamp = _stamp(rng, day)
			total_qty = total = 0
			for idx, product in enumerate(rng.sample(products, min(count, len(products))), 1):
				price = float(product.standard_price or 0)
				qty = rng.choice(next(q for floor, q in QUANTITIES if price >= floor))
				rate = round(price * rng.uniform(0.85, 1.05), 2)
				amount = round(qty * rate, 2)
				total_qty += qty
				total += amount
				lines.append(
					(
						f"{name}-{idx}",
						name,
						"CP Order",
						"items",
						idx,
						product.name,
						product.product_name,
						product.unit,
						qty,
						rate,
						amount,
						c.rep,
						c.rep,
						stamp,
						stamp,
					)
				)
			approved = status not in (CREATED, PENDING_REVIEW) and not (
				status == CANCELLED and rng.random() < 0.5
			)
			approver = manager_of.get(c.rep) if approved else None
			orders.append(
				(
					name,
					c.name,
					c.customer_name,
					day,
					day + timedelta(days=rng.choice((7, 14, 21, 30))),
					status,
					approver,
					stamp + timedelta(hours=rng.randint(2, 30)) if approver else None,
					total_qty,
					round(total, 2),
					None,
					c.rep,
					c.rep,
					stamp,
					stamp,
				)
			)
			if rng.random() < 0.01:
				sample.append(name)
		n_lines += insert_rows("CP Order Item", line_fields, lines, batch=5_000)
		n_orders += insert_rows("CP Order", order_fields, orders, batch=5_000)
		ctx.commit()
		if (start // chunk) % 5 == 4:
			ctx.progress(f"orders: {n_orders} ({n_lines} lines) ...")
	names.save()
	ctx.shared["orders"] = sample
	ctx.counts["orders"] = n_orders
	ctx.counts["order_lines"] = n_lines
	ctx.progress(f"orders: {n_orders}, order lines: {n_lines}")


# --- follow-ups ------------------------------------------------------------------------------------


FOLLOW_UP_FIELDS = [
	"name",
	"party_type",
	"customer",
	"party_name",
	"follow_up_date",
	"follow_up_type",
	"follow_up_owner",
	"contact",
	"contact_name",
	"content",
	"next_follow_up_date",
	"next_step",
	"reminder_sent_for",
	"owner",
	"modified_by",
	"creation",
	"modified",
]


def make_follow_ups(ctx: DemoContext) -> None:
	rng = ctx.rng
	today = getdate(nowdate())
	customers = _customers(ctx)
	contacts = dict(
		frappe.get_all(
			"Contact", filters={"name": ("like", "CT-%")}, fields=["name", "full_name"], as_list=True
		)
	)
	planned = []  # (day, customer, next date, reminded)
	for c in customers:
		count = rng.choices((0, 1, 2, 3, 4, 6), (8, 20, 28, 22, 14, 8))[0]
		if not count:
			continue
		days = sorted(today - timedelta(days=rng.randint(0, 730)) for _ in range(count))
		for k, day in enumerate(days):
			latest = k == len(days) - 1
			if not latest:
				next_day = min(day + timedelta(days=rng.randint(3, 30)), days[k + 1])
			else:
				# the latest follow-up plans the next contact: mostly ahead, some due today or overdue
				kind = rng.choices(("ahead", "today", "overdue", "none"), (55, 3, 10, 32))[0]
				if kind == "ahead":
					next_day = today + timedelta(days=rng.randint(1, 30))
				elif kind == "today":
					next_day = today
				elif kind == "overdue":
					next_day = today - timedelta(days=rng.randint(1, 20))
				else:
					next_day = None
				if next_day and next_day < day:
					day = next_day
			# reminders of follow-ups overdue for more than three days already went out
			reminded = next_day if next_day and next_day < today - timedelta(days=3) else None
			planned.append((day, c, next_day, reminded))
	planned.sort(key=lambda p: p[0])

	names = YearlyNames("FU")
	rows, n = [], 0
	for day, c, next_day, reminded in planned:
		if len(rows) == CHUNK:
			n += insert_rows("CP Follow Up", FOLLOW_UP_FIELDS, rows)
			rows = []
			ctx.commit()
		stamp = _stamp(rng, day)
		contact = f"CT-{c.name}"
		rows.append(
			(
				names.name(day),
				"Customer",
				c.name,
				c.customer_name,
				day,
				_weighted(rng, FOLLOW_UP_TYPES),
				c.rep,
				contact if contact in contacts else None,
				contacts.get(contact),
				rng.choice(FOLLOW_UP_CONTENT),
				next_day,
				rng.choice(NEXT_STEPS) if next_day else None,
				reminded,
				c.rep,
				c.rep,
				stamp,
				stamp,
			)
		)
	n += insert_rows("CP Follow Up", FOLLOW_UP_FIELDS, rows)
	names.save()
	refresh_last_follow_up_dates("Customer")
	due = sum(1 for _d, _c, nd, r in planned if nd and nd <= today and not r)
	ctx.counts["follow_ups"] = n
	ctx.progress(f"follow-ups: {n} ({due} latest ones due today or overdue, not yet reminded)")


# --- contracts -------------------------------------------------------------------------------------


def make_contracts(ctx: DemoContext) -> None:
	rng = ctx.rng
	today = getdate(nowdate())
	order = frappe.qb.DocType("CP Order")
	buyers = set(
		frappe.qb.from_(order)
		.select(order.customer)
		.distinct()
		.where(order.status.isin((CONFIRMED, SHIPPED, DELIVERED, COMPLETED)))
		.run(pluck=True)
	)
	templates = frappe.get_all("CP Contract Template", pluck="name") or [None]
	names = YearlyNames("HT")  # contract numbers: HT-2025-00042
	rows = []
	for c in _customers(ctx):
		if c.name not in buyers or rng.random() > 0.25:
			continue
		for _ in range(rng.choices((1, 2), (75, 25))[0]):
			start = today - timedelta(days=rng.randint(-30, 3 * 365))
			end = start + timedelta(days=rng.choice((365, 365, 730)) - 1)
			signed = start - timedelta(days=rng.randint(0, 20))
			if start > today:
				status = rng.choice(("Draft", "Active"))
			elif end < today:
				status = rng.choices(("Expired", "Terminated"), (92, 8))[0]
			else:
				status = "Active"
			stamp = _stamp(rng, min(signed, today))
			number = names.name(start)
			rows.append(
				(
					number,
					number,  # the contract number is the name
					c.name,
					c.customer_name,
					status,
					start,
					end,
					round(rng.lognormvariate(12, 0.9), -2),
					signed if status != "Draft" else None,
					rng.choice(templates),
					c.rep,
					c.rep,
					stamp,
					stamp,
				)
			)
	n = insert_rows(
		"CP Contract",
		[
			"name",
			"contract_no",
			"customer",
			"customer_name",
			"status",
			"start_date",
			"end_date",
			"amount",
			"signed_date",
			"contract_template",
			"owner",
			"modified_by",
			"creation",
			"modified",
		],
		rows,
	)
	names.save()
	ctx.counts["contracts"] = n
	ctx.progress(f"contracts: {n}")


# --- complaints ------------------------------------------------------------------------------------


def make_complaints(ctx: DemoContext) -> None:
	rng = ctx.rng
	today = getdate(nowdate())
	customers = _customers(ctx)
	names = YearlyNames("CMP")
	planned = []
	for c in customers:
		if rng.random() > 0.06:
			continue
		for _ in range(rng.choices((1, 2, 3), (70, 22, 8))[0]):
			planned.append((today - timedelta(days=rng.randint(0, 540)), c))
	planned.sort(key=lambda p: p[0])
	rows = []
	unresolved_old = 0
	for day, c in planned:
		category = _weighted(rng, COMPLAINT_CATEGORIES)
		subject = rng.choice(COMPLAINT_SUBJECTS[category])
		age = (today - day).days
		if age > 45:
			status = rng.choices(("Resolved", "In Progress", "Open"), (94, 4, 2))[0]
		else:
			status = rng.choices(("Resolved", "In Progress", "Open"), (45, 30, 25))[0]
		resolved = day + timedelta(days=rng.randint(0, min(age, 20))) if status == "Resolved" else None
		if status != "Resolved" and age > 7:
			unresolved_old += 1
		stamp = _stamp(rng, day)
		rows.append(
			(
				names.name(day),
				c.name,
				c.customer_name,
				day,
				category,
				status,
				c.rep,
				subject,
				f"客户反馈：{subject}。",
				resolved,
				"已与客户沟通并处理完毕" if resolved else None,
				c.rep,
				c.rep,
				stamp,
				stamp,
			)
		)
	if not unresolved_old:
		# churn alerts need some complaints unresolved for more than a week, whatever the dice said
		for k, (day, _c) in enumerate(planned):
			if (today - day).days > 7:
				row = list(rows[k])
				row[5], row[9], row[10] = "Open", None, None
				rows[k] = tuple(row)
				unresolved_old = 1
				break
	n = insert_rows(
		"CP Complaint",
		[
			"name",
			"customer",
			"customer_name",
			"complaint_date",
			"category",
			"status",
			"handled_by",
			"subject",
			"description",
			"resolution_date",
			"resolution_note",
			"owner",
			"modified_by",
			"creation",
			"modified",
		],
		rows,
	)
	names.save()
	ctx.counts["complaints"] = n
	ctx.progress(f"complaints: {n} ({unresolved_old} unresolved for more than 7 days)")
