"""The sales forecast method (crm_plus.analysis.forecast) on series whose future is known."""

import math

import pytest

from crm_plus.analysis.forecast import HOLT, HOLT_WINTERS, MEAN, NONE, evaluate, forecast

PATTERN = [30.0, 10.0, -20.0, -5.0, 0.0, 15.0, 25.0, -10.0, -30.0, 5.0, -15.0, -5.0]  # sums to 0


def seasonal(n: int, start: int = 0) -> list[float]:
	return [200.0 + 3.0 * t + PATTERN[t % 12] for t in range(start, start + n)]


def test_a_line_is_continued_exactly():
	series = [10.0 + 5.0 * t for t in range(8)]
	result = forecast(series, 4, season_length=12)
	assert result.method == HOLT
	assert result.values == pytest.approx([50.0, 55.0, 60.0, 65.0])


def test_a_seasonal_series_with_two_seasons_uses_holt_winters_and_is_continued_exactly():
	result = forecast(seasonal(36), 6, season_length=12)
	assert result.method == HOLT_WINTERS
	assert result.values == pytest.approx(seasonal(6, start=36))


def test_holt_winters_beats_a_trend_on_a_seasonal_series():
	with_season = evaluate(seasonal(36), 6, season_length=12)
	without = evaluate(seasonal(36), 6, season_length=0)
	assert with_season.method == HOLT_WINTERS and without.method == HOLT
	assert with_season.mae == pytest.approx(0.0, abs=1e-6)
	assert without.mae > 5.0


def test_a_quarterly_season_of_four():
	series = [100.0 + [8.0, -3.0, -9.0, 4.0][t % 4] for t in range(12)]
	result = forecast(series, 4, season_length=4)
	assert result.method == HOLT_WINTERS
	assert result.values == pytest.approx([108.0, 97.0, 91.0, 104.0])


def test_a_constant_stays_constant():
	result = forecast([42.0] * 30, 5, season_length=12)
	assert result.values == pytest.approx([42.0] * 5)
	check = evaluate([42.0] * 30, 3, season_length=12)
	assert check.mae == pytest.approx(0.0, abs=1e-9)
	assert check.mape == pytest.approx(0.0, abs=1e-9)


def test_too_short_histories():
	assert forecast([], 3).method == NONE
	assert forecast([], 3).values == [0.0, 0.0, 0.0]
	short = forecast([10.0, 20.0], 3)
	assert short.method == MEAN
	assert short.values == [15.0, 15.0, 15.0]
	assert evaluate([10.0, 20.0, 30.0, 40.0], 3) is None
	assert evaluate([10.0, 20.0, 30.0, 40.0], 1).mae == pytest.approx(0.0)
	with pytest.raises(ValueError):
		forecast([1.0, 2.0, 3.0], 0)


def test_zeros():
	result = forecast([0.0] * 24, 6, season_length=12)
	assert result.values == [0.0] * 6
	check = evaluate([0.0] * 24, 6, season_length=12)
	assert check.mae == 0.0
	assert check.mape is None  # no actual to be relative to
	assert forecast([None, 0, None], 2).values == [0.0, 0.0]


def test_forecasts_never_go_below_zero():
	falling = [100.0 - 20.0 * t for t in range(5)]  # 100 .. 20
	assert forecast(falling, 3).values == [0.0, 0.0, 0.0]
	assert forecast(falling, 3, floor=None).values == pytest.approx([0.0, -20.0, -40.0])


def test_held_out_errors_are_measured_on_the_last_periods():
	series = [100.0] * 10 + [130.0, 70.0]
	check = evaluate(series, 2, season_length=12)
	assert check.actual == [130.0, 70.0]
	assert check.predicted == pytest.approx([100.0, 100.0])
	assert check.mae == pytest.approx(30.0)
	assert check.mape == pytest.approx((30 / 130 + 30 / 70) / 2 * 100)
	assert not math.isnan(check.mape)
