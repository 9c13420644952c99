"""The value score formula and the grade it gives (crm_plus.grading.score), computed by hand."""

from dataclasses import replace
from datetime import date

import pytest

from crm_plus.grading.score import (
	Figures,
	Rules,
	Tier,
	clv,
	factors,
	grade_for,
	period_start,
	round_score,
	sort_tiers,
	value_score,
)

TODAY = date(2026, 6, 30)
# weights 30/20/15/15/20; full score at 500,000, 12 orders, 10 products; 25 points per complaint;
# CLV over 3 years, full score at 2,000,000
RULES = Rules(amount_target=500_000, frequency_target=12, variety_target=10, clv_target=2_000_000)
TIERS = sort_tiers([Tier("C", 0, 4), Tier("A", 70, 2), Tier("S", 85, 1), Tier("B", 50, 3)])


def test_a_customer_computed_by_hand():
	# 6 orders worth 300,000 in the period, 5 distinct products, 1 complaint;
	# all-time: 8 orders worth 400,000, the first 2 years ago
	figures = Figures(
		amount=300_000,
		orders=6,
		products=5,
		complaints=1,
		clv_amount=400_000,
		clv_orders=8,
		first_order=date(2024, 6, 30),
	)
	# amount 60, frequency 50, variety 50, feedback 75,
	# CLV = 50,000 × (8 ÷ 2.0 years) × 3 = 600,000 → 30
	assert factors(figures, RULES, TODAY) == {
		"amount": 60.0,
		"frequency": 50.0,
		"variety": 50.0,
		"feedback": 75.0,
		"clv": 30.0,
	}
	# (30×60 + 20×50 + 15×50 + 15×75 + 20×30) ÷ 100 = (1800 + 1000 + 750 + 1125 + 600) ÷ 100 = 52.75 → 52.8
	assert value_score(figures, RULES, TODAY) == 52.8
	assert grade_for(52.8, TIERS) == "B"


def test_factors_are_capped_at_100_and_feedback_at_0():
	figures = Figures(
		amount=2_000_000,
		orders=40,
		products=30,
		complaints=9,
		clv_amount=9_000_000,
		clv_orders=40,
		first_order=date(2026, 1, 1),
	)
	assert factors(figures, RULES, TODAY) == {
		"amount": 100.0,
		"frequency": 100.0,
		"variety": 100.0,
		"feedback": 0.0,
		"clv": 100.0,
	}
	assert value_score(figures, RULES, TODAY) == 85.0  # everything but feedback: 85 of 100 weight


def test_no_counted_order_in_the_period_scores_zero():
	assert value_score(Figures(), RULES, TODAY) == 0.0
	# complaints alone, or old orders alone, are not value
	assert value_score(Figures(complaints=2), RULES, TODAY) == 0.0
	old = Figures(clv_amount=900_000, clv_orders=9, first_order=date(2023, 1, 1))
	assert value_score(old, RULES, TODAY) == 0.0


def test_clv_uses_at_least_one_year():
	# a customer of three months: orders per year is the number of orders, not four times it
	figures = Figures(clv_amount=120_000, clv_orders=3, first_order=date(2026, 4, 1))
	assert clv(figures, RULES, TODAY) == pytest.approx(40_000 * 3 * 3)


def test_the_weights_are_relative():
	doubled = replace(
		RULES, weight_amount=60, weight_frequency=40, weight_variety=30, weight_feedback=30, weight_clv=40
	)
	figures = Figures(
		amount=100_000, orders=3, products=2, clv_amount=100_000, clv_orders=3, first_order=TODAY
	)
	assert value_score(figures, doubled, TODAY) == value_score(figures, RULES, TODAY)
	only_amount = replace(
		RULES, weight_amount=1, weight_frequency=0, weight_variety=0, weight_feedback=0, weight_clv=0
	)
	assert value_score(figures, only_amount, TODAY) == 20.0


@pytest.mark.parametrize(
	"score, grade",
	[(100, "S"), (85.0, "S"), (84.9, "A"), (70.0, "A"), (69.9, "B"), (50.0, "B"), (49.9, "C"), (0, "C")],
)
def test_grade_boundaries_are_inclusive(score, grade):
	assert grade_for(score, TIERS) == grade


def test_renamed_and_unordered_tiers():
	tiers = sort_tiers([Tier("普通", 0, 4), Tier("钻石", 85, 1), Tier("白银", 50, 3), Tier("黄金", 70, 2)])
	assert [t.name for t in tiers] == ["钻石", "黄金", "白银", "普通"]
	assert grade_for(70, tiers) == "黄金"


def test_no_tier_reached_gives_no_grade():
	assert grade_for(10, sort_tiers([Tier("A", 50, 1)])) is None


def test_rounding_is_half_up():
	assert round_score(52.75) == 52.8
	assert round_score(52.74999) == 52.7
	assert round_score(69.95) == 70.0


def test_the_period_is_the_months_up_to_today():
	assert period_start(date(2026, 6, 30), 12) == date(2025, 6, 30)
	assert period_start(date(2026, 3, 31), 1) == date(2026, 2, 28)


def test_months_before_keeps_the_day_or_takes_the_months_last():
	from crm_plus.grading.score import months_before

	assert months_before(date(2026, 5, 31), 3) == date(2026, 2, 28)
	assert months_before(date(2024, 5, 31), 3) == date(2024, 2, 29)
	assert months_before(date(2026, 1, 15), 1) == date(2025, 12, 15)
	assert months_before(date(2026, 3, 31), 12) == date(2025, 3, 31)
	assert months_before(date(2026, 12, 2), 36) == date(2023, 12, 2)
	assert months_before(date(2026, 7, 31), 0) == date(2026, 7, 31)


def test_domain_packages_import_without_the_framework_and_name_nothing_twice():
	import importlib

	for package in ("crm_plus.grading", "crm_plus.churn", "crm_plus.analysis"):
		importlib.import_module(package)  # their __init__ names the public names only: no framework


def test_a_public_name_may_not_be_a_module_name():
	import pytest

	from crm_plus.utils.lazy import public_names

	with pytest.raises(ImportError, match="score"):
		public_names("crm_plus.grading", {"score": "run"})
