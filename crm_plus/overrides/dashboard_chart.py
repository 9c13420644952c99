"""Dashboard chart data, per user.

The framework's ``frappe.desk.doctype.dashboard_chart.dashboard_chart.get`` caches a chart's figures
under the chart's name alone (frappe.utils.dashboard.cache_source): the first user to open a Count, Sum
or Group By chart would have their figures shown to everyone after them. With crm_plus's record rules the
figures depend on who asks (a rep's chart of customers by grade counts only their customers), so this
override computes them for the user asking, through the same frappe.get_list the framework uses, and
caches them under the chart and the user."""

import frappe
from frappe.desk.doctype.dashboard_chart import dashboard_chart

CACHE_SECONDS = 300


@frappe.whitelist()
def get(
	chart_name=None,
	chart=None,
	no_cache=None,
	filters=None,
	from_date=None,
	to_date=None,
	timespan=None,
	time_interval=None,
	heatmap_year=None,
	refresh=None,
):
	compute = dashboard_chart.get.__wrapped__  # the framework's function without its shared cache
	kwargs = dict(
		chart_name=chart_name,
		chart=chart,
		filters=filters,
		from_date=from_date,
		to_date=to_date,
		timespan=timespan,
		time_interval=time_interval,
		heatmap_year=heatmap_year,
	)
	if no_cache or not chart_name:
		return compute(**kwargs)
	key = f"crm_plus:chart-data:{chart_name}:{frappe.session.user}:{frappe.as_json(kwargs)}"
	if not int(refresh or 0):
		cached = frappe.cache.get_value(key)
		if cached is not None:
			return cached
	result = compute(**kwargs)
	frappe.cache.set_value(key, result, expires_in_sec=CACHE_SECONDS)
	return result
