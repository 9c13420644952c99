"""Two moves of overlapping customers at the same moment, in two real processes against the real
database: every customer ends with exactly one owner and one log row per actual move.

The data is committed first (the workers are other processes with their own connections) and removed
afterwards. Each worker plans its move, waits until the other has planned too, then both move at once;
small batches committed one by one (as the background job does) make them interleave."""

import json
import os
import subprocess
import sys
from collections import Counter, defaultdict

import frappe
from frappe.tests.utils import FrappeTestCase

from crm_plus.permissions import roles
from crm_plus.tests.factories import make_team, make_user, set_pool_settings
from crm_plus.utils.bulk import insert_rows

PREFIX = "CONC"


class TestConcurrentMoves(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		p = PREFIX.lower()
		cls.m1 = make_user(f"{p}-mgr-1@crm-plus.test", [roles.SALES_MANAGER])
		cls.m2 = make_user(f"{p}-mgr-2@crm-plus.test", [roles.SALES_MANAGER])
		cls.a1 = make_user(f"{p}-admin-1@crm-plus.test", [roles.CRM_ADMIN])
		cls.a2 = make_user(f"{p}-admin-2@crm-plus.test", [roles.CRM_ADMIN])
		cls.x, cls.y, cls.z, cls.claimer = (
			make_user(f"{p}-rep-{r}@crm-plus.test", [roles.SALES_REP]) for r in ("x", "y", "z", "claimer")
		)
		make_team(f"{PREFIX} One", cls.m1, [cls.x])
		make_team(f"{PREFIX} Two", cls.m2, [cls.y])
		cls.addClassCleanup(cls.remove_data)
		cls.pool = cls.make_customers("P", 300, None)
		cls.owned = cls.make_customers("O", 200, cls.x)
		cls.claimable = cls.make_customers("L", 60, None)
		frappe.db.commit()  # the workers are other processes

	@classmethod
	def make_customers(cls, kind, count, owner):
		names = [f"{PREFIX}-{kind}-{i:04d}" for i in range(1, count + 1)]
		insert_rows(
			"CP Customer",
			["name", "customer_name", "normalized_name", "sales_owner", "status"],
			((n, f"{n} 并发测试有限公司", f"{n.lower()}并发测试", owner, "Active") for n in names),
		)
		return names

	@classmethod
	def remove_data(cls):
		customers = frappe.qb.DocType("CP Customer")
		names = (
			frappe.qb.from_(customers)
			.select(customers.name)
			.where(customers.name.like(f"{PREFIX}-%"))
			.run(pluck=True)
		)
		if names:
			frappe.db.delete("CP Owner Change Log", {"customer": ("in", names)})
			frappe.db.delete("CP Pool Return Warning", {"customer": ("in", names)})
			frappe.db.delete("CP Customer", {"name": ("in", names)})
		frappe.db.delete("Notification Log", {"for_user": ("like", f"{PREFIX.lower()}-%")})
		set_pool_settings(holding_limit=0)
		frappe.db.commit()

	# --- running workers ------------------------------------------------------------------------

	def spec(self, user, operation, to_owner, customers, batch_size=20, commit_each_batch=True):
		return {
			"site": frappe.local.site,
			"sites_path": os.path.abspath(frappe.local.sites_path),
			"user": user,
			"operation": operation,
			"to_owner": to_owner,
			"customers": customers,
			"batch_size": batch_size,
			"commit_each_batch": commit_each_batch,
		}

	def run_parallel(self, *specs) -> list[str]:
		"""Start one worker per spec, let all plan, then release them together; their last lines."""
		workers = [
			subprocess.Popen(
				[sys.executable, "-m", "crm_plus.tests.move_worker", json.dumps(spec)],
				cwd=spec["sites_path"],
				stdin=subprocess.PIPE,
				stdout=subprocess.PIPE,
				stderr=subprocess.PIPE,
				text=True,
			)
			for spec in specs
		]
		try:
			for worker in workers:
				line = worker.stdout.readline()
				while line and line.strip() != "READY":
					line = worker.stdout.readline()
				if not line:
					self.fail(f"a worker did not get ready: {worker.stderr.read()[-3000:]}")
			for worker in workers:  # both have planned: go
				worker.stdin.write("GO\n")
				worker.stdin.flush()
			outcomes = []
			for worker in workers:
				out, err = worker.communicate(timeout=600)
				last = [line for line in out.splitlines() if line.startswith(("RESULT ", "REFUSED "))]
				self.assertTrue(last, f"worker failed: {err[-3000:]}")
				outcomes.append(last[-1])
			frappe.db.rollback()  # end this connection's snapshot: read what the workers committed
			return outcomes
		finally:
			for worker in workers:
				if worker.poll() is None:
					worker.kill()

	@staticmethod
	def result(outcome: str) -> dict:
		assert outcome.startswith("RESULT "), outcome
		return json.loads(outcome.removeprefix("RESULT "))

	def owners(self, names):
		return dict(
			frappe.get_all("CP Customer", {"name": ("in", names)}, ["name", "sales_owner"], as_list=True)
		)

	def log_rows(self, names):
		return frappe.get_all(
			"CP Owner Change Log", {"customer": ("in", names)}, ["customer", "from_owner", "to_owner"]
		)

	def assert_log_chains(self, original: dict, owners: dict, rows) -> Counter:
		"""Per customer, the log rows chain from its original owner to its current owner, each row used
		once; returns how many rows each customer has."""
		edges = defaultdict(list)
		for row in rows:
			edges[row.customer].append((row.from_owner, row.to_owner))
		for customer, owner in owners.items():
			current, remaining = original[customer], list(edges[customer])
			while remaining:
				step = next((e for e in remaining if e[0] == current), None)
				self.assertIsNotNone(
					step, f"{customer}: broken chain {edges[customer]} from {original[customer]}"
				)
				remaining.remove(step)
				current = step[1]
			self.assertEqual(current, owner, f"{customer}: log ends at {current}, owner is {owner}")
		return Counter({c: len(e) for c, e in edges.items()})

	# --- the tests ------------------------------------------------------------------------------------

	def test_two_managers_allocating_overlapping_pool_customers(self):
		# both start on the contested customers, batch against batch
		contested, only_first, only_second = self.pool[:100], self.pool[100:200], self.pool[200:]
		outcomes = self.run_parallel(
			self.spec(self.m1, "Select-allocate", self.x, contested + only_first),
			self.spec(self.m2, "Select-allocate", self.y, contested + only_second),
		)
		r1, r2 = (self.result(o) for o in outcomes)
		owners = self.owners(self.pool)
		self.assertTrue(all(owners[c] == self.x for c in only_first))
		self.assertTrue(all(owners[c] == self.y for c in only_second))
		self.assertTrue(all(owners[c] in (self.x, self.y) for c in contested), Counter(owners.values()))
		rows = self.log_rows(self.pool)
		per_customer = self.assert_log_chains(dict.fromkeys(self.pool), owners, rows)
		self.assertEqual(set(per_customer.values()), {1})  # taken from the pool once, never twice
		self.assertEqual(len(per_customer), 300)
		self.assertEqual(r1["moved"] + r2["moved"], 300, (r1, r2))
		self.assertEqual(r1["skipped"] + r2["skipped"], 100, (r1, r2))
		self.assertEqual(r1["moved"], sum(1 for c in self.pool if owners[c] == self.x))

	def test_two_administrators_transferring_overlapping_customers(self):
		contested, only_first, only_second = self.owned[:100], self.owned[100:150], self.owned[150:]
		outcomes = self.run_parallel(
			self.spec(self.a1, "Transfer", self.y, contested + only_first),
			self.spec(self.a2, "Transfer", self.z, contested + only_second),
		)
		r1, r2 = (self.result(o) for o in outcomes)
		owners = self.owners(self.owned)
		self.assertTrue(all(owners[c] == self.y for c in only_first))
		self.assertTrue(all(owners[c] == self.z for c in only_second))
		self.assertTrue(all(owners[c] in (self.y, self.z) for c in contested), Counter(owners.values()))
		rows = self.log_rows(self.owned)
		per_customer = self.assert_log_chains(dict.fromkeys(self.owned, self.x), owners, rows)
		# both moves apply to a customer both selected, one after the other: x -> y -> z or x -> z -> y
		self.assertTrue(all(per_customer[c] == 2 for c in contested))
		self.assertTrue(all(per_customer[c] == 1 for c in only_first + only_second))
		self.assertEqual(len(rows), r1["moved"] + r2["moved"])
		self.assertEqual((r1["moved"], r2["moved"]), (150, 150))

	def test_concurrent_claims_never_pass_the_holding_limit(self):
		set_pool_settings(holding_limit=40)
		frappe.db.commit()
		self.addCleanup(lambda: (set_pool_settings(holding_limit=0), frappe.db.commit()))
		outcomes = self.run_parallel(
			self.spec(self.claimer, "Claim", self.claimer, self.claimable[:30], commit_each_batch=False),
			self.spec(self.claimer, "Claim", self.claimer, self.claimable[30:], commit_each_batch=False),
		)
		self.assertEqual(sorted(o.split(" ")[0] for o in outcomes), ["REFUSED", "RESULT"], outcomes)
		self.assertIn("HoldingLimitExceeded", next(o for o in outcomes if o.startswith("REFUSED")))
		self.assertEqual(frappe.db.count("CP Customer", {"sales_owner": self.claimer}), 30)
		self.assertEqual(len(self.log_rows(self.claimable)), 30)
