"""The record of a long job (CP Background Job), written around the job function by the job plumbing.

Lifecycle: ``create`` (in the request that queues the job, so the record and the queueing commit
together) -> ``run`` (the worker: ``claim`` Queued -> Running, the job function, ``finish`` -> Finished or
``fail`` -> Failed) -> or, when the worker dies before it can say so, the reaper
(crm_plus.utils.jobs.reaper) -> Died. Whatever the end, the user who started the job hears of it in their
language.

Database, not memory, decides: the unique ``active_key`` (the job id while Queued or Running) lets only
one request queue a job of that id; the compare-and-set Queued -> Running in ``claim`` lets only one
worker run it, however often the queue delivers it; every later status change is a compare-and-set on
the status too, so the reaper and a worker finishing at the same moment cannot both write.

Signs of life: ``heartbeat`` (called by Progress and the jobs' progress callbacks) keeps the job's live
state in Redis (shared by every host); the record's ``heartbeat`` column is written with each batch the
job commits.
"""

import json
import os
import socket
import time
import traceback

import frappe
from frappe.utils import cint, now_datetime

from crm_plus.compat import rowcount
from crm_plus.utils.bulk import insert_rows

JOB = "CP Background Job"
QUEUED, RUNNING, FINISHED, FAILED, DIED = "Queued", "Running", "Finished", "Failed", "Died"
ACTIVE = (QUEUED, RUNNING)
RUN = "crm_plus.utils.jobs.record.run"
LIVE_TTL = 24 * 3600
ERROR_LIMIT = 20_000
# how long a job whose database connection broke waits for the database to answer again, to record
# its failure (the reaper records it otherwise)
RECONNECT_WAIT = 60
SAVEPOINT = "crm_plus_job_run"


def create(
	method: str,
	job_id: str,
	title: str,
	arguments: dict,
	reference: tuple[str, str] | None = None,
	on_failure: str | None = None,
) -> str | None:
	"""Insert the record of a job about to be queued; None when a job of that id is queued or running.

	`on_failure`: a function called with the record (a dict) and the reason when the job fails or
	dies, to put what it was working on back into a state the user can start again from."""
	text = frappe.as_json(arguments, indent=None)
	if json.loads(text) != arguments:
		raise TypeError(f"the arguments of {method} must survive JSON: {arguments!r}")
	name = frappe.generate_hash(length=12)
	values = {
		"name": name,
		"title": title,
		"method": method,
		"job_id": job_id,
		"active_key": job_id,
		"status": QUEUED,
		"user": frappe.session.user,
		"arguments": text,
		"reference_doctype": reference[0] if reference else None,
		"reference_name": reference[1] if reference else None,
		"on_failure": on_failure,
	}
	# INSERT IGNORE under the unique active_key: of two requests queueing the same job at once, the
	# second waits for the first to commit and inserts nothing
	inserted = insert_rows(
		JOB, list(values), [list(values.values())], ignore_duplicates=True, owner=frappe.session.user
	)
	return name if inserted == 1 else None


def current() -> frappe._dict | None:
	"""The record of the job this process is running (None outside a recorded job)."""
	return getattr(frappe.local, "crm_plus_job", None)


# --- the worker side -------------------------------------------------------------------------------


def run(job: str):
	"""What the worker runs: the recorded job's function, between ``claim`` and ``finish`` / ``fail``."""
	record = claim(job)
	if record is None:
		return None  # another worker runs it or ran it: a job runs once
	frappe.local.crm_plus_job = record
	frappe.db.savepoint(SAVEPOINT)
	try:
		result = frappe.get_attr(record.method)(**json.loads(record.arguments or "{}"))
	except Exception as e:
		fail(record, e)
		raise
	finally:
		frappe.local.crm_plus_job = None
	finish(record, result)
	return result


def claim(name: str) -> frappe._dict | None:
	"""Queued -> Running, committed at once (the reaper and the user see it); None when the record is
	not Queued any more (a second delivery of the same job)."""
	t = frappe.qb.DocType(JOB)
	now = now_datetime()
	(
		frappe.qb.update(t)
		.set(t.status, RUNNING)
		.set(t.started_on, now)
		.set(t.heartbeat, now)
		.set(t.finished_on, None)
		.set(t.worker, f"{socket.gethostname()}:{os.getpid()}")
		.set(t.modified, now)
		.where((t.name == name) & (t.status == QUEUED))
		.run()
	)
	if rowcount() != 1:  # nothing was changed
		frappe.logger("crm_plus").info(f"{JOB} {name} is not queued any more: not run again")
		return None
	_commit()
	record = frappe.db.get_value(
		JOB,
		name,
		[
			"name",
			"title",
			"method",
			"job_id",
			"user",
			"arguments",
			"reference_doctype",
			"reference_name",
			"on_failure",
		],
		as_dict=True,
	)
	set_live(record.name, progress=0, held=0)
	return record


def finish(record: frappe._dict, result) -> None:
	_end(record, FINISHED, progress=100, result=_json(result))
	_commit()


def fail(record: frappe._dict, error: BaseException) -> None:
	"""The job raised: undo its open transaction, record Failed and tell the user (their language). A
	lock timeout or deadlock the framework retries puts the record back to Queued instead."""
	recover_connection()
	if _retried_by_framework(error):
		_set_status(record.name, QUEUED, expected=(RUNNING,))
		_commit()
		return
	reason = _short(error)
	if _end(record, FAILED, error=traceback.format_exc()[-ERROR_LIMIT:]):
		call_on_failure(record, reason)
		from crm_plus.utils.jobs.reaper import notify_ended

		notify_ended(record, FAILED, reason)
	_commit()


def _retried_by_framework(error: BaseException) -> bool:
	"""frappe.utils.background_jobs.execute_job runs a job again after these (up to five times)."""
	if isinstance(error, frappe.RetryBackgroundJobError):
		return True
	return isinstance(error, frappe.db.InternalError) and (
		frappe.db.is_deadlocked(error) or frappe.db.is_timedout(error)
	)


def _end(record: frappe._dict, status: str, **values) -> bool:
	return _set_status(record.name, status, expected=ACTIVE, finished=True, **values)


def _set_status(name: str, status: str, expected: tuple[str, ...], finished: bool = False, **values) -> bool:
	"""Compare-and-set of the status; whether this call changed it."""
	t = frappe.qb.DocType(JOB)
	now = now_datetime()
	query = frappe.qb.update(t).set(t.status, status).set(t.modified, now)
	if finished:
		query = query.set(t.finished_on, now).set(t.active_key, None)
	for field, value in values.items():
		query = query.set(t[field], value)
	query.where((t.name == name) & t.status.isin(expected)).run()
	changed = rowcount() == 1
	if finished and changed:
		set_live(name, ended=1)
	return changed


def call_on_failure(record: frappe._dict, reason: str) -> None:
	if not record.get("on_failure"):
		return
	try:
		frappe.get_attr(record.on_failure)(record, reason)
	except Exception:
		frappe.log_error(title=f"{JOB} {record.name}: on_failure")


def _short(error: BaseException) -> str:
	text = str(error).strip() or type(error).__name__
	return text if len(text) <= 300 else text[:297] + "..."


def _json(value) -> str | None:
	if value is None:
		return None
	try:
		text = frappe.as_json(value, indent=None)
	except TypeError:
		text = json.dumps(str(value))
	return text if len(text) <= ERROR_LIMIT else json.dumps({"truncated": text[:1000]})


def _commit() -> None:
	if not frappe.flags.in_test:
		frappe.db.commit()  # nosemgrep: the job record is seen by other processes at once


def recover_connection(wait: float = RECONNECT_WAIT) -> None:
	"""Roll back the job's open transaction; when the database connection broke (the server restarted),
	connect again, waiting up to `wait` seconds for the server to answer."""
	try:
		if frappe.flags.in_test:  # tests run in one transaction they roll back themselves
			frappe.db.rollback(save_point=SAVEPOINT)
		else:
			frappe.db.rollback()
		frappe.db.sql("select 1")
		return
	except Exception:
		pass
	deadline = time.monotonic() + wait
	while True:
		try:
			try:
				frappe.db.close()
			except Exception:
				frappe.db._conn = frappe.db._cursor = None
			frappe.db.connect()
			frappe.db.sql("select 1")
			return
		except Exception:
			if time.monotonic() > deadline:
				raise
			time.sleep(1)


# --- signs of life ------------------------------------------------------------------------------------


def _live_key(name: str) -> str:
	return frappe.cache.make_key(f"crm_plus:job_live:{name}")


def set_live(name: str, **values) -> None:
	"""The job's live state in Redis (every host sees it): heartbeat (epoch seconds), progress, held, ended."""
	key = _live_key(name)
	state = live(name)
	state.update(values)
	state["heartbeat"] = time.time()
	frappe.cache.set(key, json.dumps(state), ex=LIVE_TTL)


def live(name: str) -> dict:
	raw = frappe.cache.get(_live_key(name))
	return json.loads(raw) if raw else {}


def heartbeat(percent: float | None = None, description: str = "") -> None:
	"""A sign of life of the running job (no-op outside a recorded job), with its progress; on a test
	site a test may hold the job here (crm_plus.utils.jobs.faults)."""
	record = current()
	if record is None:
		return
	values = {} if percent is None else {"progress": round(float(percent), 1)}
	set_live(record.name, **values)
	if cint(frappe.conf.get("allow_tests")):
		from crm_plus.utils.jobs.faults import hold_if_asked

		hold_if_asked(record, percent)


def record_progress() -> None:
	"""Write the live progress into the record, in the transaction the job is about to commit."""
	record = current()
	if record is None:
		return
	t = frappe.qb.DocType(JOB)
	now = now_datetime()
	query = frappe.qb.update(t).set(t.heartbeat, now)
	progress = live(record.name).get("progress")
	if progress is not None:
		query = query.set(t.progress, progress)
	query.where((t.name == record.name) & (t.status == RUNNING)).run()
