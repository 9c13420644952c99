# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt
"""Sales forecast: the order amount of the next 3–6 months or quarters of the customers the user may
see (optionally one rep, team, grade or region), forecast from the complete past periods with
crm_plus.analysis.forecast; the summary shows the error of the same method on the last k periods held out."""

import frappe
from frappe import _
from frappe.utils import add_days, add_months, cint, getdate, nowdate

from crm_plus.analysis import MONTH, QUARTER, period_of
from crm_plus.analysis.charts import chart
from crm_plus.analysis.forecast import evaluate, forecast
from crm_plus.analysis.trend import amount_history
from crm_plus.utils.report import card, report_columns

SEASONS = {MONTH: 12, QUARTER: 4}
DEFAULT_HISTORY = {MONTH: 36, QUARTER: 12}
HISTORY, HELD_OUT, FORECAST = "History", "Held Out", "Forecast"


@frappe.read_only()  # from the read replica when the site has one (README, "Production")
def execute(filters=None):
	filters = frappe._dict(filters or {})
	period = filters.period if filters.period in SEASONS else MONTH
	horizon = min(max(cint(filters.horizon) or 6, 3), 6)
	holdout = min(max(cint(filters.holdout) or 3, 1), 12)
	history_periods = max(cint(filters.history) or DEFAULT_HISTORY[period], 1)
	result = run_forecast(period, horizon, holdout, history_periods, filters)
	data = get_data(result)
	return get_columns(), data, None, get_chart(data), get_summary(result)


def history_range(period: str, history_periods: int, today=None) -> tuple:
	"""The first day of the period `history_periods` before the current one, and the last day of the
	last complete period (the current period is incomplete and is forecast, not fitted)."""
	months = 3 if period == QUARTER else 1
	today = getdate(today or nowdate())
	start_of_current = getdate(f"{today.year}-{today.month - (today.month - 1) % months:02d}-01")
	return add_months(start_of_current, -months * history_periods), add_days(start_of_current, -1)


def run_forecast(period: str, horizon: int, holdout: int, history_periods: int, filters) -> frappe._dict:
	from_date, to_date = history_range(period, history_periods)
	history = amount_history(period, from_date, to_date, filters)
	values = [amount for _label, amount in history]
	m = SEASONS[period]
	result = forecast(values, horizon, season_length=m)
	months = 3 if period == QUARTER else 1
	future = [period_of(add_months(add_days(to_date, 1), months * i), period) for i in range(horizon)]
	return frappe._dict(
		period=period,
		history=history,
		forecast=result,
		future=future,
		evaluation=evaluate(values, holdout, season_length=m),
		holdout=holdout,
	)


def get_columns() -> list[dict]:
	return report_columns("CP Sales Forecast")


def get_data(result) -> list[dict]:
	rows = []
	held = result.evaluation
	first_held = len(result.history) - (held.holdout if held else 0)
	for i, (label, amount) in enumerate(result.history):
		row = frappe._dict(period=label, kind=_(HISTORY), actual=amount, forecast=None, error=None)
		if held and i >= first_held:
			predicted = held.predicted[i - first_held]
			row.update(kind=_(HELD_OUT), forecast=round(predicted, 2), error=round(amount - predicted, 2))
		rows.append(row)
	for label, value in zip(result.future, result.forecast.values, strict=True):
		rows.append(
			frappe._dict(period=label, kind=_(FORECAST), actual=None, forecast=round(value, 2), error=None)
		)
	return rows


def get_chart(data: list[dict]) -> dict | None:
	return chart(
		[row.period for row in data],
		[
			(_("Actual Amount"), [row.actual for row in data]),
			(_("Forecast Amount"), [row.forecast for row in data]),
		],
		"line",
		fieldtype="Currency",
		lineOptions={"regionFill": 0, "dotSize": 3},
		colors=["#5e64ff", "#ff5858"],
	)


def get_summary(result) -> list[dict]:
	held = result.evaluation
	summary = [
		card(_("Method"), _(result.forecast.method), "Data", "Blue"),
		card(_("Next Period Forecast"), result.forecast.values[0], "Currency", "Green"),
		card(
			_("Forecast Total ({0} periods)").format(len(result.future)),
			sum(result.forecast.values),
			"Currency",
			"Green",
		),
	]
	if held:
		summary += [
			card(
				_("Held-out MAE (last {0} periods)").format(held.holdout),
				round(held.mae, 2),
				"Currency",
				"Orange",
			),
			card(
				_("Held-out MAPE (last {0} periods)").format(held.holdout),
				round(held.mape, 2) if held.mape is not None else _("n/a"),
				"Percent" if held.mape is not None else "Data",
				"Orange",
			),
		]
	else:
		summary.append(card(_("Held-out Error"), _("Not enough history"), "Data", "Grey"))
	return summary
