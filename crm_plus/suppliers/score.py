"""The supplier evaluation formula (pure: no database), used by crm_plus.suppliers.rating.

on-time rate   r = on-time deliveries / counted deliveries            (0 … 1)
               counted: delivered ones, and undelivered ones whose promised date has passed
               on time: delivered on or before the promised date
quality        q = (average quality score − 1) / 4                     (scores 1 … 5 → 0 … 1)
score          100 × (0.6 × r + 0.4 × q)                               (0 … 100, one decimal)
               only deliveries recorded: 100 × r; only evaluations: 100 × q; neither: no score
rating         A ≥ 85 > B ≥ 70 > C ≥ 55 > D                            (no score: no rating)
"""

ON_TIME_WEIGHT = 0.6
QUALITY_WEIGHT = 0.4
MIN_QUALITY, MAX_QUALITY = 1, 5
BANDS = (("A", 85.0), ("B", 70.0), ("C", 55.0), ("D", 0.0))


def on_time_rate(on_time: int, counted: int) -> float | None:
	return on_time / counted if counted else None


def quality_fraction(average_quality: float | None) -> float | None:
	if average_quality is None:
		return None
	return (float(average_quality) - MIN_QUALITY) / (MAX_QUALITY - MIN_QUALITY)


def supplier_score(rate: float | None, average_quality: float | None) -> float | None:
	"""0–100 from the on-time rate (0–1) and the average quality score (1–5); None without data."""
	quality = quality_fraction(average_quality)
	if rate is None and quality is None:
		return None
	if quality is None:
		score = rate
	elif rate is None:
		score = quality
	else:
		score = ON_TIME_WEIGHT * rate + QUALITY_WEIGHT * quality
	return round(100 * min(max(score, 0.0), 1.0), 1)


def rating_band(score: float | None) -> str:
	if score is None:
		return ""
	return next(band for band, minimum in BANDS if score >= minimum)
