"""The pure rules of the import: name similarity (and its prefix-filtered index), anomaly statistics,
template headers."""

import random
from datetime import date

import pytest

from crm_plus.imports.anomalies import implausible_date, is_outlier, mean_and_stdev, outlier_limit
from crm_plus.imports.similarity import SimilarityIndex, bigrams, prefix_length, similarity
from crm_plus.utils.normalize import normalize_party_name


def key(name: str) -> str:
	return normalize_party_name(name)


@pytest.mark.parametrize(
	"a, b",
	[
		("北京星河科技有限公司", "星河科技（北京）有限公司"),  # words moved
		("华东精密机械制造有限公司", "华东精密机械制造厂"),
		("上海明珠电子科技有限公司", "上海明珠电子技术有限公司"),  # one word changed
	],
)
def test_close_names_reach_the_default_threshold(a, b):
	assert similarity(key(a), key(b)) >= 0.7


@pytest.mark.parametrize(
	"a, b",
	[
		("北京星河科技有限公司", "广州海洋贸易有限公司"),
		("上海明珠电子有限公司", "上海建工集团有限公司"),  # same city only
	],
)
def test_different_companies_stay_apart(a, b):
	assert similarity(key(a), key(b)) < 0.5


def test_similarity_is_symmetric_and_one_for_equal_names():
	assert similarity("abcdef", "abcdef") == 1.0
	assert similarity("", "") == 0.0
	assert similarity("星河科技北京", "北京星河科技") == similarity("北京星河科技", "星河科技北京") == 0.8
	assert bigrams("a") == frozenset({"a"})


def test_prefix_length_never_below_one():
	assert prefix_length(1, 0.8) == 1
	assert prefix_length(10, 1.0) == 1
	assert prefix_length(10, 0.5) > prefix_length(10, 0.9)


def test_index_finds_exactly_the_pairs_a_full_comparison_finds():
	rng = random.Random(7)
	syllables = "星河科技北京上海明珠电子华东精密机械制造贸易海洋广州深圳"
	names = {"".join(rng.choice(syllables) for _ in range(rng.randint(3, 9))) for _ in range(600)}
	names = sorted(names)
	for threshold in (0.6, 0.8):
		index = SimilarityIndex(names, threshold)
		for name in names[:150]:
			expected = {o for o in names if o != name and similarity(name, o) >= threshold}
			assert {o for o, _s in index.matches(name)} == expected


def test_index_probe_with_a_name_not_indexed():
	index = SimilarityIndex(["北京星河科技", "广州海洋贸易"], 0.75, extra_keys=["北京星河科枝"])
	assert [m for m, _ in index.matches("北京星河科枝")] == ["北京星河科技"]
	assert index.matches("") == []
	with pytest.raises(ValueError):
		SimilarityIndex([], 0)


def test_mean_and_stdev():
	assert mean_and_stdev([2, 4, 4, 4, 5, 5, 7, 9]) == (5.0, 2.0)
	assert mean_and_stdev([]) == (0.0, 0.0)


def test_outliers_need_history_that_varies():
	history = [100, 110, 95, 105]
	limit = outlier_limit(history)
	assert limit == pytest.approx(102.5 + 5 * mean_and_stdev(history)[1])
	assert is_outlier(1000, history)
	assert not is_outlier(120, history)
	assert outlier_limit([100, 100, 100]) is None  # no spread: nothing to judge by
	assert outlier_limit([100, 200]) is None  # too short
	assert not is_outlier(None, history)


def test_implausible_dates():
	today = date(2026, 11, 24)
	assert implausible_date(date(2027, 1, 1), today) == "future"
	assert implausible_date(date(1900, 1, 1), today) == "too early"
	assert implausible_date(date(2020, 5, 1), today) is None
	assert implausible_date(None, today) is None
