"""A world of confidential price files for the price file tests (built on VisibilityWorld).

Files (each approved unless said otherwise):
- a:        rep A's customer (cost on its lines)
- b:        rep B's customer
- c:        rep C's customer; its version 1 is shared with rep B on the file itself, and version 2
            (a draft revision) is not: a share opens the whole history of a file
- shared:   rep B's customer that B shares with rep A (customer share)
- pool:     the unassigned pool's customer (price managers and administrators only)
"""

import frappe

from crm_plus.tests.factories import (
	VisibilityWorld,
	approve_price_file,
	ensure_system_manager,
	make_price_file,
	make_product,
)

COST = 777.77  # a cost no test prints anywhere else, so its absence can be asserted in any output


class PriceFileWorld:
	def __init__(self, prefix: str):
		ensure_system_manager()
		self.w = w = VisibilityWorld(prefix)
		self.prefix = prefix
		p = prefix.upper()
		self.bolt = make_product(f"{p} 螺栓 M8", product_code=f"{p}-BOLT", unit="个")
		self.nut = make_product(f"{p} 螺母 M8", product_code=f"{p}-NUT", unit="个")
		self.washer = make_product(f"{p} 垫圈 M8", product_code=f"{p}-WASH", unit="个")
		lines = [
			{"product": self.bolt, "unit_price": 1.2, "cost_price": COST, "min_qty": 1},
			{"product": self.nut, "unit_price": 0.8, "cost_price": 0.5, "discount": 5},
		]
		self.pm = w.outsider  # the price manager of VisibilityWorld
		self.a = self._approved(w.cust_a, lines, w.rep_a)
		self.b = self._approved(w.cust_b, lines, w.rep_b)
		self.c = self._approved(w.cust_c, lines, w.rep_c, shared_with=[w.rep_b])
		self.shared = self._approved(w.cust_shared, lines, w.rep_b)
		self.pool = self._approved(w.cust_pool, lines, "Administrator")
		# version 2 of C's file: a draft revision with no share of its own
		self.c2 = make_price_file(w.cust_c, lines, version=2)
		frappe.db.set_value(
			"CP Price File",
			self.c2,
			{"lineage": self.c, "version": 2, "based_on": self.c},
			update_modified=False,
		)
		frappe.db.delete("CP Price File Share", {"parent": self.c2})
		frappe.db.delete("DocShare", {"share_doctype": "CP Price File", "share_name": self.c2})
		self.all = {self.a, self.b, self.c, self.c2, self.shared, self.pool}

	def _approved(self, customer, lines, submitter, shared_with=()):
		name = make_price_file(customer, lines, shared_with=shared_with)
		approve_price_file(name, submitter="Administrator", approver=self.pm)
		return name

	def expected(self, user: str) -> set[str]:
		w = self.w
		return {
			w.rep_a: {self.a, self.shared},
			w.rep_b: {self.b, self.shared, self.c, self.c2},
			w.rep_c: {self.c, self.c2},
			w.mgr_east: set(),  # managers do not see their reps' price files
			w.mgr_south: set(),
			w.admin: self.all,
			self.pm: self.all,
		}[user]

	def users(self) -> list[str]:
		return self.w.users()

	def remove(self, more_files=()) -> None:
		"""For tests that commit (a web server sees only committed data): remove the world again.
		Approved price files are never deleted by the app, so their rows are removed directly."""
		frappe.set_user("Administrator")
		names = list(self.all | set(more_files))
		for doctype, field in (
			("CP Price File Item", "parent"),
			("CP Price File Share", "parent"),
			("DocShare", "share_name"),
			("Version", "docname"),
			("Comment", "reference_name"),
			("Workflow Action", "reference_name"),
			("Notification Log", "document_name"),
			("File", "attached_to_name"),
			("CP Price File", "name"),
		):
			frappe.db.delete(doctype, {field: ("in", names)})
		for name in self.w.all_customers:
			frappe.delete_doc("CP Customer", name, force=True, ignore_permissions=True)
		for team in (f"{self.prefix} East", f"{self.prefix} South"):
			frappe.delete_doc("CP Sales Team", team, force=True, ignore_permissions=True)
		for product in (self.bolt, self.nut, self.washer):
			frappe.delete_doc("CP Product", product, force=True, ignore_permissions=True)
		frappe.db.commit()
