"""Normalisation of names and numbers that identify a party. Pure Python: no Frappe import, so the
rules are unit-tested in the top-level tests/ without a site."""

import re
import unicodedata

# Legal-form suffixes that do not distinguish two companies (longest first).
_LEGAL_SUFFIXES_ZH = (
	"股份有限公司",
	"有限责任公司",
	"有限公司",
	"股份公司",
	"公司",
)
_LEGAL_SUFFIXES_EN = (
	"company limited",
	"co ltd",
	"co limited",
	"corporation",
	"limited",
	"company",
	"corp",
	"ltd",
	"inc",
	"llc",
	"gmbh",
	"co",
)
# Everything that is not a letter or digit in any script (spaces, punctuation, brackets of both widths).
_NOISE = re.compile(r"[\W_]+", re.UNICODE)


def normalize_party_name(name: str | None) -> str:
	"""The key under which two spellings of one company collide.

	Full-width and half-width forms, case, spaces, punctuation and the legal form
	(有限公司 / 股份有限公司 / 有限责任公司 / Co., Ltd. ...) do not make a different company:
	"北京星河科技有限公司", "北京 星河科技股份有限公司" and "北京星河科技（有限公司）" share one key.
	"""
	if not name:
		return ""
	text = unicodedata.normalize("NFKC", name).casefold().strip()
	# English legal forms are words: compare on word boundaries before punctuation is dropped
	words = re.sub(r"[.,&()\[\]{}'\"-]+", " ", text).split()
	changed = True
	while changed and len(words) > 1:
		changed = False
		for suffix in _LEGAL_SUFFIXES_EN:
			parts = suffix.split()
			if len(words) > len(parts) and words[-len(parts) :] == parts:
				words = words[: -len(parts)]
				changed = True
				break
	text = _NOISE.sub("", "".join(words))
	while True:
		# the longest legal form the name ends with; a name that is nothing but one is kept
		suffix = next((s for s in _LEGAL_SUFFIXES_ZH if text.endswith(s)), None)
		if not suffix or suffix == text:
			return text
		text = text[: -len(suffix)]


_PHONE_SEPARATORS = re.compile(r"[\s\-().·]+")
_EXTENSION = re.compile(r"(?:转|分机|ext\.?|x|#)(\d{1,6})$", re.IGNORECASE)
_MOBILE_CN = re.compile(r"^1[3-9]\d{9}$")
# area codes: 010, 02x, 0[3-9]xx; then a local number of 7 or 8 digits not starting with 0 or 1
_LANDLINE_CN = re.compile(r"^0(?:10|2\d|[3-9]\d{2})[2-9]\d{6,7}$")
_SERVICE_CN = re.compile(r"^[48]00\d{7}$")
_INTERNATIONAL = re.compile(r"^\+[1-9]\d{6,14}$")


def normalize_phone(phone: str | None) -> str | None:
	"""A phone number in one canonical form, or None when it is not a valid phone number.

	Accepted: Chinese mobiles (13800138000, +86 138-0013-8000), landlines with area code
	(010-62345678, (0755) 8888 6666 转 123), 400/800 service numbers and international numbers in
	+<country><number> form. The canonical form keeps digits, a leading + for foreign numbers and an
	extension as "-ext".
	"""
	if not phone:
		return None
	text = unicodedata.normalize("NFKC", phone).strip()
	ext = None
	compact = _PHONE_SEPARATORS.sub("", text)
	match = _EXTENSION.search(compact)
	if match:
		ext = match.group(1)
		compact = compact[: match.start()]
	if compact.startswith("0086"):
		compact = "+86" + compact[4:]
	if compact.startswith("+86"):
		national = compact[3:]
		if _MOBILE_CN.match(national):
			canonical = national
		elif _LANDLINE_CN.match("0" + national.lstrip("0")):
			canonical = "0" + national.lstrip("0")
		else:
			return None
	elif _MOBILE_CN.match(compact) or _LANDLINE_CN.match(compact) or _SERVICE_CN.match(compact):
		canonical = compact
	elif _INTERNATIONAL.match(compact):
		canonical = compact
	else:
		return None
	if ext and _MOBILE_CN.match(canonical):
		return None  # a mobile number has no extension
	return f"{canonical}-{ext}" if ext else canonical


_EMAIL = re.compile(
	r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
	r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,}$"
)


def normalize_email(email: str | None) -> str | None:
	"""A lower-cased e-mail address, or None when it is not a valid address."""
	if not email:
		return None
	text = unicodedata.normalize("NFKC", email).strip()
	if ".." in text or not _EMAIL.match(text):
		return None
	local, domain = text.rsplit("@", 1)
	return f"{local}@{domain.lower()}"


# 统一社会信用代码: 18 characters from this alphabet, the last one a check character.
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def normalize_tax_id(tax_id: str | None) -> str | None:
	"""A unified social credit code (统一社会信用代码) in upper case, or None when it is malformed or
	its check character is wrong."""
	if not tax_id:
		return None
	code = _NOISE.sub("", unicodedata.normalize("NFKC", tax_id)).upper()
	if len(code) != 18 or any(c not in _USCC_ALPHABET for c in code):
		return None
	total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(code[:17], _USCC_WEIGHTS, strict=True))
	check = _USCC_ALPHABET[(31 - total % 31) % 31]
	return code if code[17] == check else None
