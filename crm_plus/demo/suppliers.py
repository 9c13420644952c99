"""Demo suppliers (供应商): contacts, deliveries with promised and actual dates, quality evaluations,
follow-ups by the purchasing user, a few suppliers that are also customers, and their scores."""

import random
from datetime import timedelta

import frappe
from frappe.utils import getdate, nowdate

from crm_plus.demo import DEMO_DOMAIN, DemoContext
from crm_plus.demo.bulk import insert_party_contacts
from crm_plus.demo.customers import CITIES, GIVEN, REGIONS, SURNAMES
from crm_plus.demo.sales import YearlyNames, _stamp
from crm_plus.follow_ups import refresh_last_follow_up_dates
from crm_plus.suppliers.rating import delivery_status, recompute_supplier_scores
from crm_plus.utils import naming
from crm_plus.utils.bulk import insert_rows
from crm_plus.utils.normalize import normalize_party_name

SUPPLIERS_PER_1000_CUSTOMERS = 3
MIN_SUPPLIERS, MAX_SUPPLIERS = 30, 300
PARTNERS = 10  # suppliers that are also customers
BRANDS = "精锐鼎泰恒通宏发顺达金源华立永盛博远中联科创天成东方南洋北辰新锐"
SUPPLY = {
	"Manufacturer": (("轴承", "轴承、滚子"), ("电机", "伺服电机、步进电机"), ("精密铸造", "铸件、锻件")),
	"Distributor": (("电子元器件", "芯片、传感器"), ("工控设备", "PLC、变频器"), ("五金", "紧固件、工具")),
	"Service Provider": (("软件", "MES 实施、系统集成"), ("检测技术", "第三方检测、计量校准")),
	"Logistics": (("物流", "干线运输、仓储"), ("供应链", "进口清关、VMI 仓")),
}
DELIVERY_GOODS = ("轴承 500 套", "电机 20 台", "传感器 200 个", "紧固件 5000 件", "线缆 800 米", "铸件 60 件")
EVALUATION_NOTES = {
	1: "质量问题严重，已退货",
	2: "多处不良，需整改",
	3: "基本合格，个别瑕疵",
	4: "质量稳定",
	5: "质量优秀，包装规范",
}
FOLLOW_UP_CONTENT = ("年度价格谈判", "到厂审核", "交期延误沟通", "新品打样进度", "质量问题 8D 报告跟进")


def _names(rng: random.Random, count: int):
	taken = set(frappe.get_all("CP Supplier", pluck="normalized_name"))
	while count:
		kind = rng.choice(tuple(SUPPLY))
		trade, products = rng.choice(SUPPLY[kind])
		city = rng.choice(CITIES[rng.choice(REGIONS)])
		name = f"{city}{rng.choice(BRANDS)}{rng.choice(BRANDS)}{trade}有限公司"
		key = normalize_party_name(name)
		if key in taken:
			continue
		taken.add(key)
		count -= 1
		yield name, key, kind, products


def make_suppliers(ctx: DemoContext) -> None:
	rng = ctx.rng
	today = getdate(nowdate())
	purchaser = f"purchasing@{DEMO_DOMAIN}"
	purchaser = purchaser if frappe.db.exists("User", purchaser) else None
	count = min(max(ctx.customers * SUPPLIERS_PER_1000_CUSTOMERS // 1000, MIN_SUPPLIERS), MAX_SUPPLIERS)
	prefix = f"S{today.year}"
	start = naming.current(prefix)

	suppliers = []
	for i, (name, key, kind, products) in enumerate(_names(rng, count), start + 1):
		region = rng.choice(REGIONS)
		suppliers.append(
			[f"{prefix}{i:05d}", name, key, kind, products, rng.choice(("Active",) * 9 + ("Paused",)), region]
		)
	# some companies we sell to are also our suppliers: one partner, two records
	customers = frappe.get_all(
		"CP Customer",
		fields=["name", "customer_name", "normalized_name"],
		limit=PARTNERS * 20,
		order_by="name",
	)
	taken = {s[2] for s in suppliers} | set(frappe.get_all("CP Supplier", pluck="normalized_name"))
	linked = set(frappe.get_all("CP Supplier", filters={"customer": ("is", "set")}, pluck="customer"))
	partners = [c for c in customers if c.normalized_name not in taken and c.name not in linked]
	for row, customer in zip(suppliers, rng.sample(partners, min(PARTNERS, len(partners))), strict=False):
		row[1], row[2] = customer.customer_name, customer.normalized_name
		row.append(customer)
	rows = [
		(
			code,
			name,
			key,
			kind,
			products,
			status,
			region,
			purchaser,
			extra[0].name if extra else None,
			extra[0].customer_name if extra else None,
			f"0{rng.choice(('21', '512', '755', '571'))}-{rng.randint(2000_0000, 8999_9999)}",
		)
		for code, name, key, kind, products, status, region, *extra in suppliers
	]
	n = insert_rows(
		"CP Supplier",
		[
			"name",
			"supplier_name",
			"normalized_name",
			"supplier_type",
			"main_products",
			"status",
			"region",
			"purchaser",
			"customer",
			"customer_name",
			"phone",
		],
		rows,
	)
	naming.set_current(prefix, start + n)
	codes = {r[0]: r[1] for r in rows}  # code -> supplier name
	contacts = _contacts(ctx, rows)
	_deliveries(ctx, codes, today)
	_evaluations(ctx, codes, today)
	_follow_ups(ctx, rows, contacts, purchaser, today)
	recompute_supplier_scores(list(codes))
	ctx.counts["suppliers"] = n
	ctx.progress(f"suppliers: {n} ({sum(1 for r in rows if r[8])} also customers), scores computed")


def _contacts(ctx: DemoContext, suppliers: list[tuple]) -> dict[str, str]:
	"""One contact per supplier; returns supplier -> the contact's full name."""
	rng = ctx.rng
	rows = []
	for s in suppliers:
		first, last = rng.choice(SURNAMES), rng.choice(GIVEN)
		mobile = f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}"
		title = rng.choice(("销售经理", "客户经理", "总经理"))
		rows.append((f"CT-{s[0]}", s[0], s[1], first, last, title, mobile))
	insert_party_contacts("CP Supplier", rows)
	return {row[1]: row[3] + row[4] for row in rows}


def _deliveries(ctx: DemoContext, suppliers: dict[str, str], today) -> None:
	"""Each supplier has its own reliability: how often it is late, and by how much."""
	rng = ctx.rng
	orders = ctx.shared.get("orders") or [None]
	planned = []
	for code in suppliers:
		reliability = rng.betavariate(6, 1.5)
		for _ in range(rng.randint(10, 50)):
			promised = today - timedelta(days=rng.randint(-30, 730))
			if promised > today or (promised > today - timedelta(days=10) and rng.random() < 0.3):
				actual = None  # not delivered yet: pending, or overdue
			elif rng.random() < reliability:
				actual = promised - timedelta(days=rng.randint(0, 3))
			else:
				actual = promised + timedelta(days=rng.randint(1, 20))
			planned.append((promised, code, actual))
	planned.sort(key=lambda p: p[0])
	names = YearlyNames("DLV")
	rows = []
	for promised, code, actual in planned:
		status, late = delivery_status(promised, min(actual, today) if actual else None, today)
		stamp = _stamp(rng, min(promised, today))
		rows.append(
			(
				names.name(promised),
				code,
				suppliers[code],
				rng.choice(DELIVERY_GOODS),
				round(rng.lognormvariate(10, 1), 2),
				rng.choice(orders) if rng.random() < 0.1 else None,
				promised,
				min(actual, today) if actual else None,
				status,
				late,
				stamp,
				stamp,
			)
		)
	n = insert_rows(
		"CP Supplier Delivery",
		[
			"name",
			"supplier",
			"supplier_name",
			"description",
			"amount",
			"order",
			"promised_date",
			"actual_date",
			"delivery_status",
			"days_late",
			"creation",
			"modified",
		],
		rows,
	)
	names.save()
	ctx.counts["deliveries"] = n


def _evaluations(ctx: DemoContext, suppliers: dict[str, str], today) -> None:
	rng = ctx.rng
	planned = []
	for code in suppliers:
		quality = rng.uniform(2.5, 4.9)
		for _ in range(rng.randint(2, 10)):
			score = min(max(round(rng.gauss(quality, 0.7)), 1), 5)
			planned.append((today - timedelta(days=rng.randint(0, 700)), code, score))
	planned.sort(key=lambda p: p[0])
	names = YearlyNames("SQE")
	rows = []
	for day, code, score in planned:
		stamp = _stamp(rng, day)
		rows.append(
			(
				names.name(day),
				code,
				suppliers[code],
				day,
				score,
				EVALUATION_NOTES[score],
				"Administrator",
				stamp,
				stamp,
			)
		)
	n = insert_rows(
		"CP Supplier Quality Evaluation",
		[
			"name",
			"supplier",
			"supplier_name",
			"evaluation_date",
			"score",
			"note",
			"evaluated_by",
			"creation",
			"modified",
		],
		rows,
	)
	names.save()
	ctx.counts["quality_evaluations"] = n


def _follow_ups(
	ctx: DemoContext, suppliers: list[tuple], contacts: dict[str, str], purchaser: str | None, today
) -> None:
	rng = ctx.rng
	owner = purchaser or "Administrator"
	planned = []
	for s in suppliers:
		for _ in range(rng.randint(0, 3)):
			day = today - timedelta(days=rng.randint(0, 365))
			planned.append((day, s))
	planned.sort(key=lambda p: p[0])
	names = YearlyNames("FU")
	rows = []
	for day, s in planned:
		stamp = _stamp(rng, day)
		rows.append(
			(
				names.name(day),
				"Supplier",
				s[0],
				s[1],
				day,
				rng.choice(("Call", "Visit", "Meeting", "Email")),
				owner,
				f"CT-{s[0]}",
				contacts.get(s[0]),
				rng.choice(FOLLOW_UP_CONTENT),
				owner,
				owner,
				stamp,
				stamp,
			)
		)
	n = insert_rows(
		"CP Follow Up",
		[
			"name",
			"party_type",
			"supplier",
			"party_name",
			"follow_up_date",
			"follow_up_type",
			"follow_up_owner",
			"contact",
			"contact_name",
			"content",
			"owner",
			"modified_by",
			"creation",
			"modified",
		],
		rows,
	)
	names.save()
	refresh_last_follow_up_dates("Supplier", [s[0] for s in suppliers])
	ctx.counts["supplier_follow_ups"] = n
