"""Cleaning one cell of an import file: the DocTypes' own rules (phone, e-mail, tax id, select values
in Chinese or English, links to masters and users), each refusal a clear message on its row."""

from datetime import datetime

import frappe
from frappe import _
from frappe.utils import cstr, getdate

from crm_plus.imports.columns import (
	Column,
)
from crm_plus.utils.normalize import normalize_email, normalize_phone, normalize_tax_id
from crm_plus.utils.validation import validate_email, validate_phone, validate_tax_id


def _message_of(validator, *args) -> str:
	"""The translated message the DocTypes' own validator gives for an invalid value."""
	muted = frappe.flags.mute_messages
	frappe.flags.mute_messages = True
	try:
		validator(*args)
	except frappe.ValidationError as e:
		return cstr(e)
	finally:
		frappe.flags.mute_messages = muted
	return ""


class Cleaner:
	"""Turns the cells of a row into field values, collecting errors; the reference data (masters,
	select options, users) loaded once for the whole file."""

	def __init__(self, import_type: str, columns: list[Column]):
		self.import_type = import_type
		self.masters: dict[str, set[str]] = {}
		self.selects: dict[str, dict[str, str]] = {}
		for column in columns:
			if column.kind == "link" and column.options not in self.masters:
				self.masters[column.options] = set(frappe.get_all(column.options, pluck="name"))
			elif column.kind == "select":
				self.selects[column.fieldname] = select_options(column)
		self.users: dict[str, dict] = {}

	def load_users(self, values: set[str]) -> None:
		"""Users named in the file, by e-mail / user id or full name (enabled desk users only)."""
		if not values:
			return
		found = frappe.get_all(
			"User",
			filters={"enabled": 1, "user_type": "System User"},
			or_filters={"name": ("in", list(values)), "full_name": ("in", list(values))},
			fields=["name", "full_name"],
		)
		for user in found:
			self.users[user.name.casefold()] = user
			self.users.setdefault(cstr(user.full_name).casefold(), user)

	def clean(self, column: Column, raw, errors: list[str]):
		label = f"{column.zh}（{_(column.en)}）" if frappe.local.lang == "zh" else _(column.en)
		if isinstance(raw, str):
			raw = raw.strip()
		if raw is None or raw == "":
			if column.required:
				errors.append(_("{0} is required.").format(label))
			return None
		kind = column.kind
		if kind == "link":
			value = cstr(raw)
			if value not in self.masters[column.options]:
				errors.append(_("{0}: {1} does not exist.").format(label, value))
				return None
			return value
		if kind == "select":
			value = self.selects[column.fieldname].get(cstr(raw).casefold())
			if value is None:
				errors.append(
					_("{0}: {1} is not one of the allowed values ({2}).").format(
						label, raw, "、".join(dict.fromkeys(self.selects[column.fieldname].values()))
					)
				)
			return value
		if kind == "user":
			user = self.users.get(cstr(raw).casefold())
			if not user:
				errors.append(_("{0}: no enabled user {1}.").format(label, raw))
				return None
			return user.name
		if kind == "phone":
			value = cstr(raw)
			if value.endswith(".0") and value[:-2].isdigit():  # a number cell read as float
				value = value[:-2]
			if not normalize_phone(value):
				errors.append(_message_of(validate_phone, value, column.en))
				return None
			return value
		if kind == "email":
			value = cstr(raw)
			if not normalize_email(value):
				errors.append(_message_of(validate_email, value, column.en))
				return None
			return value
		if kind == "tax_id":
			value = normalize_tax_id(cstr(raw))
			if not value:
				errors.append(_message_of(validate_tax_id, cstr(raw), "Unified Social Credit Code"))
			return value
		if kind == "date":
			try:
				return getdate(raw) if not isinstance(raw, datetime) else raw.date()
			except Exception:
				errors.append(_("{0}: {1} is not a date (use YYYY-MM-DD).").format(label, raw))
				return None
		if kind == "currency":
			try:
				value = float(cstr(raw).replace(",", "").replace("，", "").replace("¥", "").replace("￥", ""))
			except ValueError:
				errors.append(_("{0}: {1} is not a number.").format(label, raw))
				return None
			if value < 0:
				errors.append(_("{0} cannot be negative.").format(label))
				return None
			return value
		return cstr(raw)


def select_options(column: Column) -> dict[str, str]:
	"""Accepted spellings of a Select field's options (the value, its translation and its Chinese) -> value."""
	if column.fieldname == "cp_decision_role":
		options = frappe.get_meta("Contact").get_field("cp_decision_role").options
	else:
		options = frappe.get_meta(column.options).get_field(column.fieldname).options
	accepted = {}
	for option in (options or "").split("\n"):
		if option:
			accepted[option.casefold()] = option
			# the user's wording and the Chinese one (the template's lists), whatever the user's language
			accepted[_(option).casefold()] = option
			accepted[_(option, lang="zh").casefold()] = option
	return accepted
