"""Dashboard chart data, per user.

The framework's ``frappe.desk.doctype.dashboard_chart.dashboard_chart.get`` caches a chart's figures
under the chart's name alone (frappe.utils.dashboard.cache_source): the first user to open a Count, Sum
or Group By chart would have their figures shown to everyone after them. With crm_plus's record rules the
figures depend on who asks (a rep's chart of customers by grade counts only their customers), so this
override computes them for the user asking, through the same frappe.get_list the framework uses, and
caches them under the chart and the user."""

import inspect

import frappe
from frappe.desk.doctype.dashboard_chart import dashboard_chart

from crm_plus.overrides import Call, extends

CACHE_SECONDS = 300
COMPUTED = (
	"chart_name",
	"chart",
	"filters",
	"from_date",
	"to_date",
	"timespan",
	"time_interval",
	"heatmap_year",
)


def compute_uncached(**kwargs):
	"""The framework's chart computation itself: the function under its whitelist and cache wrappers."""
	return inspect.unwrap(dashboard_chart.get)(**kwargs)


@extends(dashboard_chart.get, reads=(*COMPUTED, "no_cache", "refresh"))
def get(call: Call):
	kwargs = {key: call[key] for key in COMPUTED}
	if call["no_cache"] or not call["chart_name"]:
		return compute_uncached(**kwargs)
	key = f"crm_plus:chart-data:{call['chart_name']}:{frappe.session.user}:{frappe.as_json(kwargs)}"
	if not int(call["refresh"] or 0):
		cached = frappe.cache.get_value(key)
		if cached is not None:
			return cached
	result = compute_uncached(**kwargs)
	frappe.cache.set_value(key, result, expires_in_sec=CACHE_SECONDS)
	return result
