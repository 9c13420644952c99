"""The supplier evaluation formula (crm_plus.suppliers.score)."""

import pytest

from crm_plus.suppliers.score import on_time_rate, rating_band, supplier_score


@pytest.mark.parametrize(
	"rate, quality, expected",
	[
		(1.0, 5, 100.0),  # always on time, excellent quality
		(0.0, 1, 0.0),  # never on time, poor quality
		(0.9, 4, 84.0),  # 0.6 × 0.9 + 0.4 × 0.75
		(0.8, 3, 68.0),  # 0.6 × 0.8 + 0.4 × 0.5
		(0.75, None, 75.0),  # deliveries only
		(None, 4.5, 87.5),  # evaluations only
		(None, None, None),  # nothing to judge by
	],
)
def test_score_combines_on_time_rate_and_quality(rate, quality, expected):
	assert supplier_score(rate, quality) == expected


@pytest.mark.parametrize(
	"score, band",
	[
		(100, "A"),
		(85, "A"),
		(84.9, "B"),
		(70, "B"),
		(69.9, "C"),
		(55, "C"),
		(54.9, "D"),
		(0, "D"),
		(None, ""),
	],
)
def test_rating_bands(score, band):
	assert rating_band(score) == band


def test_on_time_rate_without_counted_deliveries_is_unknown_not_zero():
	assert on_time_rate(0, 0) is None
	assert on_time_rate(3, 4) == 0.75
