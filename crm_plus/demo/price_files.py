"""Demo price files (客户价格文件): a fifth of the demo customers get a priced history of one to three
versions (older ones superseded, the latest approved, expired, pending review or a draft), written in
bulk like the customers they belong to."""

import random
from datetime import date, timedelta

import frappe
from frappe.utils import now_datetime

from crm_plus.demo import CHUNK, DEMO_DOMAIN, DemoContext
from crm_plus.pricing import APPROVED, DRAFT, EXPIRED, PENDING_REVIEW, PRICE_FILE, PRICE_FILE_ITEM, SUPERSEDED
from crm_plus.pricing.cells import margin_percent, net_price
from crm_plus.pricing.versions import TITLE_WORD
from crm_plus.utils import naming
from crm_plus.utils.bulk import insert_rows

SHARE = 0.2  # of the demo customers, those with price files
DEMO_PRODUCTS = (
	# name, unit, list price
	("不锈钢六角螺栓 M8×30", "个", 0.85),
	("不锈钢六角螺母 M8", "个", 0.32),
	("平垫圈 M8", "个", 0.08),
	("弹簧垫圈 M8", "个", 0.06),
	("内六角圆柱头螺钉 M6×20", "个", 0.45),
	("膨胀螺栓 M10×80", "套", 2.6),
	("深沟球轴承 6204-2RS", "套", 12.5),
	("圆锥滚子轴承 30205", "套", 28.0),
	("同步带 HTD 5M-450", "条", 46.0),
	("V 型带 B-1600", "条", 22.0),
	("液压软管 DN12 1米", "根", 68.0),
	("气动接头 PC8-02", "个", 3.2),
	("电磁阀 4V210-08", "个", 85.0),
	("接近开关 M12 PNP", "个", 38.0),
	("交流接触器 CJX2-1810", "个", 56.0),
	("断路器 DZ47-63 C32", "个", 18.5),
	("铜芯电缆 RVV 3×2.5", "米", 9.8),
	("PVC 线槽 40×40", "米", 6.5),
	("工业润滑脂 2 号 15kg", "桶", 420.0),
	("防锈油 18L", "桶", 260.0),
	("劳保手套 (12 双)", "包", 36.0),
	("安全帽 ABS", "顶", 28.0),
	("焊丝 ER50-6 1.2mm", "盘", 135.0),
	("砂轮片 100×6×16", "片", 4.5),
	("钻头 HSS 8mm", "支", 7.8),
	("包装纸箱 五层 60×40×40", "个", 8.6),
	("缠绕膜 50cm", "卷", 32.0),
	("托盘 塑料 1200×1000", "个", 180.0),
	("密封圈 NBR 50×3", "个", 1.2),
	("不锈钢管 304 φ25×2", "米", 42.0),
)
TIERS = (1, 100, 1000)


def make_price_files(ctx: DemoContext) -> None:
	rng = ctx.rng
	customers = [code for code, _owner in ctx.shared.get("customers") or [] if rng.random() < SHARE]
	if not customers:
		ctx.counts["price_files"] = ctx.counts["price_file_lines"] = 0
		return
	products = _products()
	names = {}
	for i in range(0, len(customers), 10_000):
		names.update(
			frappe.get_all(
				"CP Customer",
				filters={"name": ("in", customers[i : i + 10_000])},
				fields=["name", "customer_name"],
				as_list=True,
			)
		)
	approver = (
		f"pricing@{DEMO_DOMAIN}" if frappe.db.exists("User", f"pricing@{DEMO_DOMAIN}") else "Administrator"
	)
	today = date.today()
	year = now_datetime().year
	prefix = f"PF-{year}-"
	number = naming.current(prefix)
	titles = set(frappe.get_all(PRICE_FILE, pluck="title"))
	files, lines = [], []
	counts = {"files": 0, "lines": 0}

	def flush():
		"""Write what was generated so far (at a customer's end: its versions point at each other)."""
		insert_rows(
			PRICE_FILE,
			[
				"name",
				"customer",
				"customer_name",
				"title",
				"status",
				"docstatus",
				"version",
				"currency",
				"valid_from",
				"valid_to",
				"review_date",
				"lineage",
				"based_on",
				"approved_by",
				"approved_on",
				"superseded_by",
			],
			files,
		)
		insert_rows(
			PRICE_FILE_ITEM,
			[
				"name",
				"parent",
				"parenttype",
				"parentfield",
				"idx",
				"docstatus",
				"product",
				"product_name",
				"unit",
				"unit_price",
				"min_qty",
				"discount",
				"net_price",
				"cost_price",
				"margin",
			],
			lines,
		)
		counts["files"] += len(files)
		counts["lines"] += len(lines)
		files.clear()
		lines.clear()
		ctx.commit()

	for customer in customers:
		if len(lines) >= CHUNK:
			flush()
		versions = rng.choice((1, 1, 2, 2, 3))
		statuses = [SUPERSEDED] * (versions - 1) + rng.choices(
			(APPROVED, PENDING_REVIEW, DRAFT), (80, 10, 10)
		)
		if versions > 1 and statuses[-1] != APPROVED:
			statuses[-2] = APPROVED  # a revision under way: the version before is still in force
		picked = rng.sample(products, k=rng.randint(5, min(20, len(products))))
		factor = 1.0
		lineage = previous = None
		for version in range(1, versions + 1):
			number += 1
			name = f"{prefix}{number:05d}"
			lineage = lineage or name
			valid_from = today - timedelta(days=365 * (versions - version) + rng.randint(20, 200))
			valid_to = valid_from + timedelta(days=364)
			status = statuses[version - 1]
			if status == APPROVED and valid_to < today:
				status = EXPIRED
			kept = status in (APPROVED, EXPIRED, SUPERSEDED)
			title = _title(names[customer], valid_from, titles)
			if previous and files[-1][4] == SUPERSEDED:
				files[-1][-1] = name  # superseded_by
			files.append(
				[
					name,
					customer,
					names[customer],
					title,
					status,
					1 if kept else 0,
					version,
					"CNY",
					valid_from,
					valid_to,
					valid_from + timedelta(days=182),
					lineage,
					previous,
					approver if kept else None,
					now_datetime() if kept else None,
					None,
				]
			)
			factor *= 1 + rng.uniform(-0.03, 0.08)  # prices move a little from version to version
			idx = 0
			for product, product_name, unit, list_price in picked:
				for tier in TIERS[: rng.randint(1, len(TIERS))]:
					idx += 1
					price = round(list_price * factor * (1 - TIERS.index(tier) * 0.04), 2)
					discount = rng.choice((0, 0, 0, 2, 5))
					cost = round(list_price * rng.uniform(0.55, 0.8), 2)
					net = net_price(price, discount)
					lines.append(
						(
							f"{name}-{idx}",  # unique by construction: random names collide among ~1M lines
							name,
							PRICE_FILE,
							"lines",
							idx,
							1 if kept else 0,
							product,
							product_name,
							unit,
							price,
							tier,
							discount,
							net,
							cost,
							margin_percent(net, cost) or 0,
						)
					)
			previous = name
	flush()
	naming.set_current(prefix, number)
	ctx.counts["price_files"] = counts["files"]
	ctx.counts["price_file_lines"] = counts["lines"]
	ctx.progress(f"{counts['files']} price files ({len(customers)} customers), {counts['lines']} lines")


def _title(customer_name: str, day: date, taken: set[str]) -> str:
	base = f"{customer_name}_{TITLE_WORD}_{day:%Y%m%d}"
	title, n = base, 1
	while title in taken:
		n += 1
		title = f"{base}_{n}"
	taken.add(title)
	return title


def _products() -> list[tuple[str, str, str, float]]:
	"""(name, product name, unit, list price) of the demo products, created once."""
	existing = frappe.get_all(
		"CP Product",
		filters={"product_name": ("in", [p[0] for p in DEMO_PRODUCTS])},
		fields=["name", "product_name"],
		as_list=True,
	)
	have = {product_name: name for name, product_name in existing}
	start = naming.current("PRD-")
	rows, number = [], start
	for product_name, unit, price in DEMO_PRODUCTS:
		if product_name not in have:
			number += 1
			have[product_name] = f"PRD-{number:05d}"
			rows.append(
				(have[product_name], "PRD-.#####", product_name, f"DM-{number:05d}", unit, price, "五金机电")
			)
	if rows:
		insert_rows(
			"CP Product",
			[
				"name",
				"naming_series",
				"product_name",
				"product_code",
				"unit",
				"standard_price",
				"product_category",
			],
			rows,
		)
		naming.set_current("PRD-", number)
	return [(have[p], p, unit, price) for p, unit, price in DEMO_PRODUCTS]
