"""Faults, for real: a real RQ worker (`frappe worker`, as `bench worker` runs it) runs each long job —
allocation move, re-grade, churn scan, import, list export — and is killed with SIGKILL in the middle
(its work-horse, or the whole worker). No mocks: the job is held at a chosen point through its own
progress (crm_plus.utils.jobs.faults, test sites only), the process is killed there, and then:

- the database holds no half-written batch: what the job committed is whole, the rest untouched;
- the reaper ends the job record as Died and the user who started it is told, in their language, that it
  did not finish (not silence);
- running it again finishes the work, with no duplicate log rows, alerts or grade history.

And with two real workers: a job asked for twice runs once, and two full re-grades at once write each
grade change once (the lock is in the database, not in a process).

The data is committed (the workers are other processes) and removed at the end; batches are small so a
kill lands mid-job. Every wait is on observable state, with a timeout.
"""

import json
from collections import Counter

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, now_datetime

from crm_plus import churn, grading
from crm_plus.allocation import SELECT_ALLOCATE
from crm_plus.allocation import jobs as allocation_jobs
from crm_plus.allocation.move import MoveRequest
from crm_plus.allocation.selection import Selection
from crm_plus.api import imports as imports_api
from crm_plus.exports import jobs as export_jobs
from crm_plus.grading.run import LOCK as REGRADE_LOCK
from crm_plus.imports import jobs as import_jobs
from crm_plus.permissions import roles
from crm_plus.tests import test_import
from crm_plus.tests.factories import make_team, make_user
from crm_plus.tests.workers import RQWorker, fresh, wait_for
from crm_plus.utils.bulk import insert_rows
from crm_plus.utils.jobs import faults
from crm_plus.utils.jobs.locks import lock_name
from crm_plus.utils.jobs.reaper import reap
from crm_plus.utils.jobs.record import DIED, FINISHED, JOB, RUN, create, live

P = "JOBF"
MOVE = "crm_plus.allocation.jobs.run_move_job"
REGRADE = "crm_plus.grading.run.regrade_all_job"
SCAN = "crm_plus.churn.run.scan_all_job"
IMPORT = "crm_plus.imports.jobs.run"
EXPORT = "crm_plus.exports.jobs.run_list_export"
DID_NOT_FINISH = "未完成"  # "did not finish", as the users (language zh) read it


class TestJobFaults(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		p = P.lower()
		cls.admin = make_user(f"{p}-admin@crm-plus.test", [roles.CRM_ADMIN])
		cls.manager = make_user(f"{p}-mgr@crm-plus.test", [roles.SALES_MANAGER])
		cls.rep = make_user(f"{p}-rep@crm-plus.test", [roles.SALES_REP])
		for user in (cls.admin, cls.manager, cls.rep):
			frappe.db.set_value("User", user, "language", "zh")
		make_team(f"{P} Team", cls.manager, [cls.rep])
		cls.addClassCleanup(cls.remove_data)
		quiet = add_days(now_datetime(), -100)  # not followed up for 100 days: a churn cause
		cls.pool = cls.make_customers("P", 300, None, quiet)
		cls.owned = cls.make_customers("O", 200, cls.rep, quiet)
		cls.ours = cls.pool + cls.owned
		frappe.db.commit()  # the workers are other processes
		cls.worker = RQWorker(name="faults").start()
		cls.addClassCleanup(lambda: cls.worker.stop())

	@classmethod
	def make_customers(cls, kind: str, count: int, owner: str | None, created) -> list[str]:
		names = [f"{P}-{kind}-{i:04d}" for i in range(1, count + 1)]
		insert_rows(
			"CP Customer",
			["name", "customer_name", "normalized_name", "sales_owner", "status"],
			((n, f"{n} 故障测试有限公司", f"{n.lower()}故障测试", owner, "Active") for n in names),
			timestamp=created,
		)
		return names

	@classmethod
	def remove_data(cls):
		frappe.db.rollback()
		for method in (MOVE, REGRADE, SCAN, IMPORT, EXPORT):
			faults.release(method)
		c = frappe.qb.DocType("CP Customer")
		names = frappe.qb.from_(c).select(c.name).where(c.customer_name.like(f"{P}%")).run(pluck=True)
		if names:
			for doctype in (
				"CP Owner Change Log",
				"CP Grade History",
				"CP Churn Alert",
				"CP Pool Return Warning",
			):
				frappe.db.delete(doctype, {"customer": ("in", names)})
			frappe.db.delete("CP Customer", {"name": ("in", names)})
		users = [u for u in (getattr(cls, a, None) for a in ("admin", "manager", "rep")) if u]
		for name in frappe.get_all("CP Import", {"owner": ("in", users)}, pluck="name"):
			frappe.db.delete("File", {"attached_to_doctype": "CP Import", "attached_to_name": name})
			frappe.db.delete("CP Import Decision", {"parent": name})
			frappe.db.delete("CP Import", {"name": name})
		frappe.db.delete("File", {"owner": ("in", users), "attached_to_doctype": ("is", "not set")})
		frappe.db.delete(JOB, {"user": ("in", users)})
		frappe.db.delete(JOB, {"job_id": ("like", f"{P.lower()}-%")})
		frappe.db.delete("Notification Log", {"for_user": ("in", users)})
		frappe.db.commit()

	def tearDown(self):
		for method in (MOVE, REGRADE, SCAN, IMPORT, EXPORT):
			faults.release(method)
		frappe.set_user("Administrator")
		frappe.local.lang = "en"

	# --- helpers ------------------------------------------------------------------------------------

	def start(self, user: str, enqueue, method: str) -> str:
		"""`enqueue()` as `user` in a request of theirs (committed); the name of the job record it made."""
		before = set(frappe.get_all(JOB, {"method": method}, pluck="name"))
		frappe.set_user(user)
		frappe.local.lang = "zh"
		try:
			self.assertIsNot(enqueue(), False)
		finally:
			frappe.set_user("Administrator")
		frappe.db.commit()  # the request ends: the job is handed to the queue
		[name] = set(frappe.get_all(JOB, {"method": method}, pluck="name")) - before
		return name

	def status(self, job: str) -> str:
		return frappe.db.get_value(JOB, job, "status")

	def wait_held(self, job: str) -> None:
		try:
			wait_for(lambda: live(job).get("held") or self.status(job) not in ("Queued", "Running"))
		finally:
			record = frappe.db.get_value(JOB, job, ["status", "result", "error"], as_dict=True)
		self.assertTrue(live(job).get("held"), f"job {job} did not reach its hold point: {record}")

	def wait_status(self, job: str, status: str, timeout: float = 180) -> None:
		wait_for(lambda: self.status(job) == status, timeout, f"job {job} to be {status}")

	def reap_until_died(self, job: str) -> frappe._dict:
		wait_for(lambda: (reap(), self.status(job) == DIED)[1], 60, f"the reaper to find job {job} dead")
		return frappe.db.get_value(JOB, job, ["status", "error", "user", "title"], as_dict=True)

	def notes(self, user: str) -> list[str]:
		return frappe.get_all(
			"Notification Log", {"for_user": user}, pluck="subject", order_by="creation desc"
		)

	def assert_told_did_not_finish(self, user: str, job: str) -> None:
		title = frappe.db.get_value(JOB, job, "title")
		told = [n for n in self.notes(user) if DID_NOT_FINISH in n and title in n]
		self.assertEqual(len(told), 1, self.notes(user))

	def kill_mid_job(self, job: str, whole_worker: bool = False) -> None:
		self.wait_held(job)
		if whole_worker:
			self.worker.kill()
		else:
			self.worker.kill_horse()

	# --- a worker killed in the middle of each long job ------------------------------------------------

	def test_a_move_killed_mid_way_keeps_whole_batches_and_finishes_when_run_again(self):
		customers = self.pool
		faults.hold(MOVE, 30)  # after the second of six batches of 50 is committed

		def move():
			request = MoveRequest(SELECT_ALLOCATE, Selection(customers=customers), to_owner=self.rep)
			return allocation_jobs.enqueue_move(request, batch_size=50)

		job = self.start(self.manager, move, MOVE)
		self.kill_mid_job(job)
		fresh()
		owners = dict(
			frappe.get_all("CP Customer", {"name": ("in", customers)}, ["name", "sales_owner"], as_list=True)
		)
		moved = sorted(c for c, owner in owners.items() if owner == self.rep)
		self.assertEqual(len(moved), 100, "two whole batches committed, nothing of the third")
		self.assertTrue(
			all(owners[c] is None for c in customers if c not in moved), "the rest still in the pool"
		)
		self.assertEqual(self.log_rows(customers), dict.fromkeys(moved, 1), "one log row per moved customer")

		record = self.reap_until_died(job)
		self.assertIn("terminated", record.error)
		self.assert_told_did_not_finish(self.manager, job)

		faults.release(MOVE)
		again = self.start(self.manager, move, MOVE)  # the user moves the same customers again
		self.wait_status(again, FINISHED)
		self.assertEqual(
			frappe.db.count("CP Customer", {"name": ("in", customers), "sales_owner": self.rep}), 300
		)
		self.assertEqual(self.log_rows(customers), dict.fromkeys(customers, 1), "one log row per customer")
		self.assertEqual(json.loads(frappe.db.get_value(JOB, again, "result"))["moved"], 200)

	def log_rows(self, customers: list[str]) -> dict[str, int]:
		log = frappe.qb.DocType("CP Owner Change Log")
		return dict(
			frappe.qb.from_(log)
			.select(log.customer, frappe.query_builder.functions.Count("*"))
			.where(log.customer.isin(customers))
			.groupby(log.customer)
			.run()
		)

	def test_a_regrade_killed_mid_way_writes_nothing_and_runs_again_once(self):
		faults.hold(REGRADE, 80)  # scores and grades written, grade history not yet
		job = self.start(self.admin, lambda: grading.enqueue_regrade_all(self.admin), REGRADE)
		self.kill_mid_job(job)
		fresh()
		self.assertEqual(
			frappe.db.count("CP Customer", {"name": ("in", self.ours), "grade": ("is", "set")}), 0
		)
		self.assertEqual(frappe.db.count("CP Grade History", {"customer": ("in", self.ours)}), 0)
		self.reap_until_died(job)
		self.assert_told_did_not_finish(self.admin, job)

		faults.release(REGRADE)
		again = self.start(self.admin, lambda: grading.enqueue_regrade_all(self.admin), REGRADE)
		self.wait_status(again, FINISHED)
		self.assertEqual(
			frappe.db.count("CP Customer", {"name": ("in", self.ours), "grade": ("is", "set")}), 500
		)
		self.assert_one_history_row_each()

	def assert_one_history_row_each(self) -> None:
		"""Every one of our customers changed grade once (ungraded -> graded): one history row each."""
		h = frappe.qb.DocType("CP Grade History")
		per_customer = dict(
			frappe.qb.from_(h)
			.select(h.customer, frappe.query_builder.functions.Count("*"))
			.where(h.customer.isin(self.ours))
			.groupby(h.customer)
			.run()
		)
		self.assertEqual(set(per_customer), set(self.ours))
		self.assertEqual(Counter(per_customer.values()), Counter({1: len(self.ours)}), "rows per customer")

	def test_a_churn_scan_killed_with_its_worker_raises_each_alert_once_when_run_again(self):
		faults.hold(SCAN, 60)  # alerts raised, not yet committed
		job = self.start(self.admin, lambda: churn.enqueue_scan_all(self.admin), SCAN)
		try:
			self.kill_mid_job(job, whole_worker=True)  # the machine lost power: no worker to say so
			fresh()
			self.assertEqual(frappe.db.count("CP Churn Alert", {"customer": ("in", self.ours)}), 0)
			record = self.reap_until_died(job)
			self.assertIn("no longer exists", record.error)
			self.assert_told_did_not_finish(self.admin, job)
		finally:
			type(self).worker = RQWorker(name="faults-2").start()

		faults.release(SCAN)
		again = self.start(self.admin, lambda: churn.enqueue_scan_all(self.admin), SCAN)
		self.wait_status(again, FINISHED)
		a = frappe.qb.DocType("CP Churn Alert")
		per_cause = (
			frappe.qb.from_(a)
			.select(a.customer, a.cause, frappe.query_builder.functions.Count("*"))
			.where(a.customer.isin(self.owned))
			.groupby(a.customer, a.cause)
			.run()
		)
		self.assertEqual({c for c, _cause, _n in per_cause}, set(self.owned), "every quiet customer alerted")
		self.assertEqual({n for _c, _cause, n in per_cause}, {1}, "each cause raised once")

	def test_an_import_killed_mid_way_imports_nothing_and_can_be_started_again(self):
		rows = [{"customer_name": f"{P} 导入客户{i:03d}有限公司"} for i in range(1, 151)]
		frappe.set_user(self.admin)
		doc = frappe.get_doc(
			{"doctype": "CP Import", "import_type": "Customer", "similarity_threshold": 100}
		).insert()
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{P}-import.xlsx",
				"attached_to_doctype": "CP Import",
				"attached_to_name": doc.name,
				"is_private": 1,
				"content": test_import.customer_file(rows),
			}
		).insert()
		doc.import_file = file.file_url
		doc.save()
		import_jobs.run_validation(doc)
		frappe.set_user("Administrator")
		frappe.db.commit()
		self.assertEqual(frappe.db.get_value("CP Import", doc.name, "status"), "Validated")

		faults.hold(IMPORT, 90)  # every new customer written, not committed
		job = self.start(self.admin, lambda: imports_api.start_import(doc.name), IMPORT)
		self.kill_mid_job(job)
		self.assertEqual(self.imported(), 0)
		self.reap_until_died(job)
		self.assert_told_did_not_finish(self.admin, job)
		status, message = frappe.db.get_value("CP Import", doc.name, ["status", "message"])
		self.assertEqual(status, "Validated", "back where the user can start the import again")
		self.assertIn("未导入任何数据", message)  # "nothing was imported"

		faults.release(IMPORT)
		again = self.start(self.admin, lambda: imports_api.start_import(doc.name), IMPORT)
		self.wait_status(again, FINISHED)
		self.assertEqual(frappe.db.get_value("CP Import", doc.name, "status"), "Completed")
		self.assertEqual(self.imported(), 150)

	def imported(self) -> int:
		return frappe.db.count("CP Customer", {"customer_name": ("like", f"{P} 导入客户%")})

	def test_a_list_export_killed_mid_way_leaves_no_file_and_runs_again(self):
		request = {
			"doctype": "CP Customer",
			"file_format": "xlsx",
			"filters": json.dumps([["CP Customer", "name", "like", f"{P}-%"]]),
			"names": None,
			"fields": None,
			"order_by": None,
		}
		faults.hold(EXPORT, 95)  # the sheet built, the file not yet kept
		job = self.start(self.admin, lambda: export_jobs.enqueue_list_export(request), EXPORT)
		self.kill_mid_job(job)
		self.assertEqual(self.files(), [])
		self.reap_until_died(job)
		self.assert_told_did_not_finish(self.admin, job)

		faults.release(EXPORT)
		again = self.start(self.admin, lambda: export_jobs.enqueue_list_export(request), EXPORT)
		self.wait_status(again, FINISHED)
		[file] = self.files()
		self.assertEqual(json.loads(frappe.db.get_value(JOB, again, "result")), file)
		ready = [n for n in self.notes(self.admin) if "已就绪" in n]  # "is ready"
		self.assertEqual(len(ready), 1, self.notes(self.admin))

	def files(self) -> list[str]:
		return frappe.get_all("File", {"owner": self.admin, "file_name": ("like", "%.xlsx")}, pluck="name")

	# --- several workers -------------------------------------------------------------------------------

	def test_a_job_asked_for_twice_runs_once(self):
		with RQWorker(name="second"):
			faults.hold(REGRADE, 5)
			job = self.start(self.admin, lambda: grading.enqueue_regrade_all(self.admin), REGRADE)
			self.wait_held(job)
			# asked for again while it runs: not queued again
			frappe.set_user(self.admin)
			self.assertFalse(grading.enqueue_regrade_all(self.admin))
			frappe.set_user("Administrator")
			frappe.db.commit()
			# and if the queue delivers it a second time anyway, the other worker does not run it
			duplicate = frappe.enqueue(RUN, queue="long", job=job)
			wait_for(lambda: duplicate.get_status(refresh=True) == "finished", 60, "the second delivery")
			self.assertEqual(self.status(job), "Running")
			faults.release(REGRADE)
			self.wait_status(job, FINISHED)
		records = frappe.get_all(
			JOB, {"method": REGRADE, "user": self.admin, "creation": (">=", self.started)}
		)
		self.assertEqual(len(records), 1)
		finished = [n for n in self.notes(self.admin) if "重新评级完成" in n or "Re-grading finished" in n]
		self.assertEqual(len(finished), 1, self.notes(self.admin))
		self.assert_one_history_row_each()

	def test_two_workers_regrading_at_once_write_each_grade_change_once(self):
		with RQWorker(name="second"):
			faults.hold(REGRADE, 60)  # changes computed, not yet written
			jobs = []
			frappe.set_user(self.admin)
			for i in (1, 2):  # two different jobs doing the same work (e.g. the daily one and a user's)
				jobs.append(create(REGRADE, f"{P.lower()}-both-{i}", "Re-grade", {"user": self.admin}))
				frappe.enqueue(RUN, queue="long", job=jobs[-1])
			frappe.set_user("Administrator")
			frappe.db.commit()
			waiting = f"select get_lock('{lock_name(REGRADE_LOCK)}'%"

			def one_held_the_other_waiting_or_held():
				held = [j for j in jobs if live(j).get("held")]
				blocked = frappe.db.sql(
					"select count(*) from information_schema.processlist where info like %s", waiting
				)[0][0]
				return len(held) == 2 or (len(held) == 1 and blocked >= 1)

			wait_for(one_held_the_other_waiting_or_held, 120, "both re-grades to be under way")
			faults.release(REGRADE)
			for job in jobs:
				self.wait_status(job, FINISHED)
		workers = {frappe.db.get_value(JOB, job, "worker") for job in jobs}
		self.assertEqual(len(workers), 2, "the two ran in two worker processes")
		self.assert_one_history_row_each()

	def setUp(self):
		self.started = now_datetime()
		# each test starts from ungraded customers without alerts, history or logs, in the pool or the rep's
		fresh()
		for doctype in ("CP Owner Change Log", "CP Grade History", "CP Churn Alert"):
			frappe.db.delete(doctype, {"customer": ("in", self.ours)})
		c = frappe.qb.DocType("CP Customer")
		frappe.qb.update(c).set(c.grade, None).set(c.value_score, 0).set(c.last_graded_on, None).where(
			c.name.isin(self.ours)
		).run()
		frappe.qb.update(c).set(c.sales_owner, None).where(c.name.isin(self.pool)).run()
		frappe.db.delete("Notification Log", {"for_user": ("in", (self.admin, self.manager, self.rep))})
		frappe.db.commit()


class TestStaleJobsOfDroppedSites(FrappeTestCase):
	"""A job left in RQ's registries by a worker killed on a site that was dropped since would end the next
	worker at start-up (the framework's failure callback cannot find the site): the tests' workers forget
	such jobs first, and keep the jobs of live sites."""

	def test_jobs_of_dropped_sites_are_forgotten_and_live_ones_kept(self):
		from frappe.utils.background_jobs import get_queue
		from rq.job import Job, JobStatus
		from rq.registry import StartedJobRegistry

		from crm_plus.tests.workers import (
			add_to_started_registry,
			forget_jobs_of_dropped_sites,
			remove_from_registry,
		)

		q = get_queue("long")
		started = StartedJobRegistry(queue=q)
		jobs = {}
		for label, site in (("gone", "crm-plus-dropped-site.localhost"), ("live", frappe.local.site)):
			job = Job.create(
				"frappe.ping",
				kwargs={"site": site},
				connection=q.connection,
				id=f"crm-plus-stale-{label}-test",
				status=JobStatus.STARTED,  # as a worker killed mid-job leaves it
			)
			job.save()
			add_to_started_registry(started, job, ttl=60)
			jobs[label] = job.id
		try:
			removed = forget_jobs_of_dropped_sites("long")
			self.assertIn(jobs["gone"], removed)
			self.assertNotIn(jobs["live"], removed)
			self.assertNotIn(jobs["gone"], started.get_job_ids())
			self.assertFalse(Job.exists(jobs["gone"], q.connection))
			self.assertIn(jobs["live"], started.get_job_ids())
		finally:
			for job_id in jobs.values():
				remove_from_registry(started, job_id)
				if Job.exists(job_id, q.connection):
					Job.fetch(job_id, connection=q.connection).delete(remove_from_queue=False)
