"""Rules that decide whether two customers are the same company, and what a valid phone is."""

import pytest

from crm_plus.utils.normalize import normalize_email, normalize_party_name, normalize_phone, normalize_tax_id


@pytest.mark.parametrize(
	"a, b",
	[
		("北京星河科技有限公司", "北京星河科技股份有限公司"),
		("北京星河科技有限公司", "北京星河科技有限责任公司"),
		("北京星河科技有限公司", " 北京 星河科技 有限公司 "),
		("北京星河科技有限公司", "北京星河科技"),
		("ＡＢＣ贸易有限公司", "abc贸易有限公司"),  # full-width letters
		("Acme Trading Co., Ltd.", "ACME TRADING CO LTD"),
		("Acme Trading Co., Ltd.", "acme trading limited"),
		("深圳市华为（中国）有限公司", "深圳市华为(中国)有限公司"),
		("上海·明珠电子有限公司", "上海明珠电子有限公司"),
	],
)
def test_spellings_of_one_company_collide(a, b):
	assert normalize_party_name(a) == normalize_party_name(b)


@pytest.mark.parametrize(
	"a, b",
	[
		("北京星河科技有限公司", "北京星河电子有限公司"),
		("星河集团有限公司", "星河有限公司"),
		("Acme Trading", "Acme Tradings"),
	],
)
def test_different_companies_stay_apart(a, b):
	assert normalize_party_name(a) != normalize_party_name(b)


def test_a_name_that_is_only_a_legal_form_is_kept():
	assert normalize_party_name("有限公司") == "有限公司"
	assert normalize_party_name("") == ""
	assert normalize_party_name(None) == ""


@pytest.mark.parametrize(
	"raw, canonical",
	[
		("13800138000", "13800138000"),
		("138 0013 8000", "13800138000"),
		("+86 138-0013-8000", "13800138000"),
		("0086 13800138000", "13800138000"),
		("010-62345678", "01062345678"),
		("(0755) 8888 6666", "075588886666"),
		("0755-88886666 转 123", "075588886666-123"),
		("021-5555 1234 ext. 9", "02155551234-9"),
		("+86 10 6234 5678", "01062345678"),
		("400-810-8888", "4008108888"),
		("+1 650 253 0000", "+16502530000"),
		("１３８００１３８０００", "13800138000"),  # full-width digits
	],
)
def test_valid_phones_are_canonicalised(raw, canonical):
	assert normalize_phone(raw) == canonical


@pytest.mark.parametrize(
	"raw",
	[
		"12345",
		"1380013800",
		"138001380001",
		"23800138000",
		"abc",
		"010-1234",
		"13800138000转12",
		"+0 123",
		"phone: 13800138000",
	],
)
def test_malformed_phones_are_refused(raw):
	assert normalize_phone(raw) is None


@pytest.mark.parametrize(
	"raw, canonical",
	[
		("Li.Lei@Example.COM", "Li.Lei@example.com"),
		("sales+cn@xinghe-tech.com.cn", "sales+cn@xinghe-tech.com.cn"),
	],
)
def test_valid_emails(raw, canonical):
	assert normalize_email(raw) == canonical


@pytest.mark.parametrize(
	"raw", ["li.lei", "li@", "@example.com", "li..lei@example.com", "li lei@example.com", "li@example"]
)
def test_malformed_emails_are_refused(raw):
	assert normalize_email(raw) is None


def test_tax_id_check_character():
	assert normalize_tax_id("91350100M000100Y43") == "91350100M000100Y43"
	assert normalize_tax_id("91350100m000100y43") == "91350100M000100Y43"
	assert normalize_tax_id("91350100M000100Y44") is None  # wrong check character
	assert normalize_tax_id("91350100M000100Y4") is None  # too short
	assert normalize_tax_id("91350100I000100Y43") is None  # I is not in the alphabet
