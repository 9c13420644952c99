"""Regenerate crm_plus/crm_plus/workspace/crm_plus/crm_plus.json from the layout below.

The desk stores a workspace's layout as a JSON string inside the JSON file; editing that string by
hand is error-prone, so the layout is declared here and the file is written in the framework's
export format (1-space indent, sorted keys). Run: python3 scripts/workspace.py
"""

import json
from pathlib import Path

PATH = Path(__file__).parent.parent / "crm_plus" / "crm_plus" / "workspace" / "crm_plus" / "crm_plus.json"

# (card label, [(link label, link type, link target, is report), ...])
CARDS: list[tuple[str, list[tuple[str, str, str, int]]]] = [
	(
		"Customers",
		[
			("Customer", "DocType", "CP Customer", 0),
			("Contact", "DocType", "Contact", 0),
			("Business Cards", "Report", "CP Business Cards", 1),
		],
	),
	(
		"Sales Library",
		[
			("Product", "DocType", "CP Product", 0),
			("Product Price", "DocType", "CP Product Price", 0),
			("Solution", "DocType", "CP Solution", 0),
			("Case Study", "DocType", "CP Case Study", 0),
			("Contract Template", "DocType", "CP Contract Template", 0),
			("Competitor", "DocType", "CP Competitor", 0),
			("Competing Product", "DocType", "CP Competing Product", 0),
			("Competitor Sales Person", "DocType", "CP Competitor Sales Person", 0),
		],
	),
	(
		"Sales",
		[
			("Orders", "DocType", "CP Order", 0),
			("Follow-ups", "DocType", "CP Follow Up", 0),
			("Contracts", "DocType", "CP Contract", 0),
			("Complaints", "DocType", "CP Complaint", 0),
		],
	),
	(
		"Suppliers",
		[
			("Suppliers", "DocType", "CP Supplier", 0),
			("Supplier Deliveries", "DocType", "CP Supplier Delivery", 0),
			("Quality Evaluations", "DocType", "CP Supplier Quality Evaluation", 0),
		],
	),
	(
		"Grading and Churn",
		[
			("Churn Risk", "Report", "CP Churn Risk", 1),
			("Churn Alert", "DocType", "CP Churn Alert", 0),
			("Grade History", "DocType", "CP Grade History", 0),
			("Grading Settings", "DocType", "CP Grading Settings", 0),
			("Churn Settings", "DocType", "CP Churn Settings", 0),
		],
	),
	(
		"Allocation",
		[
			("Allocation Tool", "DocType", "CP Allocation Tool", 0),
			("Customer Pool", "Report", "CP Customer Pool", 1),
			("Owner Change Log", "DocType", "CP Owner Change Log", 0),
			("Pool Return Warning", "DocType", "CP Pool Return Warning", 0),
			("Pool Settings", "DocType", "CP Pool Settings", 0),
		],
	),
	(
		"Price Files",
		[
			("Price File", "DocType", "CP Price File", 0),
			("Price File Settings", "DocType", "CP Price File Settings", 0),
		],
	),
	(
		"Analysis",
		[
			("Customer Profile", "Report", "CP Customer Profile", 1),
			("Sales Trend", "Report", "CP Sales Trend", 1),
			("Sales Forecast", "Report", "CP Sales Forecast", 1),
			("Rep Performance", "Report", "CP Rep Performance", 1),
			("Grade Distribution", "Report", "CP Grade Distribution", 1),
			("Competitor Comparison", "Report", "CP Competitor Comparison", 1),
			("Expiring Price Files", "Report", "CP Expiring Price Files", 1),
		],
	),
	(
		"Setup",
		[
			("Sales Team", "DocType", "CP Sales Team", 0),
			("Customer Category", "DocType", "CP Customer Category", 0),
			("Customer Source", "DocType", "CP Customer Source", 0),
			("Region", "DocType", "CP Region", 0),
			("Industry", "DocType", "CP Industry", 0),
			("Customer Grade", "DocType", "CP Customer Grade", 0),
			("Messaging Robot", "DocType", "CP Messaging Robot", 0),
			("Robot Message", "DocType", "CP Robot Message", 0),
		],
	),
]
SHORTCUTS: list[tuple[str, str, str]] = [  # (label, type, link_to)
	("Customer", "DocType", "CP Customer"),
	("Business Cards", "Report", "CP Business Cards"),
	("Orders", "DocType", "CP Order"),
	("Follow-ups", "DocType", "CP Follow Up"),
	("Suppliers", "DocType", "CP Supplier"),
	("Churn Risk", "Report", "CP Churn Risk"),
	("Customer Pool", "Report", "CP Customer Pool"),
	("Allocation Tool", "DocType", "CP Allocation Tool"),
	("Price File", "DocType", "CP Price File"),
	("Sales Team", "DocType", "CP Sales Team"),
]
NUMBER_CARDS: list[str] = ["My Customers", "Follow-ups Due", "Open Churn Alerts", "Price Files to Review"]
CHARTS: list[tuple[str, str]] = [
	("Monthly Sales", "Monthly Sales"),
	("Customers by Grade", "Customers by Grade"),
]


def block(i: int, kind: str, **data) -> dict:
	return {"id": f"cp{kind[:4]}{i:03d}", "type": kind, "data": data}


def build() -> dict:
	content = [block(0, "header", text='<span class="h4"><b>CRM Plus</b></span>', col=12)]
	content += [block(i, "number_card", number_card_name=n, col=3) for i, n in enumerate(NUMBER_CARDS, 1)]
	content += [block(i, "chart", chart_name=c[0], col=6) for i, c in enumerate(CHARTS, 1)]
	if SHORTCUTS:
		content.append(block(1, "header", text='<span class="h4"><b>Your Shortcuts</b></span>', col=12))
		content += [block(i, "shortcut", shortcut_name=s[0], col=3) for i, s in enumerate(SHORTCUTS, 1)]
	content.append(block(2, "header", text='<span class="h4"><b>Reports &amp; Masters</b></span>', col=12))
	content += [block(i, "card", card_name=c[0], col=4) for i, c in enumerate(CARDS, 1)]

	links = []
	for card, items in CARDS:
		links.append(
			{
				"hidden": 0,
				"is_query_report": 0,
				"label": card,
				"link_count": len(items),
				"onboard": 0,
				"type": "Card Break",
			}
		)
		links += [
			{
				"dependencies": "",
				"hidden": 0,
				"is_query_report": is_report,
				"label": label,
				"link_count": 0,
				"link_to": target,
				"link_type": link_type,
				"onboard": 0,
				"type": "Link",
			}
			for label, link_type, target, is_report in items
		]

	return {
		"charts": [{"chart_name": c, "label": label} for label, c in CHARTS],
		"content": json.dumps(content, separators=(",", ":")),
		"creation": "2026-11-23 12:00:00.000000",
		"custom_blocks": [],
		"docstatus": 0,
		"doctype": "Workspace",
		"for_user": "",
		"hide_custom": 0,
		"icon": "customer",
		"idx": 0,
		"is_hidden": 0,
		"label": "CRM Plus",
		"links": links,
		"modified": "2026-11-23 12:00:00.000000",
		"modified_by": "Administrator",
		"module": "CRM Plus",
		"name": "CRM Plus",
		"number_cards": [{"label": n, "number_card_name": n} for n in NUMBER_CARDS],
		"owner": "Administrator",
		"parent_page": "",
		"public": 1,
		"quick_lists": [],
		"restrict_to_domain": "",
		"roles": [],
		"sequence_id": 0.5,
		"shortcuts": [{"label": label, "link_to": to, "type": kind} for label, kind, to in SHORTCUTS],
		"title": "CRM Plus",
	}


def main() -> None:
	from datetime import datetime

	new = build()
	old = json.loads(PATH.read_text()) if PATH.exists() else {}
	# the framework re-syncs a workspace only when its `modified` moves; move it only on change
	unchanged = {**old, "modified": ""} == {**new, "modified": ""}
	new["modified"] = old["modified"] if unchanged else datetime.now().strftime("%Y-%m-%d %H:%M:%S.%f")
	PATH.write_text(json.dumps(new, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
	print(f"{'unchanged' if unchanged else 'wrote'} {PATH}")


if __name__ == "__main__":
	main()
