"""A stored value as a reader sees it: options and Yes/No translated, numbers and dates formatted the
site's way for Word, typed for Excel, rich text as plain text."""

import datetime
import re
from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import cint, cstr

# characters XML (and so .docx and .xlsx) cannot hold
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_RICH_TEXT = ("Text Editor", "HTML Editor")
_BLOCKS = ("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre")
FORMATTED_FIELDTYPES = (
	"Currency",
	"Float",
	"Percent",
	"Int",
	"Long Int",
	"Date",
	"Datetime",
	"Time",
	"Duration",
)


def clean(text: str) -> str:
	return _ILLEGAL_XML.sub("", text)


def html_to_text(html: str | None) -> str:
	"""Rich text as plain lines: one per paragraph or list item (list items bulleted)."""
	if not html:
		return ""
	if "<" not in html:
		return html.strip()
	from bs4 import BeautifulSoup

	soup = BeautifulSoup(html, "html.parser")
	for br in soup.find_all("br"):
		br.replace_with("\n")
	for item in soup.find_all("li"):
		item.insert(0, "• ")
	for block in soup.find_all(_BLOCKS):
		block.append("\n")
	lines = (line.strip() for line in soup.get_text().splitlines())
	return "\n".join(line for line in lines if line)


def translator():
	"""`frappe._` remembering its answers: a list export translates the same few options (and Yes /
	No) over and over, and each `_` call asks the cache server for the translation table."""
	answers = {}

	def translate(text: str) -> str:
		if text not in answers:
			answers[text] = _(text)
		return answers[text]

	return translate


def display(value, df, doc=None, translate=_) -> str:
	"""The value as text in a document (Word): what the form shows."""
	if value is None or value == "":
		return ""
	fieldtype = df.fieldtype
	if fieldtype == "Check":
		return translate("Yes") if cint(value) else translate("No")
	if fieldtype == "Select":
		return translate(cstr(value))
	if fieldtype in _RICH_TEXT:
		return clean(html_to_text(value))
	if fieldtype in FORMATTED_FIELDTYPES:
		return clean(cstr(frappe.format_value(value, df, doc)))
	return clean(cstr(value))


def cell(value, column, translate=_):
	"""The value for a spreadsheet cell: numbers and dates stay typed, texts are cleaned."""
	if value is None or value == "":
		return None
	fieldtype = column.fieldtype
	if fieldtype == "Check":
		return translate("Yes") if cint(value) else translate("No")
	if fieldtype == "Select":
		return translate(cstr(value))
	if isinstance(value, int | float | Decimal | datetime.date):
		return value
	if isinstance(value, datetime.timedelta):
		return cstr(value)
	if fieldtype in _RICH_TEXT:
		value = html_to_text(value)
	return clean(cstr(value))[:32_000]  # a cell holds at most 32,767 characters
