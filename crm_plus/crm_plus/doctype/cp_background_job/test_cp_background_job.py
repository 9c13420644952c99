# Copyright (c) 2026, crm_plus contributors
# See license.txt
"""The job record around every long job (crm_plus.utils.jobs), inside one process: who sees it, how a
job's end is recorded and told, a job queued once, the database lock. The same with real workers killed
mid-job: crm_plus/tests/test_job_faults.py."""

from contextlib import contextmanager

import frappe
from frappe.tests.utils import FrappeTestCase

from crm_plus.exceptions import JobBusyError
from crm_plus.permissions import roles
from crm_plus.tests.factories import make_user
from crm_plus.utils import jobs
from crm_plus.utils.jobs import record

HERE = "crm_plus.crm_plus.doctype.cp_background_job.test_cp_background_job"


def finishing_job(customers: int) -> dict:
	jobs.heartbeat(50, "half way")
	return {"graded": customers}


def refusing_job() -> None:
	frappe.throw("No customers to grade")


def retried_job() -> None:
	raise frappe.RetryBackgroundJobError("deadlock, try again")


class TestCPBackgroundJob(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.rep = make_user("bgj-rep@crm-plus.test", [roles.SALES_REP])
		cls.other = make_user("bgj-rep2@crm-plus.test", [roles.SALES_REP])
		cls.admin = make_user("bgj-admin@crm-plus.test", [roles.CRM_ADMIN])
		frappe.db.set_value("User", cls.rep, "language", "zh")
		# committed: a failing job rolls its transaction back, as a worker does, users included
		frappe.db.commit()  # nosemgrep

	def setUp(self):
		frappe.db.savepoint("bgj_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="bgj_test")

	@contextmanager
	def other_connection(self):
		"""Another database connection (another worker); frappe's secondary_connection() leaves it current."""
		primary = frappe.local.db
		try:
			with self.secondary_connection():
				yield
		finally:
			frappe.local.db = primary

	def queue(self, method: str, job_id: str, **kwargs) -> str | None:
		with self.set_user(self.rep):
			return record.create(f"{HERE}.{method}", job_id, f"{job_id} title", kwargs)

	def test_seen_by_the_user_who_started_it_and_administrators(self):
		job = self.queue("finishing_job", "bgj-visible", customers=3)
		for user, sees in ((self.rep, True), (self.other, False), (self.admin, True)):
			with self.set_user(user):
				self.assertEqual(
					frappe.get_list(record.JOB, {"name": job}, pluck="name") == [job], sees, user
				)
				self.assertEqual(bool(frappe.has_permission(record.JOB, "read", job)), sees, user)

	def test_nobody_changes_a_job_record(self):
		job = self.queue("finishing_job", "bgj-readonly", customers=3)
		for user in (self.rep, self.admin):
			with self.set_user(user):
				doc = frappe.get_doc(record.JOB, job)
				doc.status = "Finished"
				self.assertRaises(frappe.PermissionError, doc.save)
				forged = frappe.get_doc({"doctype": record.JOB, "title": "x", "method": "x", "job_id": "x"})
				self.assertRaises(frappe.PermissionError, forged.insert)

	def test_a_job_is_queued_once_until_it_ends(self):
		job = self.queue("finishing_job", "bgj-once", customers=3)
		self.assertIsNone(self.queue("finishing_job", "bgj-once", customers=3))
		with self.set_user(self.rep):
			self.assertEqual(record.run(job), {"graded": 3})
		self.assertIsNotNone(self.queue("finishing_job", "bgj-once", customers=3))  # ended: may run again

	def test_a_finished_job_keeps_its_result_and_a_second_delivery_does_not_run_it(self):
		job = self.queue("finishing_job", "bgj-finish", customers=7)
		with self.set_user(self.rep):
			record.run(job)
			self.assertIsNone(record.run(job))  # the queue delivered it again
		doc = frappe.get_doc(record.JOB, job)
		self.assertEqual((doc.status, doc.progress, doc.result), ("Finished", 100, '{"graded": 7}'))
		self.assertIsNone(doc.active_key)
		self.assertTrue(doc.started_on and doc.finished_on and doc.worker)

	def test_a_failed_job_is_recorded_and_its_user_told_in_their_language(self):
		job = self.queue("refusing_job", "bgj-fail")
		with self.set_user(self.rep), self.assertRaises(frappe.ValidationError):
			record.run(job)
		doc = frappe.get_doc(record.JOB, job)
		self.assertEqual(doc.status, "Failed")
		self.assertIn("No customers to grade", doc.error)
		[note] = frappe.get_all("Notification Log", {"for_user": self.rep}, pluck="subject")
		self.assertIn("bgj-fail title失败：No customers to grade", note)

	def test_a_job_the_framework_retries_goes_back_to_the_queue_untold(self):
		job = self.queue("retried_job", "bgj-retry")
		with self.set_user(self.rep), self.assertRaises(frappe.RetryBackgroundJobError):
			record.run(job)
		self.assertEqual(frappe.db.get_value(record.JOB, job, "status"), "Queued")
		self.assertEqual(frappe.get_all("Notification Log", {"for_user": self.rep}), [])

	def test_arguments_that_would_not_survive_the_queue_are_refused(self):
		self.assertRaises(TypeError, self.queue, "finishing_job", "bgj-args", customers={1, 2})

	def test_the_database_lock_holds_against_another_connection(self):
		with jobs.db_lock("bgj-test", wait=1):
			with self.other_connection(), self.assertRaises(JobBusyError):
				with jobs.db_lock("bgj-test", wait=0):
					pass
		with self.other_connection(), jobs.db_lock("bgj-test", wait=0):
			pass  # let go at the end of the block

	def test_a_lock_kept_until_commit_is_let_go_when_the_transaction_ends(self):
		with jobs.db_lock("bgj-commit", wait=1, until_commit=True):
			pass
		with self.other_connection(), self.assertRaises(JobBusyError):
			with jobs.db_lock("bgj-commit", wait=0):
				pass
		frappe.db.rollback()  # what the end of a request does
		frappe.db.savepoint("bgj_test")
		with self.other_connection(), jobs.db_lock("bgj-commit", wait=0):
			pass
