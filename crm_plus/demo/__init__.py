"""Demo data for crm_plus: `bench --site S crm-plus-demo --customers N --orders N`.

Each domain adds its step to STEPS (in dependency order). A step is a function taking the shared
DemoContext; big tables are written with bulk inserts (crm_plus.demo.bulk), never doc.insert per row,
so 100,000 customers and 1,000,000 order lines fit in minutes.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field

import frappe

STEPS = [
	"crm_plus.demo.users.make_users",
	"crm_plus.demo.customers.make_customers",
	"crm_plus.demo.library.make_library",
	"crm_plus.demo.sales.make_products",
	"crm_plus.demo.sales.make_orders",
	"crm_plus.demo.sales.make_follow_ups",
	"crm_plus.demo.sales.make_contracts",
	"crm_plus.demo.sales.make_complaints",
	"crm_plus.demo.suppliers.make_suppliers",
	"crm_plus.demo.erpnext.make_erpnext_sales",
	"crm_plus.demo.grading.grade_and_scan",
	"crm_plus.demo.price_files.make_price_files",
	"crm_plus.demo.rollup.build_rollup",
]

DEMO_PASSWORD = "CrmPlus#2026"
# customers (and their follow-ups, price files ...) generated, written and committed together: the demo's
# memory and its transactions stay bounded at 1,000,000 customers / 10,000,000 order lines
CHUNK = 50_000
DEMO_DOMAIN = "crm-plus.demo"


@dataclass
class DemoContext:
	customers: int
	orders: int
	lines_per_order: int
	rng: random.Random
	progress: Callable[[str], None]
	counts: dict = field(default_factory=dict)
	# filled by the users step: team name -> {"manager": user, "reps": [users]}
	teams: dict = field(default_factory=dict)
	reps: list = field(default_factory=list)
	managers: list = field(default_factory=list)
	# filled by later steps, for the steps after them
	shared: dict = field(default_factory=dict)
	# also ERPNext customers, items and sales invoices (an ERPNext site; crm_plus.demo.erpnext)
	erpnext: bool = False

	def commit(self) -> None:
		"""Keep what a chunk wrote (a CLI command: a long run keeps its progress, transactions stay small);
		in tests the steps run inside the test's transaction."""
		from crm_plus.utils.jobs import commit_batch

		commit_batch()


def make_demo(
	customers: int = 2000,
	orders: int = 4000,
	lines_per_order: int = 5,
	seed: int = 2026,
	progress: Callable[[str], None] = print,
	erpnext: bool = False,
) -> dict:
	if customers < 0 or orders < 0 or lines_per_order < 1:
		frappe.throw(frappe._("Demo sizes must be positive"))
	ctx = DemoContext(customers, orders, lines_per_order, random.Random(seed), progress, erpnext=erpnext)
	for step in STEPS:
		frappe.get_attr(step)(ctx)
		frappe.db.commit()  # nosemgrep: a CLI command; each step is committed so a long run keeps its progress
	return ctx.counts
