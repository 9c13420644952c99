"""bench commands of crm_plus: `bench --site S crm-plus-demo`, `bench --site S crm-plus-setup-site`."""

import time

import click
from frappe.commands import get_site, pass_context


def _connect(context):
	import frappe

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	return frappe


@click.command("crm-plus-demo")
@click.option("--customers", default=2000, show_default=True, help="number of customers")
@click.option("--orders", default=None, type=int, help="number of orders (default: customers × 2)")
@click.option("--lines-per-order", default=5, show_default=True, help="average order lines per order")
@click.option(
	"--seed", default=2026, show_default=True, help="random seed: the same seed gives the same data"
)
@click.option(
	"--erpnext",
	is_flag=True,
	default=False,
	help="also ERPNext customers, items and submitted sales invoices (an ERPNext site), read as the sales source",
)
@pass_context
def crm_plus_demo(context, customers, orders, lines_per_order, seed, erpnext):
	"""Fill the site with realistic Chinese-market demo data (reps, teams, customers, orders ...)."""
	frappe = _connect(context)
	try:
		from crm_plus.demo import make_demo

		started = time.monotonic()
		counts = make_demo(
			customers=customers,
			orders=customers * 2 if orders is None else orders,
			lines_per_order=lines_per_order,
			seed=seed,
			erpnext=erpnext,
			progress=lambda msg: click.echo(f"[{time.monotonic() - started:7.1f}s] {msg}"),
		)
		frappe.db.commit()
		click.echo(f"demo data ready in {time.monotonic() - started:.1f}s: {counts}")
	finally:
		frappe.destroy()


@click.command("crm-plus-setup-site")
@click.option("--language", default="zh", show_default=True, help="site language (zh, en, ...)")
@click.option("--timezone", default="Asia/Shanghai", show_default=True)
@click.option("--currency", default="CNY", show_default=True)
@click.option("--country", default="China", show_default=True)
@pass_context
def crm_plus_setup_site(context, language, timezone, currency, country):
	"""Take the site past the setup wizard and make CRM Plus the Administrator's landing page."""
	frappe = _connect(context)
	try:
		from crm_plus.site_setup import complete_setup, make_workspace_default

		done = complete_setup(language=language, country=country, timezone=timezone, currency=currency)
		make_workspace_default("Administrator", language)
		frappe.db.commit()
		click.echo("setup wizard completed" if done else "setup wizard was already complete")
	finally:
		frappe.destroy()


@click.command("crm-plus-benchmark")
@click.argument("name")
@click.option("--arg", "args", multiple=True, help="key=value handed to the benchmark (repeatable)")
@pass_context
def crm_plus_benchmark(context, name, args):
	"""Run crm_plus.benchmarks.<name>.run() and print its figures (see README, Benchmarks)."""
	frappe = _connect(context)
	try:
		import keyword

		kwargs = dict(arg.split("=", 1) for arg in args)
		module = name.replace("-", "_")
		module += "_" if keyword.iskeyword(module) else ""  # `import` lives in import_.py
		frappe.get_attr(f"crm_plus.benchmarks.{module}.run")(**kwargs)
	finally:
		frappe.destroy()


commands = [crm_plus_demo, crm_plus_setup_site, crm_plus_benchmark]
