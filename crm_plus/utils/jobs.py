"""The plumbing every long crm_plus job shares (grading, churn scan, allocation, imports, exports), once.

- ``enqueue``: on the long queue after the request commits, deduplicated by a job id (the same job
  asked for twice while queued or running runs once);
- ``chunks``: a scope of records (None: all of them) in pieces for ``IN (...)`` queries;
- ``Progress``: progress to the user who started the job, and a commit per finished batch (a long job
  keeps what it finished and holds its row locks briefly; tests run inside one transaction they roll
  back, so there it only sets a savepoint);
- ``notify``: the job's result (or failure) in the desk's bell, in the user's language.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

import frappe

from crm_plus.utils.notify import insert_notifications, recipients

T = TypeVar("T")
QUEUE = "long"
TIMEOUT = 3600


def enqueue(method: str, *, job_id: str, queue: str = QUEUE, timeout: int = TIMEOUT, **kwargs) -> bool:
	"""Run `method(**kwargs)` in the background as the current user, after this request commits.
	`job_id` names the job (the framework makes it per site); returns False when a job of that id is
	already queued or running (nothing is queued again)."""
	from frappe.utils.background_jobs import is_job_enqueued

	if is_job_enqueued(job_id):
		return False
	frappe.enqueue(
		method,
		queue=queue,
		timeout=timeout,
		job_id=job_id,
		deduplicate=True,
		enqueue_after_commit=True,
		**kwargs,
	)
	return True


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
		frappe.publish_progress(
			min(max(percent, 0), 100),
			title=self.title,
			doctype=self.doctype,
			docname=self.docname,
			description=description,
		)

	def commit(self) -> None:
		"""What the job finished so far is kept, whatever happens after."""
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
