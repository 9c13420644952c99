"""Users of other apps see what they saw before crm_plus was installed.

Users whose roles are only ERPNext's (Sales User, Purchase User, Accounts User; Frappe's own Contact and
Address permissions name the same roles, so on a bare Frappe site the test makes those roles) list the
same contacts, addresses and files, and may open the same records, with crm_plus's permission hooks and
overrides in place as with them taken away — for every record that is not crm_plus's own (not linked
to a crm_plus customer or supplier, not attached to a crm_plus record)."""

import contextlib
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase

from crm_plus.tests.factories import make_customer, make_user
from crm_plus.tests.requirements import has_erpnext

HOST_ROLES = ("Sales User", "Purchase User", "Accounts User")
PREFIX = "beside-erpnext"


@contextlib.contextmanager
def without_crm_plus():
	"""The site as if crm_plus were not installed: its hooks taken out of every hook list."""
	get_hooks = frappe.get_hooks

	def hooks_of_other_apps(*args, **kwargs):
		value = get_hooks(*args, **kwargs)
		if isinstance(value, dict):
			return {
				key: [v for v in values if not str(v).startswith("crm_plus.")]
				if isinstance(values, list)
				else values
				for key, values in value.items()
			}
		if isinstance(value, list):
			return [v for v in value if not str(v).startswith("crm_plus.")]
		return value

	with patch.object(frappe, "get_hooks", hooks_of_other_apps):
		yield


class TestBesideERPNext(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.erpnext = has_erpnext()
		cls.made_roles = []
		for role in HOST_ROLES:
			if not frappe.db.exists("Role", role):  # a bare Frappe site: the roles Contact's permissions name
				frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": 1}).insert()
				cls.made_roles.append(role)
		cls.users = [
			make_user(f"{PREFIX}-{role.split()[0].lower()}@crm-plus.test", [role]) for role in HOST_ROLES
		]
		cls.records = cls.make_host_records()
		# crm_plus's own records are there too: they must not change what other users see of the rest
		cls.cp_customer = make_customer(f"{PREFIX} 客户有限公司", None)
		cp_contact = frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": "Crm Plus Contact",
				"links": [{"link_doctype": "CP Customer", "link_name": cls.cp_customer}],
			}
		).insert()
		cls.cp_contact = cp_contact.name

	@classmethod
	def make_host_records(cls) -> dict[str, list[str]]:
		made: dict[str, list[str]] = {"Contact": [], "Address": [], "File": []}
		links = []
		if cls.erpnext:
			customer = frappe.get_doc(
				{
					"doctype": "Customer",
					"customer_name": f"{PREFIX} Customer",
					"customer_group": "All Customer Groups",
					"territory": "All Territories",
				}
			).insert()
			supplier = frappe.get_doc(
				{
					"doctype": "Supplier",
					"supplier_name": f"{PREFIX} Supplier",
					"supplier_group": "All Supplier Groups",
				}
			).insert()
			links = [("Customer", customer.name), ("Supplier", supplier.name)]
		for i, link in enumerate([*links, None]):
			contact = frappe.get_doc(
				{
					"doctype": "Contact",
					"first_name": f"{PREFIX} contact {i}",
					"links": [{"link_doctype": link[0], "link_name": link[1]}] if link else [],
				}
			).insert()
			made["Contact"].append(contact.name)
			address = frappe.get_doc(
				{
					"doctype": "Address",
					"address_title": f"{PREFIX} address {i}",
					"address_line1": "1 Test Road",
					"city": "Shanghai",
					"country": "China",
					"links": [{"link_doctype": link[0], "link_name": link[1]}] if link else [],
				}
			).insert()
			made["Address"].append(address.name)
			for is_private in (0, 1):
				file = frappe.get_doc(
					{
						"doctype": "File",
						"file_name": f"{PREFIX}-{i}-{is_private}.txt",
						"content": "beside ERPNext",
						"is_private": is_private,
						"attached_to_doctype": link[0] if link else "Contact",
						"attached_to_name": link[1] if link else contact.name,
					}
				).insert()
				made["File"].append(file.name)
		# each user's own records: their personal contact, an address and a private file of theirs
		for user in cls.users:
			with cls.as_user(user):
				made["Contact"].append(
					frappe.get_doc({"doctype": "Contact", "first_name": f"{PREFIX} {user}"}).insert().name
				)
				made["File"].append(
					frappe.get_doc(
						{
							"doctype": "File",
							"file_name": f"{PREFIX}-{user}.txt",
							"content": "mine",
							"is_private": 1,
						}
					)
					.insert()
					.name
				)
		return made

	@staticmethod
	@contextlib.contextmanager
	def as_user(user):
		frappe.set_user(user)
		try:
			yield
		finally:
			frappe.set_user("Administrator")

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		super().tearDownClass()

	@classmethod
	def crm_plus_records(cls) -> dict[str, set[str]]:
		"""What is crm_plus's own: contacts and addresses of crm_plus customers and suppliers, and files
		attached to crm_plus records or to those contacts and addresses (read once, with crm_plus's hooks)."""
		ours = {
			doctype: set(
				frappe.get_all(
					"Dynamic Link",
					filters={"parenttype": doctype, "link_doctype": ("like", "CP %")},
					pluck="parent",
				)
			)
			for doctype in ("Contact", "Address")
		}
		files = frappe.get_all("File", fields=["name", "attached_to_doctype", "attached_to_name"])
		ours["File"] = {
			f.name
			for f in files
			if (f.attached_to_doctype or "").startswith("CP ")
			or f.attached_to_name in ours.get(f.attached_to_doctype or "", ())
		}
		return ours

	def not_crm_plus(self, doctype: str, names) -> set[str]:
		return set(names) - self.ours[doctype]

	def listed(self, doctype: str) -> set[str]:
		return self.not_crm_plus(doctype, frappe.get_list(doctype, pluck="name", limit_page_length=0))

	def test_the_same_contacts_addresses_and_files_are_listed(self):
		self.ours = self.crm_plus_records()
		self.assertIn(self.cp_contact, self.ours["Contact"])
		for user in self.users:
			for doctype in ("Contact", "Address", "File"):
				with self.subTest(user=user, doctype=doctype), self.as_user(user):
					with_crm_plus = self.listed(doctype)
					with without_crm_plus():
						without = self.listed(doctype)
					self.assertEqual(with_crm_plus, without)
					# and the test is about something: the user sees some of the records made for it
					self.assertTrue(with_crm_plus & set(self.records[doctype]), (user, doctype))

	def test_the_same_records_open(self):
		for user in self.users:
			for doctype, names in self.records.items():
				for name in names:
					with self.subTest(user=user, doctype=doctype, name=name), self.as_user(user):
						doc = frappe.get_doc(doctype, name)
						for ptype in ("read", "write"):
							with_crm_plus = frappe.has_permission(doctype, ptype, doc=doc, user=user)
							with without_crm_plus():
								without = frappe.has_permission(doctype, ptype, doc=doc, user=user)
							self.assertEqual(with_crm_plus, without, ptype)

	def test_the_same_forms_load(self):
		from frappe.desk.form import load

		getdoc = frappe.get_attr(frappe.override_whitelisted_method("frappe.desk.form.load.getdoc"))
		for user in self.users:
			for doctype, names in self.records.items():
				for name in names:
					with self.subTest(user=user, doctype=doctype, name=name), self.as_user(user):
						outcomes = []
						for fn, context in (
							(getdoc, contextlib.nullcontext()),
							(load.getdoc, without_crm_plus()),
						):
							frappe.local.response = frappe._dict({"docs": []})
							with context:
								try:
									fn(doctype, name)
									outcomes.append(("opened", [d.name for d in frappe.local.response.docs]))
								except frappe.PermissionError:
									frappe.clear_last_message()
									outcomes.append(("refused", None))
						self.assertEqual(outcomes[0], outcomes[1])
