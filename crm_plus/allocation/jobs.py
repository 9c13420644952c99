"""Running a move: at once when it is small, as a background job with progress when it is not."""

import frappe
from frappe import _

from crm_plus.allocation import notify
from crm_plus.allocation.move import MoveRequest, execute_move, plan_move
from crm_plus.allocation.pool import check_holding_limit
from crm_plus.utils import jobs

JOB = "crm_plus.allocation.jobs.run_move_job"


def run_or_enqueue(request: MoveRequest) -> dict:
	"""Move now (the request's transaction) or, above BACKGROUND_THRESHOLD customers, enqueue the move."""
	plan = plan_move(request)
	if plan.background:
		check_holding_limit(request.to_owner, plan.count)  # refuse now what the job would refuse
		enqueue_move(request)
		return {
			"queued": True,
			"batch_id": request.batch_id,
			"count": plan.count,
			"message": _(
				"{0} customers are being moved in the background; you will be notified when it is done."
			).format(plan.count),
		}
	result = execute_move(plan)
	return {
		"queued": False,
		**result.as_dict(),
		"message": _("{0} customers moved, {1} skipped.").format(result.moved, result.skipped),
	}


def enqueue_move(request: MoveRequest, batch_size: int | None = None) -> bool:
	"""The move as a background job (its record titled in the user's language)."""
	return jobs.enqueue(
		JOB,
		job_id=f"crm_plus_move::{request.batch_id}",
		title=_("Moving customers ({0})").format(_(request.operation)),
		request=request.as_dict(),
		batch_size=batch_size,
	)


def run_move_job(request: dict, batch_size: int | None = None) -> dict:
	"""The background job: the same move, one committed transaction per batch, progress published to
	the user who started it, and their result notification at the end.

	The worker re-runs a job that hit a deadlock or a lock wait timeout (frappe's execute_job); the
	re-run plans again, so the batches committed before are not moved twice (their customers already
	belong to the new owner) and the log numbering of the batch continues. The same holds when the user
	moves the same customers again after a worker died mid-move (README, "Operations").
	`batch_size`: customers per committed batch (default crm_plus.allocation.BATCH_SIZE)."""
	request = MoveRequest.from_dict(request)
	if frappe.session.user != request.user:
		frappe.set_user(request.user)
	moved = 0
	progress = jobs.Progress(_("Moving customers"))

	def after_batch(done: int, total: int, moved_so_far: int) -> None:
		nonlocal moved
		moved = moved_so_far
		progress.commit()  # a long move keeps its progress and holds its row locks briefly
		progress(done * 100 / total, _("{0} of {1} customers").format(done, total))

	try:
		result = execute_move(plan_move(request), batch_size=batch_size, after_batch=after_batch)
	except (frappe.ValidationError, frappe.PermissionError) as e:
		progress.rollback()
		notify.move_failed(request.user, moved, str(e), request.batch_id)
		return {"batch_id": request.batch_id, "moved": moved, "error": str(e)}
	notify.move_finished(request.user, result.moved, result.skipped, result.batch_id)
	return result.as_dict()
