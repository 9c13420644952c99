"""Analysis (销售分析与预测; README, "Analysis reports"): the set-based queries behind the CP analysis
reports.

Every query here reads customers through ``scope`` (crm_plus.permissions.customer.customer_condition),
so a sales rep's figures cover only their own and shared customers, a manager's their team's and the
pool, a CRM administrator's everything. One SQL statement per figure set, never a query per record.
The reports in crm_plus/crm_plus/report/cp_* only shape these rows into columns, charts and summaries.

An order *counts* as a sale when its status is in crm_plus.orders.COUNTED_STATUSES; its amount is
``total_amount`` and its date ``order_date``. Customer attributes (owner, grade, region ...) are the
current ones.

Modules: ``customers`` (the customers a user's figures cover, the common filters), ``periods``, ``charts``,
one module per report family (``profile``, ``trend``, ``competitors``, ``grades``, ``performance``,
``price_files``), ``dashboard`` (number cards), and ``forecast`` (pure Python: exponential smoothing).
"""

from crm_plus.utils.lazy import public_names

__getattr__, __dir__ = public_names(
	__name__,
	{
		"MONTH": "periods",
		"QUARTER": "periods",
		"YEAR": "periods",
		"PERIODS": "periods",
		"period_key": "periods",
		"period_of": "periods",
		"periods_between": "periods",
		"scope": "customers",
		"visible": "customers",
		"customer_filter_sql": "customers",
		"amount_bar_chart": "charts",
		"sales_summary": "charts",
	},
)
