"""Sales forecast (销售预测): exponential smoothing of a per-period amount series. Pure Python, no frappe.

The method, chosen by how much history there is (``m`` = periods in a season: 12 months, 4 quarters):

- at least two full seasons (n >= 2m): additive Holt-Winters (level + trend + seasonal index);
- at least three periods but fewer than two seasons: Holt's linear trend (level + trend);
- one or two periods: their mean, flat; no history: zeros.

Smoothing parameters are chosen by a small grid search minimising the squared one-step-ahead errors over
the history (the usual fitting criterion of exponential smoothing). Start values are set so that an exact
line (and an exact line plus a repeating seasonal pattern) is continued exactly. Amounts cannot be
negative: forecasts are floored at zero.

``evaluate`` is the held-out check: fit on all but the last k periods, forecast those k, report MAE and
MAPE (MAPE over the periods whose actual is not zero; None when all are zero).
"""

from dataclasses import dataclass, field
from itertools import product

HOLT_WINTERS = "Holt-Winters (additive)"
HOLT = "Holt linear trend"
MEAN = "Mean"
NONE = "No history"

ALPHAS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
BETAS = (0.0, 0.05, 0.1, 0.2, 0.3)
GAMMAS = (0.05, 0.1, 0.2, 0.3, 0.5)
MIN_TREND_POINTS = 3


@dataclass
class Forecast:
	method: str
	values: list[float]
	params: dict = field(default_factory=dict)
	sse: float = 0.0


@dataclass
class Evaluation:
	holdout: int
	actual: list[float]
	predicted: list[float]
	mae: float
	mape: float | None
	method: str


def forecast(
	series: list[float], horizon: int, season_length: int = 12, floor: float | None = 0.0
) -> Forecast:
	"""Forecast the next `horizon` values of `series` (oldest first)."""
	y = [float(v or 0) for v in series]
	n = len(y)
	if horizon < 1:
		raise ValueError("horizon must be at least 1")
	if n == 0:
		result = Forecast(NONE, [0.0] * horizon)
	elif n < MIN_TREND_POINTS:
		result = Forecast(MEAN, [sum(y) / n] * horizon)
	elif season_length > 1 and n >= 2 * season_length:
		result = _best(y, horizon, season_length)
	else:
		result = _best(y, horizon, 0)
	if floor is not None:
		result.values = [max(floor, v) for v in result.values]
	return result


def evaluate(
	series: list[float], holdout: int, season_length: int = 12, floor: float | None = 0.0
) -> Evaluation | None:
	"""Fit on all but the last `holdout` values, forecast them, and measure the error; None when the
	rest is too short to fit a trend."""
	y = [float(v or 0) for v in series]
	if holdout < 1 or len(y) - holdout < MIN_TREND_POINTS:
		return None
	train, actual = y[:-holdout], y[-holdout:]
	fitted = forecast(train, holdout, season_length, floor)
	errors = [abs(a - p) for a, p in zip(actual, fitted.values, strict=True)]
	relative = [abs(a - p) / abs(a) for a, p in zip(actual, fitted.values, strict=True) if a]
	return Evaluation(
		holdout=holdout,
		actual=actual,
		predicted=fitted.values,
		mae=sum(errors) / holdout,
		mape=100 * sum(relative) / len(relative) if relative else None,
		method=fitted.method,
	)


def _best(y: list[float], horizon: int, m: int) -> Forecast:
	best = None
	gammas = GAMMAS if m else (0.0,)
	for alpha, beta, gamma in product(ALPHAS, BETAS, gammas):
		sse, values = _smooth(y, horizon, m, alpha, beta, gamma)
		if best is None or sse < best.sse - 1e-9:
			params = {"alpha": alpha, "beta": beta}
			if m:
				params.update(gamma=gamma, season_length=m)
			best = Forecast(HOLT_WINTERS if m else HOLT, values, params, sse)
	return best


def _smooth(
	y: list[float], horizon: int, m: int, alpha: float, beta: float, gamma: float
) -> tuple[float, list[float]]:
	"""One pass of (seasonal) exponential smoothing: the one-step-ahead SSE and the forecasts."""
	if m:
		first, second = y[:m], y[m : 2 * m]
		trend = (sum(second) - sum(first)) / (m * m)
		mean = sum(first) / m
		# level at the end of the first season; seasonal index of each of its periods around the line
		level = mean + trend * (m - 1) / 2
		season = [y[i] - (mean + trend * (i - (m - 1) / 2)) for i in range(m)]
		start = m
	else:
		level, trend, season, start = y[0], y[1] - y[0], [], 1
	sse = 0.0
	for t in range(start, len(y)):
		s = season[t - m] if m else 0.0
		predicted = level + trend + s
		sse += (y[t] - predicted) ** 2
		previous = level
		level = alpha * (y[t] - s) + (1 - alpha) * (level + trend)
		trend = beta * (level - previous) + (1 - beta) * trend
		if m:
			season.append(gamma * (y[t] - level) + (1 - gamma) * s)
	n = len(y)
	values = [level + h * trend + (season[n - m + (h - 1) % m] if m else 0.0) for h in range(1, horizon + 1)]
	return sse, values
