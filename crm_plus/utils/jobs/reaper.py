"""Jobs whose worker died: found and ended as Died, with the user told in their language.

A worker killed mid-job (SIGKILL, out of memory, the host gone) cannot record its own end. The scheduler
runs ``reap`` every few minutes (hooks.py); a job record still Queued or Running is dead when the queue
(RQ in Redis, shared by every host) says so:

- its RQ job is gone, failed (RQ records "Work-horse terminated unexpectedly" when a work-horse dies
  under a living worker), stopped or canceled, or finished without the record saying so;
- its RQ job is still "started" but the worker that took it is gone: its worker key expired (RQ renews
  it every 30 s + 60 s while a job runs), or the worker ran on this host and its process no longer
  exists, or RQ's own heartbeat of the job is older than ``RQ_SILENCE``;
- a Queued record older than ``QUEUED_GRACE`` whose RQ job does not exist (the queue lost it).

Ending is a compare-and-set on the status, so a job finishing at the same moment keeps its own end.
What the job committed before it died stays (each long job is safe to run again: README, "Operations").
"""

import socket
from datetime import datetime, timezone

import frappe
from frappe import _
from frappe.utils import now_datetime, time_diff_in_seconds

from crm_plus.utils.jobs.record import (
	ACTIVE,
	DIED,
	FAILED,
	JOB,
	QUEUED,
	_commit,
	_end,
	call_on_failure,
)

QUEUED_GRACE = 10 * 60
RQ_SILENCE = 3 * 30 + 60  # three of RQ's job monitoring intervals, plus its margin


def reap() -> list[str]:
	"""Scheduler (cron): end the jobs whose worker is gone; returns their names."""
	died = []
	for record in frappe.get_all(
		JOB,
		filters={"status": ("in", ACTIVE)},
		fields=[
			"name",
			"title",
			"user",
			"status",
			"job_id",
			"creation",
			"worker",
			"method",
			"on_failure",
			"reference_doctype",
			"reference_name",
		],
		order_by="creation",
	):
		reason = why_dead(record)
		if reason and end_as_died(record, reason):
			died.append(record.name)
	return died


def why_dead(record: frappe._dict) -> str | None:
	"""Why the job cannot be running any more (None while it may be)."""
	from frappe.utils.background_jobs import get_job
	from rq.job import JobStatus

	rq_job = get_job(record.job_id)
	if rq_job is None:
		if record.status == QUEUED and time_diff_in_seconds(now_datetime(), record.creation) < QUEUED_GRACE:
			return None  # just queued: the request may not have handed it to the queue yet
		return "the job is no longer in the queue"
	status = rq_job.get_status(refresh=False)
	if status in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED):
		return (rq_job.exc_info or f"the queue marked it {status}").strip().splitlines()[-1][:300]
	if status == JobStatus.FINISHED:
		return "the job ended without recording how"
	if status == JobStatus.STARTED:  # (a worker may die before it claims the record: still Queued)
		return _worker_gone(rq_job)
	return None


def _worker_gone(rq_job) -> str | None:
	from frappe.utils.background_jobs import get_redis_conn

	name = rq_job.worker_name
	if name:
		conn = get_redis_conn()
		key = f"rq:worker:{name}"
		if not conn.exists(key):
			return f"its worker {name} stopped"
		hostname, pid = (v.decode() if v else None for v in conn.hmget(key, "hostname", "pid"))
		if hostname == socket.gethostname() and pid and not _process_exists(int(pid)):
			return f"its worker process {pid} on {hostname} no longer exists"
	beat = rq_job.last_heartbeat or rq_job.started_at
	if beat:
		silence = (
			datetime.now(timezone.utc).replace(tzinfo=None) - beat.replace(tzinfo=None)
		).total_seconds()
		if silence > RQ_SILENCE:
			return f"no sign of life from its worker for {int(silence)} s"
	return None


def _process_exists(pid: int) -> bool:
	import psutil

	try:
		return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
	except psutil.NoSuchProcess:
		return False


def end_as_died(record: frappe._dict, reason: str) -> bool:
	"""Died (if still Queued or Running), the queue's copy removed, the user told; committed."""
	if not _end(record, DIED, error=reason):
		return False  # it ended meanwhile (nothing was changed)
	_forget_rq_job(record.job_id)
	call_on_failure(record, reason)
	notify_ended(record, DIED, reason)
	_commit()
	return True


def _forget_rq_job(job_id: str) -> None:
	"""A dead worker's job may stay "started" in RQ for a while; removed, it no longer blocks the same
	job from being queued again."""
	from frappe.utils.background_jobs import get_job

	rq_job = get_job(job_id)
	if rq_job is not None:
		rq_job.delete()


def notify_ended(record: frappe._dict, status: str, reason: str) -> None:
	"""Tell the user who started the job that it did not finish (Died) or failed (Failed)."""
	from crm_plus.utils.jobs import notify

	title = record.title or record.method

	def subject(lang: str) -> str:
		if status == FAILED:
			return _("{0} failed: {1}. Run it again.", lang=lang).format(title, reason)
		return _(
			"{0} did not finish: the background worker stopped. What it finished is kept; run it again.",
			lang=lang,
		).format(title)

	notify(record.user, subject, document_type=JOB, document_name=record.name)
