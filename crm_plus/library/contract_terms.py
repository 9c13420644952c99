"""Contracts rendered from a contract template (合同范本).

A template's body is rich text with Jinja placeholders: ``{{ customer.customer_name }}``,
``{{ contract.contract_no }}``, ``{{ contract.amount | money }}``, ``{{ contract.amount | rmb_upper }}``
(人民币大写), ``{{ contract.start_date | date }}``, ``{% if contract.amount > 100000 %}…{% endif %}``.
Rendering fills a contract's terms (on demand from the contract form, and on save when the terms
are still empty); the contract print format prints them.

Why not ``frappe.render_template``: the framework's Jinja environment gives every template the
``frappe`` namespace (``frappe.get_all``, ``frappe.db.set_value``, ``frappe.delete_doc`` …), which runs
without permission checks. That suits print formats, which only System Managers write; contract
templates are written by library editors and sales managers, who could read or change any record
through one. So a template is rendered in a sandbox of its own: jinja2's immutable sandbox, no
loader (no include / import), autoescaped values, and a context of plain values only — the fields
of the contract and its customer that the user may read — plus a few formatting filters.
"""

import datetime
import html
import re

import frappe
from frappe import _
from frappe.utils import flt, fmt_money, formatdate, getdate, now_datetime, strip_html
from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from crm_plus.doctypes import CONTRACT, CUSTOMER
from crm_plus.doctypes import CONTRACT_TEMPLATE as TEMPLATE
from crm_plus.exceptions import ContractTemplateError
from crm_plus.exports.fields import readable_values
from crm_plus.utils.money import rmb_upper

# rich text escapes what it stores; inside Jinja tags, `&gt;` has to be `>` again
_JINJA_TAG = re.compile(r"{{.*?}}|{%.*?%}", re.DOTALL)


def _environment() -> ImmutableSandboxedEnvironment:
	env = ImmutableSandboxedEnvironment(
		autoescape=True,
		undefined=StrictUndefined,
		finalize=lambda value: "" if value is None else value,
	)
	env.filters.update(
		{
			"money": lambda value, currency=None: fmt_money(flt(value), currency=currency),
			"rmb_upper": rmb_upper,
			"date": lambda value: formatdate(value) if value else "",
		}
	)
	env.globals.update({"_": _})
	return env


def _source(body: str | None) -> str:
	return _JINJA_TAG.sub(lambda m: html.unescape(m.group(0)), body or "")


def render_body(body: str | None, context: dict, *, ignore_runtime_errors: bool = False) -> str:
	"""Render a template body; a template error becomes a ContractTemplateError saying what is wrong."""
	try:
		return _environment().from_string(_source(body)).render(**context)
	except TemplateSyntaxError as e:
		frappe.throw(
			_("The contract template has a syntax error on line {0}: {1}").format(e.lineno, e.message),
			ContractTemplateError,
			title=_("Contract Template Error"),
		)
	except SecurityError as e:
		frappe.throw(
			_("The contract template uses something templates may not use: {0}").format(str(e)),
			ContractTemplateError,
			title=_("Contract Template Error"),
		)
	except UndefinedError as e:
		frappe.throw(
			_("The contract template refers to something that does not exist: {0}").format(e.message),
			ContractTemplateError,
			title=_("Contract Template Error"),
		)
	except Exception as e:
		if ignore_runtime_errors:
			return ""
		frappe.throw(
			_("The contract template could not be rendered: {0}").format(str(e)),
			ContractTemplateError,
			title=_("Contract Template Error"),
		)


def context_for(contract, template=None) -> dict:
	customer = frappe.get_doc(CUSTOMER, contract.customer) if contract.get("customer") else None
	return {
		"contract": readable_values(contract),
		"customer": readable_values(customer) if customer else {},
		"template": {"template_name": template.template_name, "contract_type": template.contract_type}
		if template
		else {},
		"today": getdate(),
	}


def render_contract(contract, template_name: str | None = None) -> str:
	"""The terms of `contract` (a CP Contract document) from `template_name` (default: its template)."""
	template_name = template_name or contract.get("contract_template")
	if not template_name:
		frappe.throw(_("Choose a contract template first."), ContractTemplateError)
	template = frappe.get_doc(TEMPLATE, template_name)
	return render_body(template.body, context_for(contract, template))


def fill_terms_from_template(doc, method=None) -> None:
	"""CP Contract before_validate: a contract with a template and no terms yet gets the template's text."""
	if not doc.get("contract_template") or strip_html(doc.get("terms") or "").strip():
		return
	frappe.has_permission(TEMPLATE, "read", doc=doc.contract_template, throw=True)
	doc.terms = render_contract(doc)


def check_template(body: str | None) -> None:
	"""Refuse a template whose syntax is wrong, that names a field neither a contract nor a customer
	has, or that includes other templates, by rendering it once against sample values of every field.
	Other errors are left to rendering: arithmetic on sample values may fail where real values do not."""
	_refuse_other_templates(body)
	sample = {
		"contract": _sample(CONTRACT),
		"customer": _sample(CUSTOMER),
		"template": {"template_name": "", "contract_type": ""},
		"today": getdate(),
	}
	render_body(body, sample, ignore_runtime_errors=True)


def _refuse_other_templates(body: str | None) -> None:
	"""A contract template stands alone: no include, import or extends (the sandbox has no loader, so
	they could never render)."""
	from jinja2 import nodes

	try:
		tree = _environment().parse(_source(body))
	except TemplateSyntaxError:
		return  # reported with its line by the rendering that follows
	if next(tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)), None):
		frappe.throw(
			_("A contract template cannot include, import or extend other templates."),
			ContractTemplateError,
			title=_("Contract Template Error"),
		)


def _sample(doctype: str) -> dict:
	from frappe.model import default_fields, numeric_fieldtypes, table_fields

	values = dict.fromkeys(default_fields, "")
	for df in frappe.get_meta(doctype).fields:
		if df.fieldtype in table_fields:
			values[df.fieldname] = []
		elif df.fieldtype in numeric_fieldtypes or df.fieldtype == "Check":
			values[df.fieldname] = 0
		elif df.fieldtype == "Date":
			values[df.fieldname] = datetime.date.today()
		elif df.fieldtype == "Datetime":
			values[df.fieldname] = now_datetime()
		else:
			values[df.fieldname] = ""
	return values
