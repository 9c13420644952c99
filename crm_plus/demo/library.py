"""Demo sales library (销售资料): products described the FAB way with their prices, solutions,
competitors with their products and sales people, contract templates, and success and failure cases
of demo customers. A few dozen records, inserted as documents (their validations run)."""

import frappe
from frappe.utils import add_days, getdate

from crm_plus.demo import DemoContext

# name, code, category, unit, list price, cost, features, functions, benefits, advantages, drawbacks
PRODUCTS = (
	(
		"智能网关 X1",
		"GW-X1",
		"网络设备",
		"台",
		2980,
		1650,
		"铝合金外壳，IP40 防护，导轨安装",
		"双千兆网口、4G 备份链路、VPN、断网缓存",
		"产线断网不停产，远程运维省去出差",
		"同价位唯一支持双链路自动切换",
		"不支持 Wi-Fi 6",
	),
	(
		"工业交换机 S300",
		"SW-S300",
		"网络设备",
		"台",
		4600,
		2700,
		"8 电口 + 2 光口，宽温 -40~75℃",
		"环网冗余、VLAN、端口镜像",
		"恶劣环境下稳定运行，故障 20ms 内自愈",
		"环网自愈时间行业领先",
		"不支持 PoE++ 供电",
	),
	(
		"边缘计算盒 E5",
		"EC-E5",
		"边缘计算",
		"台",
		8900,
		5200,
		"无风扇设计，6TOPS 算力",
		"本地 AI 推理、协议转换、数据预处理",
		"质检由人工抽检变为全检，降低漏检率",
		"内置 60 种工业协议驱动",
		"GPU 算力有限，不适合大模型",
	),
	(
		"云管理平台 CloudMgr",
		"SaaS-CM",
		"软件",
		"套",
		36000,
		9000,
		"浏览器访问，支持私有化部署",
		"设备集中管理、告警、报表、权限",
		"一人可管上千台设备，运维成本下降一半",
		"与自家硬件深度集成，零配置上线",
		"第三方设备需定制适配",
	),
	(
		"数据采集模块 DAQ-8",
		"DAQ-8",
		"采集终端",
		"个",
		1280,
		600,
		"8 路模拟量输入，24 位精度",
		"采样、滤波、Modbus 上传",
		"老旧设备无需改造即可联网",
		"精度高、抗干扰强",
		"通道数固定，不可扩展",
	),
	(
		"视频监控套件 V2",
		"VS-V2",
		"安防",
		"套",
		15800,
		9800,
		"4 路 400 万像素摄像机 + NVR",
		"移动侦测、越界告警、云端回放",
		"门店防损，纠纷有据可查",
		"支持国标 GB/T 28181 接入",
		"夜视距离仅 30 米",
	),
	(
		"能耗管理系统 EMS",
		"EMS-1",
		"软件",
		"套",
		58000,
		18000,
		"分项计量、能耗看板",
		"用能统计、峰谷分析、节能建议",
		"园区电费平均下降 8%~15%",
		"可对接政府能耗监测平台",
		"实施周期较长，约 4~6 周",
	),
	(
		"智能电表 M1",
		"EM-M1",
		"采集终端",
		"只",
		680,
		320,
		"导轨式三相表，0.5S 级",
		"电能计量、远程抄表、费控",
		"告别人工抄表，数据实时可查",
		"通信模块可插拔，4G/NB-IoT 任选",
		"不支持谐波分析",
	),
)
QUOTE = "<p>标准价见产品价格；10 台以上 95 折，50 台以上 9 折；与云管理平台打包可再让 3%。</p><p>报价前先确认客户预算和竞争对手报价，避免首轮报底价。</p>"

SOLUTIONS = (
	("智能工厂网络解决方案", "制造业", ("GW-X1", "SW-S300", "EC-E5", "SaaS-CM")),
	("连锁门店数字化方案", "零售", ("VS-V2", "GW-X1", "SaaS-CM")),
	("医院物联网方案", "医疗健康", ("GW-X1", "DAQ-8", "SaaS-CM")),
	("园区能耗管理方案", "能源化工", ("EMS-1", "EM-M1", "DAQ-8")),
	("冷链物流监控方案", "物流", ("DAQ-8", "GW-X1", "SaaS-CM")),
)

# name, threat, region, size, main products, strengths, weaknesses
COMPETITORS = (
	(
		"华为技术",
		"High",
		"华南",
		"10000 人以上",
		"路由器、交换机、云平台",
		"品牌强、产品线全、资金雄厚",
		"价格高，中小项目响应慢",
	),
	(
		"新华三集团",
		"High",
		"华东",
		"10000 人以上",
		"交换机、服务器、云",
		"渠道覆盖广，政企关系深",
		"工业场景产品少",
	),
	(
		"锐捷网络",
		"Medium",
		"华南",
		"5000~10000 人",
		"交换机、无线、桌面云",
		"性价比高，教育行业强",
		"工业级产品线薄弱",
	),
	(
		"研华科技",
		"Medium",
		"华东",
		"5000~10000 人",
		"工控机、采集模块、边缘计算",
		"工业品牌认可度高",
		"软件平台能力一般",
	),
	(
		"海康威视",
		"Low",
		"华东",
		"10000 人以上",
		"摄像机、NVR、安防平台",
		"安防市场占有率第一",
		"非安防场景经验少",
	),
)
# competing product, competitor, our product code, price, strengths, weaknesses
COMPETING = (
	("AR 系列企业路由器", "华为技术", "GW-X1", 3500, "性能强，生态完整", "工业防护等级低"),
	("CloudEngine 交换机", "华为技术", "SW-S300", 6200, "高端型号多", "价格高出 30%"),
	("MSR 路由器", "新华三集团", "GW-X1", 3200, "渠道价格灵活", "无 4G 备份"),
	("S5130 交换机", "新华三集团", "SW-S300", 4300, "配置简单", "非宽温"),
	("RG-S2910 交换机", "锐捷网络", "SW-S300", 3900, "便宜", "无环网自愈"),
	("ADAM-4000 采集模块", "研华科技", "DAQ-8", 1100, "型号齐全", "精度 16 位"),
	("UNO 边缘计算机", "研华科技", "EC-E5", 9500, "稳定可靠", "无 AI 加速"),
	("DS-2CD 摄像机套装", "海康威视", "VS-V2", 13800, "画质好、价格低", "平台封闭"),
)
# name, competitor, position, phone, profile
PEOPLE = (
	("刘强", "华为技术", "华东区企业业务经理", "13801012345", "擅长高层关系，常以品牌和生态说服客户。"),
	("陈静", "华为技术", "行业解决方案经理", "13901023456", "技术背景，方案演示能力强。"),
	("王磊", "新华三集团", "渠道经理", "13611034567", "善用代理商压价，报价灵活。"),
	("赵敏", "锐捷网络", "销售代表", "13712045678", "主攻教育和中小企业，常以低价切入。"),
	("孙伟", "研华科技", "工业自动化销售经理", "13522056789", "与系统集成商关系紧密。"),
	("周杰", "海康威视", "区域销售总监", "13323067890", "安防项目经验丰富，资源多。"),
)
TEMPLATES = (
	(
		"标准销售合同",
		"销售合同",
		"<h3>产品销售合同</h3>"
		"<p>合同编号：{{ contract.contract_no }}</p>"
		"<p>甲方（买方）：{{ customer.customer_name }}</p>"
		"<p>合同金额：人民币 {{ contract.amount | money }} 元（大写：{{ contract.amount | rmb_upper }}）</p>"
		"<p>合同期限：{{ contract.start_date | date }} 至 {{ contract.end_date | date }}</p>"
		"<p>一、乙方按甲方订单供货，质保期一年。</p>"
		"<p>二、甲方于合同签订后十个工作日内支付合同金额的 30% 作为预付款，验收合格后支付余款。</p>"
		"{% if contract.amount &gt; 100000 %}<p>三、本合同金额较大，乙方提供驻场实施服务五个工作日。</p>{% endif %}",
	),
	(
		"年度框架采购协议",
		"框架协议",
		"<h3>年度框架采购协议</h3>"
		"<p>甲方：{{ customer.customer_name }}（客户编号 {{ customer.name }}）</p>"
		"<p>协议编号：{{ contract.contract_no }}，有效期 {{ contract.start_date | date }} 至 {{ contract.end_date | date }}</p>"
		"<p>年度预计采购额：{{ contract.amount | money }}（{{ contract.amount | rmb_upper }}）</p>"
		"<p>具体价格以双方确认的价格文件为准，单次订单另行签署。</p>",
	),
)
KEY_FACTORS = {
	"Success": (
		"提前三个月介入，帮客户做了现场网络评估",
		"样机试用两周，用数据证明双链路切换不断线",
		"与客户 IT 负责人建立了信任，技术方案获得认可",
	),
	"Failure": (
		"介入太晚，招标参数已按对手产品编写",
		"报价高于对手 12%，未能说明差异价值",
		"决策链上的采购总监始终没有见到",
	),
}


def _insert(doctype: str, key: dict, values: dict) -> str:
	name = frappe.db.get_value(doctype, key)
	if name:
		return name
	return frappe.get_doc({"doctype": doctype, **key, **values}).insert(ignore_permissions=True).name


def _html(*lines: str) -> str:
	return "".join(f"<p>{line}</p>" for line in lines)


def make_library(ctx: DemoContext) -> None:
	rng = ctx.rng
	today = getdate()
	products = {}
	for (
		name,
		code,
		category,
		unit,
		price,
		cost,
		features,
		functions,
		benefits,
		advantages,
		drawbacks,
	) in PRODUCTS:
		products[code] = _insert(
			"CP Product",
			{"product_code": code},
			{
				"product_name": name,
				"product_category": category,
				"unit": unit,
				"standard_price": price,
				"description": _html(f"{name}：{functions}。"),
				"features": _html(features),
				"functions": "<ul>" + "".join(f"<li>{f}</li>" for f in functions.split("、")) + "</ul>",
				"benefits": _html(benefits),
				"advantages": _html(advantages),
				"drawbacks": _html(drawbacks, "应对：强调整体方案和服务，必要时以组合报价弥补。"),
				"quote_strategy": QUOTE,
			},
		)
		_insert(
			"CP Product Price",
			{"product": products[code], "valid_from": today.replace(month=1, day=1)},
			{
				"price": price,
				"cost_price": cost,
				"valid_to": today.replace(month=12, day=31),
				"price_policy": _html("标准价，含税含运费。", "年框客户 9 折；项目报价需经销售经理审批。"),
			},
		)

	for title, industry, codes in SOLUTIONS:
		_insert(
			"CP Solution",
			{"title": title},
			{
				"industry": industry,
				"products": [{"product": products[c]} for c in codes],
				"summary": f"面向{industry}客户的{title}，以{'、'.join(codes)}为核心。",
				"body": _html("一、现状与痛点", "二、总体架构", "三、实施步骤与周期", "四、投资回报测算"),
			},
		)

	competitors = {}
	for name, threat, region, size, main, strengths, weaknesses in COMPETITORS:
		competitors[name] = _insert(
			"CP Competitor",
			{"competitor_name": name},
			{
				"threat_level": threat,
				"region": region,
				"company_size": size,
				"main_products": main,
				"strengths": strengths,
				"weaknesses": weaknesses,
				"introduction": _html(f"{name}，主营{main}。"),
				"counter_strategy": _html(f"避开其优势（{strengths}），主打其短板：{weaknesses}。"),
			},
		)
	competing = {}
	for name, competitor, code, price, strengths, weaknesses in COMPETING:
		competing[name] = _insert(
			"CP Competing Product",
			{"product_name": name, "competitor": competitors[competitor]},
			{"our_product": products[code], "price": price, "strengths": strengths, "weaknesses": weaknesses},
		)
	for name, competitor, position, phone, profile in PEOPLE:
		_insert(
			"CP Competitor Sales Person",
			{"person_name": name, "competitor": competitors[competitor]},
			{"position": position, "phone": phone, "profile": profile},
		)
	for name, contract_type, body in TEMPLATES:
		_insert(
			"CP Contract Template", {"template_name": name}, {"contract_type": contract_type, "body": body}
		)

	cases = _case_studies(ctx, rng, today, products, competitors, competing)
	ctx.counts["library"] = {
		"products": len(products),
		"solutions": len(SOLUTIONS),
		"competitors": len(competitors),
		"competing_products": len(competing),
		"case_studies": cases,
	}
	ctx.progress(f"sales library: {ctx.counts['library']}")


def _case_studies(ctx, rng, today, products, competitors, competing) -> int:
	owned = [(code, owner) for code, owner in ctx.shared.get("customers", []) if owner]
	by_competitor = {}
	for name, competitor, *_ in COMPETING:
		by_competitor.setdefault(competitors[competitor], []).append(competing[name])
	count = 0
	for i in range(20):
		case_type = "Success" if i % 3 else "Failure"
		customer, owner = rng.choice(owned) if owned and i >= 3 else (None, None)
		product = list(products.values())[i % len(products)]  # the title (the key) stays the same per run
		rows = []
		for competitor in rng.sample(list(competitors.values()), k=rng.randint(1, 2)):
			rows.append(
				{
					"competitor": competitor,
					"competing_product": rng.choice(by_competitor.get(competitor, [None])),
					"progress": rng.choice(
						("进入短名单，报价低 8%", "只做了技术交流", "做了样机测试", "首轮即被淘汰")
					),
					"outcome": "Lost" if case_type == "Success" else rng.choice(("Won", "Won", "Withdrew")),
				}
			)
		title = f"{'成功' if case_type == 'Success' else '失败'}案例 {i + 1:02d}：{frappe.db.get_value('CP Product', product, 'product_name')}"
		_insert(
			"CP Case Study",
			{"title": title},
			{
				"case_type": case_type,
				"customer": customer,
				"product": product,
				"sales_rep": owner,
				"closing_date": add_days(today, -rng.randint(10, 700)),
				"deal_amount": rng.randint(5, 300) * 1000,
				"customer_introduction": _html("客户为区域龙头企业，正在推进数字化改造。"),
				"customer_needs": _html("产线设备联网，数据实时上云；断网时数据不丢。"),
				"competitors": rows,
				"key_factors": _html(*KEY_FACTORS[case_type]),
				"sales_highlights": _html("用客户自己的产线数据做演示，比任何 PPT 都有说服力。"),
				"customer_evaluation": _html(
					"设备运行稳定，服务响应及时。" if case_type == "Success" else "方案不错，但价格超出预算。"
				),
				"summary": _html(
					"早介入、重演示、抓决策链。"
					if case_type == "Success"
					else "下次要更早进入，并在报价前摸清对手价格。"
				),
			},
		)
		count += 1
	return count
