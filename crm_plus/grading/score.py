"""The value score (客户价值评分) of a customer and the grade that follows from it. Pure: no database.

The figures of one customer (crm_plus.grading reads them for all customers in a few aggregate queries):

    amount      total amount of its counted orders dated in the scoring period
    orders      number of those orders
    products    distinct products on those orders
    complaints  its complaints with a feedback date in the period
    clv_amount, clv_orders, first_order
                total, number and first date of ALL its counted orders up to today (for CLV)

An order counts when it is Confirmed, Shipped, Delivered or Completed (crm_plus.orders.COUNTED_STATUSES);
the scoring period is the `period_months` months up to today: after the same day `period_months` months
ago, up to and including today.

Each factor runs from 0 to 100 (the targets are CP Grading Settings):

    amount factor     = min(100, 100 × amount ÷ amount_target)
    frequency factor  = min(100, 100 × orders ÷ frequency_target)
    variety factor    = min(100, 100 × products ÷ variety_target)
    feedback factor   = max(0, 100 − complaint_penalty × complaints)
    CLV               = average order value × orders per year × expected lifespan (years)
                        average order value = clv_amount ÷ clv_orders
                        orders per year     = clv_orders ÷ max(1, days since first_order ÷ 365)
    CLV factor        = min(100, 100 × CLV ÷ clv_target)

    value score = Σ (weight × factor) ÷ Σ weights, rounded half up to one decimal
                  0 when the customer has no counted order in the period

The grade is the tier with the highest minimum score the value score reaches (equal minimums: the
better rank); no grade when the score reaches no tier's minimum.
"""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

FACTORS = ("amount", "frequency", "variety", "feedback", "clv")


@dataclass(frozen=True)
class Rules:
	"""CP Grading Settings, as numbers (defaults: a fresh site's settings)."""

	period_months: int = 12
	weight_amount: float = 30
	weight_frequency: float = 20
	weight_variety: float = 15
	weight_feedback: float = 15
	weight_clv: float = 20
	amount_target: float = 300_000
	frequency_target: float = 6
	variety_target: float = 10
	complaint_penalty: float = 25
	clv_lifespan_years: float = 3
	clv_target: float = 1_000_000

	def weight(self, factor: str) -> float:
		return float(getattr(self, f"weight_{factor}"))


@dataclass
class Figures:
	amount: float = 0
	orders: int = 0
	products: int = 0
	complaints: int = 0
	clv_amount: float = 0
	clv_orders: int = 0
	first_order: date | None = None


@dataclass(frozen=True)
class Tier:
	name: str
	min_score: float
	sequence: int


def period_start(today: date, months: int) -> date:
	"""Orders and complaints dated after this day (and not after today) are in the scoring period."""
	return months_before(today, months)


def months_before(day: date, months: int) -> date:
	"""The same day `months` calendar months earlier, or the month's last day where it is shorter
	(as dateutil's relativedelta counts: 31 May less 3 months is 28 or 29 February)."""
	index = day.year * 12 + day.month - 1 - months
	year, month = divmod(index, 12)
	month += 1
	return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _ratio(value: float, target: float) -> float:
	return min(100.0, 100.0 * float(value) / float(target)) if target > 0 else 0.0


def clv(figures: Figures, rules: Rules, today: date) -> float:
	"""Customer lifetime value: average order value × orders per year × expected lifespan."""
	if not figures.clv_orders or figures.first_order is None:
		return 0.0
	average_order_value = float(figures.clv_amount) / figures.clv_orders
	years = max(1.0, (today - figures.first_order).days / 365)
	orders_per_year = figures.clv_orders / years
	return average_order_value * orders_per_year * float(rules.clv_lifespan_years)


def factors(figures: Figures, rules: Rules, today: date) -> dict[str, float]:
	return {
		"amount": _ratio(figures.amount, rules.amount_target),
		"frequency": _ratio(figures.orders, rules.frequency_target),
		"variety": _ratio(figures.products, rules.variety_target),
		"feedback": max(0.0, 100.0 - float(rules.complaint_penalty) * figures.complaints),
		"clv": _ratio(clv(figures, rules, today), rules.clv_target),
	}


def round_score(value: float) -> float:
	return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def value_score(figures: Figures, rules: Rules, today: date) -> float:
	"""0–100, one decimal."""
	if not figures.orders:
		return 0.0
	total_weight = sum(rules.weight(f) for f in FACTORS)
	if total_weight <= 0:
		return 0.0
	by_factor = factors(figures, rules, today)
	return round_score(sum(rules.weight(f) * by_factor[f] for f in FACTORS) / total_weight)


def sort_tiers(tiers: list[Tier]) -> list[Tier]:
	"""Best first: the highest minimum score, then the better (lower) rank."""
	return sorted(tiers, key=lambda t: (-float(t.min_score), t.sequence))


def grade_for(score: float, tiers: list[Tier]) -> str | None:
	"""The tier of `score` among `tiers` (sorted with sort_tiers)."""
	for tier in tiers:
		if score >= float(tier.min_score):
			return tier.name
	return None
