import pytest

from crm_plus.utils.money import rmb_upper


@pytest.mark.parametrize(
	("amount", "expected"),
	[
		(0, "零元整"),
		(None, "零元整"),
		(1, "壹元整"),
		(10, "壹拾元整"),
		(100, "壹佰元整"),
		(1005, "壹仟零伍元整"),
		(1010, "壹仟零壹拾元整"),
		(100_010, "壹拾万零壹拾元整"),
		(1_000_000, "壹佰万元整"),
		(100_000_000, "壹亿元整"),
		(100_000_001, "壹亿零壹元整"),
		(120_005_000, "壹亿贰仟万伍仟元整"),
		(100_005_000, "壹亿零伍仟元整"),
		(1_234_567.89, "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"),
		(0.5, "伍角"),
		(0.05, "伍分"),
		(1.05, "壹元零伍分"),
		(1.5, "壹元伍角"),
		("88000.00", "捌万捌仟元整"),
		(-12.3, "负壹拾贰元叁角"),
		(0.005, "壹分"),
	],
)
def test_rmb_upper(amount, expected):
	assert rmb_upper(amount) == expected


def test_too_large_is_refused():
	with pytest.raises(ValueError):
		rmb_upper(10**16)
