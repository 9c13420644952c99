"""The plumbing every long crm_plus job shares (grading, churn scan, allocation, imports, exports), once.

- ``enqueue``: on the long queue after the request commits, once: a job of the same id already queued or
  running is not queued again (checked in RQ and, under concurrency, by the unique key of its record);
- the job record (CP Background Job, ``record``): written around the job function in the worker —
  Queued, Running, Finished or Failed — with progress and signs of life; a job whose worker died is found
  by the reaper (``reaper``, every few minutes) and ended as Died; the user who started it is told in
  their language either way;
- ``chunks``: a scope of records (None: all of them) in pieces for ``IN (...)`` queries;
- ``Progress``: progress to the user who started the job, a sign of life per step, and a commit per
  finished batch (a long job keeps what it finished and holds its row locks briefly; tests run inside
  one transaction they roll back, so there it only sets a savepoint);
- ``db_lock``: a named lock in the database server, for work two workers on two hosts must not do at
  once (``locks``);
- ``notify``: the job's result (or failure) in the desk's bell, in the user's language.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

import frappe

from crm_plus.utils.jobs.locks import db_lock
from crm_plus.utils.jobs.record import JOB, RUN, create, current, heartbeat, record_progress
from crm_plus.utils.notify import insert_notifications, recipients

__all__ = [
	"JOB",
	"Progress",
	"after_others",
	"batched",
	"chunks",
	"commit_batch",
	"current",
	"db_lock",
	"enqueue",
	"heartbeat",
	"notify",
]

T = TypeVar("T")
QUEUE = "long"
TIMEOUT = 3600


def enqueue(
	method: str,
	*,
	title: str,
	job_id: str | None = None,
	queue: str = QUEUE,
	timeout: int = TIMEOUT,
	reference: tuple[str, str] | None = None,
	on_failure: str | None = None,
	**kwargs,
) -> bool:
	"""Run `method(**kwargs)` in the background as the current user, after this request commits, with a
	job record (CP Background Job) titled `title` (in the user's language). `job_id` names the job (the
	framework makes it per site; default: the method, one job of it at a time); returns False when a job
	of that id is already queued or running (nothing is queued again). `reference`: the document the job
	works on; `on_failure`: see crm_plus.utils.jobs.record.create."""
	from frappe.utils.background_jobs import is_job_enqueued

	job_id = job_id or method
	if is_job_enqueued(job_id):
		return False
	name = create(method, job_id, title, kwargs, reference=reference, on_failure=on_failure)
	if name is None:
		return False
	frappe.enqueue(
		RUN,
		queue=queue,
		timeout=timeout,
		job_id=job_id,
		deduplicate=True,
		enqueue_after_commit=True,
		job=name,
	)
	return True


def after_others(lock: str, wait: int, work: Callable[..., T], **kwargs) -> T:
	"""`work(**kwargs)` after any run of it elsewhere, on any host: under the database lock `lock` (waiting
	up to `wait` seconds), in a fresh transaction so that what the other run wrote is read, and committed
	before the lock is let go so that the next run reads what this one wrote."""
	with db_lock(lock, wait=wait):
		commit_batch()
		result = work(**kwargs)
		commit_batch()
		return result


def chunks(items: Sequence[T] | None, size: int) -> Iterator[list[T] | None]:
	"""`items` in lists of `size`; None (meaning every record) stays one None."""
	if items is None:
		yield None
		return
	for i in range(0, len(items), size):
		yield list(items[i : i + size])


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
	"""Any iterable in lists of `size` (the last one shorter)."""
	batch: list[T] = []
	for item in items:
		batch.append(item)
		if len(batch) == size:
			yield batch
			batch = []
	if batch:
		yield batch


def commit_batch() -> None:
	"""A background job keeps the batch it finished (tests run in one transaction they roll back)."""
	if not frappe.flags.in_test:
		frappe.db.commit()  # nosemgrep: a background job commits each finished batch


class Progress:
	"""Progress of one job, shown to the user who started it (frappe.publish_progress), with a commit
	per finished batch."""

	SAVEPOINT = "crm_plus_job"

	def __init__(self, title: str, doctype: str | None = None, docname: str | None = None):
		self.title = title
		self.doctype = doctype
		self.docname = docname
		frappe.db.savepoint(self.SAVEPOINT)

	def __call__(self, percent: float, description: str = "") -> None:
		heartbeat(percent, description)
		frappe.publish_progress(
			min(max(percent, 0), 100),
			title=self.title,
			doctype=self.doctype,
			docname=self.docname,
			description=description,
		)

	def commit(self) -> None:
		"""What the job finished so far is kept, whatever happens after (with the job's sign of life)."""
		record_progress()
		commit_batch()
		frappe.db.savepoint(self.SAVEPOINT)

	def rollback(self) -> None:
		"""Undo what was written since the last commit (or since the job began)."""
		frappe.db.rollback(save_point=self.SAVEPOINT)


def notify(
	user: str,
	subject: Callable[[str], str],
	*,
	document_type: str,
	document_name: str | None = None,
	link: str | None = None,
) -> int:
	"""One notification for `user` (if enabled) with subject(lang) in their language."""
	rows = [
		{
			"for_user": recipient,
			"subject": subject(lang),
			"document_type": document_type,
			"document_name": document_name,
			"link": link,
		}
		for recipient, lang in recipients([user]).items()
	]
	return insert_notifications(rows)
