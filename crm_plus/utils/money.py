"""Amounts written out in Chinese capital numerals (人民币大写), as contracts and invoices require.

Pure functions, no Frappe: tested in tests/test_money.py.
"""

from decimal import ROUND_HALF_UP, Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNITS = ("", "拾", "佰", "仟")
GROUP_UNITS = ("", "万", "亿", "万亿")


def rmb_upper(amount: float | int | str | Decimal | None) -> str:
	"""1234567.89 -> 壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分; 100 -> 壹佰元整; rounded to the fen."""
	value = Decimal(str(amount or 0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
	sign = "负" if value < 0 else ""
	integer, cents = divmod(int(abs(value) * 100), 100)
	if integer >= 10**16:
		raise ValueError(f"{amount} is too large to write out")
	jiao, fen = divmod(cents, 10)
	if not integer and not cents:
		return "零元整"
	parts = []
	if integer:
		parts.append(_integer(integer) + "元")
	if jiao:
		parts.append(DIGITS[jiao] + "角")
	elif fen and integer:
		parts.append("零")
	if fen:
		parts.append(DIGITS[fen] + "分")
	if not cents:
		parts.append("整")
	return sign + "".join(parts)


def _integer(number: int) -> str:
	groups = []
	while number:
		number, group = divmod(number, 10_000)
		groups.append(group)
	text, pending_zero = "", False
	for index in reversed(range(len(groups))):
		group = groups[index]
		if not group:
			pending_zero = bool(text)
			continue
		if text and (pending_zero or group < 1000):
			text += "零"
		text += _group(group) + GROUP_UNITS[index]
		pending_zero = False
	return text


def _group(number: int) -> str:
	"""1..9999 without leading 零: 1005 -> 壹仟零伍."""
	text, pending_zero = "", False
	for position in (3, 2, 1, 0):
		digit = number // 10**position % 10
		if not digit:
			pending_zero = bool(text)
			continue
		if pending_zero:
			text += "零"
			pending_zero = False
		text += DIGITS[digit] + UNITS[position]
	return text
