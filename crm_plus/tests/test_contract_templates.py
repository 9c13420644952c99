"""Contracts rendered from contract templates (合同范本): placeholders, safety, errors, permissions."""

import frappe
from frappe.tests.utils import FrappeTestCase

from crm_plus.api.library import render_contract
from crm_plus.exceptions import ContractTemplateError
from crm_plus.permissions import roles
from crm_plus.tests.factories import VisibilityWorld, make_contract, make_contract_template, make_user

PREFIX = "TPL"
BODY = (
	"<p>甲方：{{ customer.customer_name }}（{{ customer.name }}）</p>"
	"<p>合同编号：{{ contract.contract_no }}，期限 {{ contract.start_date | date }} 至 {{ contract.end_date | date }}</p>"
	"<p>合同金额：{{ contract.amount | money }}，大写：{{ contract.amount | rmb_upper }}</p>"
	# rich text stores ">" as "&gt;"; the renderer reads it as ">" again inside Jinja tags
	"{% if contract.amount &gt; 100000 %}<p>大额合同，须经销售经理审批。</p>{% endif %}"
)


class TestContractTemplates(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user("tpl-system-manager@crm-plus.test", ["System Manager"])
		cls.w = VisibilityWorld(PREFIX)
		cls.editor = make_user("tpl-editor@crm-plus.test", [roles.LIBRARY_EDITOR])
		cls.template = make_contract_template(f"{PREFIX} 标准销售合同", BODY, contract_type="销售合同")
		cls.contract_a = make_contract(cls.w.cust_a, f"{PREFIX}-A-001", amount=128000)
		cls.contract_b = make_contract(cls.w.cust_b, f"{PREFIX}-B-001", amount=5000)

	def setUp(self):
		frappe.db.savepoint("template_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="template_test")

	def test_placeholders_are_filled_from_the_contract_and_its_customer(self):
		with self.set_user(self.w.rep_a):
			html = render_contract(self.contract_a, self.template)
		self.assertIn(f"甲方：{PREFIX} 甲方科技有限公司（{self.w.cust_a}）", html)
		self.assertIn(f"合同编号：{PREFIX}-A-001", html)
		self.assertIn("128,000.00", html)
		self.assertIn("大写：壹拾贰万捌仟元整", html)
		self.assertIn("大额合同", html)
		with self.set_user(self.w.rep_b):
			self.assertNotIn("大额合同", render_contract(self.contract_b, self.template))

	def test_a_new_contract_with_a_template_gets_its_terms_on_save(self):
		with self.set_user(self.w.rep_a):
			name = make_contract(
				self.w.cust_a, f"{PREFIX}-A-002", amount=3000, contract_template=self.template
			)
		terms = frappe.db.get_value("CP Contract", name, "terms")
		self.assertIn(f"合同编号：{PREFIX}-A-002", terms)
		self.assertIn("叁仟元整", terms)
		# terms already written are left alone
		name = make_contract(
			self.w.cust_a, f"{PREFIX}-A-003", contract_template=self.template, terms="<p>特别约定</p>"
		)
		self.assertEqual(frappe.db.get_value("CP Contract", name, "terms"), "<p>特别约定</p>")

	def test_customer_values_are_escaped_not_run_as_html(self):
		frappe.db.set_value("CP Customer", self.w.cust_a, "remarks", "<script>alert(1)</script>")
		template = make_contract_template(f"{PREFIX} 备注", "<p>{{ customer.remarks }}</p>")
		html = render_contract(self.contract_a, template)
		self.assertNotIn("<script>", html)
		self.assertIn("&lt;script&gt;", html)

	def test_a_template_cannot_reach_the_framework_or_python_internals(self):
		for body in (
			"{{ frappe.db.set_value('CP Customer', customer.name, 'sales_owner', 'x') }}",
			"{{ frappe.get_all('CP Customer') }}",
			"{% include 'crm_plus/hooks.py' %}",
		):
			doc = frappe.get_doc(
				{"doctype": "CP Contract Template", "template_name": f"{PREFIX} 越界", "body": body}
			)
			self.assertRaises(ContractTemplateError, doc.insert)
		# a template saved before this check (or by a direct database write) fails at render, safely
		template = make_contract_template(f"{PREFIX} 内部", "x")
		frappe.db.set_value("CP Contract Template", template, "body", "{{ ''.__class__.__mro__ }}")
		self.assertRaises(ContractTemplateError, render_contract, self.contract_a, template)

	def test_mistakes_are_refused_when_the_template_is_saved(self):
		for body, fragment in (
			("<p>{{ customer.customer_nam }}</p>", "customer_nam"),
			("<p>{% if contract.amount %}</p>", "syntax error"),
		):
			doc = frappe.get_doc(
				{"doctype": "CP Contract Template", "template_name": f"{PREFIX} 错误", "body": body}
			)
			with self.assertRaises(ContractTemplateError) as caught:
				doc.insert()
			self.assertIn(fragment, str(caught.exception))

	def test_rendering_another_reps_contract_is_refused(self):
		with self.set_user(self.w.rep_a):
			self.assertRaises(frappe.PermissionError, render_contract, self.contract_b, self.template)
		with self.set_user(self.editor):  # library editors write templates, not other people's contracts
			self.assertRaises(frappe.PermissionError, render_contract, self.contract_a, self.template)

	def test_the_contract_print_format_prints_the_terms(self):
		name = make_contract(self.w.cust_a, f"{PREFIX}-A-004", amount=128000, contract_template=self.template)
		with self.set_user(self.w.rep_a):
			html = frappe.get_print("CP Contract", name, print_format="CP Contract Document")
		self.assertIn(f"合同编号：{PREFIX}-A-004", html)
		self.assertIn("壹拾贰万捌仟元整", html)
