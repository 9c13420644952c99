"""Posting queued robot messages, in a background job (README, "Messaging robots").

``enqueue_delivery`` queues one job for a batch of messages after the caller's transaction commits (the
send log rows it posts are written in that transaction). The job (``deliver``) posts each message with a
short timeout; a failure — no answer in time, a refused connection, an HTTP error, or an answer whose
errcode (WeCom, DingTalk) or code (Feishu) is not 0 — is retried after a backoff that doubles, up to
ATTEMPTS times. Every attempt is written to the message (attempts, attempt log, last error, the robot's
answer) and committed at once; the message ends Sent or Failed.

A message left Queued — its job never ran (the queue was down at the commit) or its worker died — is
queued again by ``requeue_stale`` (scheduler, every 10 minutes) once nothing happened to it for
STALE_AFTER minutes; it goes on from the attempts it had.

Attempts, timeout and backoff: site config ``crm_plus_robot_attempts`` / ``crm_plus_robot_timeout`` /
``crm_plus_robot_backoff`` (seconds), else the constants below; they are fixed when the job is queued.
"""

import json
import time

import frappe
import requests
from frappe.utils import add_to_date, cint, flt, now_datetime

from crm_plus.doctypes import MESSAGING_ROBOT, ROBOT_MESSAGE
from crm_plus.messaging import providers
from crm_plus.messaging.events import FAILED, QUEUED, SENT
from crm_plus.utils.jobs import commit_batch

DELIVER = "crm_plus.messaging.send.deliver"
QUEUE = "default"
ATTEMPTS = 3
TIMEOUT = 5.0  # seconds per attempt
BACKOFF = 2.0  # seconds before the second attempt; doubled before each next one
STALE_AFTER = 30  # minutes without an attempt before a Queued message is queued again
STALE_BATCH = 500


def settings() -> dict:
	conf = frappe.conf
	return {
		"attempts": max(1, cint(conf.get("crm_plus_robot_attempts") or ATTEMPTS)),
		"post_timeout": flt(conf.get("crm_plus_robot_timeout") or TIMEOUT),
		"backoff": flt(
			conf.get("crm_plus_robot_backoff") if conf.get("crm_plus_robot_backoff") is not None else BACKOFF
		),
	}


def enqueue_delivery(messages: list[str]) -> None:
	"""One background job posting `messages`, queued when the current transaction commits."""
	s = settings()
	worst = s["attempts"] * s["post_timeout"] + s["backoff"] * (2 ** s["attempts"])
	frappe.enqueue(
		DELIVER,
		queue=QUEUE,
		timeout=int(120 + len(messages) * worst),
		enqueue_after_commit=True,
		messages=messages,
		**s,
	)


def deliver(
	messages: list[str], attempts: int = ATTEMPTS, post_timeout: float = TIMEOUT, backoff: float = BACKOFF
) -> dict[str, str]:
	"""Background job: post each message (each attempt waits `post_timeout` seconds at most); name -> its
	final status."""
	return {name: deliver_one(name, attempts, post_timeout, backoff) for name in messages}


def deliver_one(
	name: str, attempts: int = ATTEMPTS, timeout: float = TIMEOUT, backoff: float = BACKOFF
) -> str:
	message = frappe.db.get_value(
		ROBOT_MESSAGE, name, ["name", "robot", "status", "attempts", "payload"], as_dict=True
	)
	if not message or message.status != QUEUED:
		return message.status if message else ""
	robot = (
		frappe.get_doc(MESSAGING_ROBOT, message.robot)
		if frappe.db.exists(MESSAGING_ROBOT, message.robot)
		else None
	)
	if robot is None or not robot.enabled:
		_record(name, cint(message.attempts), "the robot was deleted or disabled", None, final=True)
		return FAILED
	secret = (
		robot.get_password("secret", raise_exception=False) if robot.provider != providers.WECOM else None
	)
	payload = json.loads(message.payload)
	attempt = cint(message.attempts)
	while attempt < attempts:
		attempt += 1
		error, answer = _post(robot.provider, robot.webhook_url, payload, secret, timeout)
		last = attempt >= attempts
		_record(name, attempt, error, answer, final=last or not error)
		if not error:
			return SENT
		if not last:
			time.sleep(backoff * 2 ** (attempt - 1))
	return FAILED


def _post(provider: str, webhook_url: str, payload: dict, secret: str | None, timeout: float):
	"""One attempt: (error or None, the robot's answer)."""
	url, data = providers.signed_request(provider, webhook_url, payload, secret, time.time())
	try:
		response = requests.post(
			url,
			data=json.dumps(data, ensure_ascii=False).encode(),
			headers={"Content-Type": "application/json; charset=utf-8"},
			timeout=timeout,
		)
	except requests.Timeout:
		return f"no answer within {timeout:g} s", None
	except requests.RequestException as e:
		return providers.redact(f"{type(e).__name__}: {e}", url)[:500], None
	answer = f"HTTP {response.status_code}: {response.text[:1000]}"
	return providers.failure(provider, response.status_code, response.text), answer


def _record(name: str, attempt: int, error: str | None, answer: str | None, final: bool) -> None:
	"""Write one attempt to the send log and keep it (committed at once in a worker)."""
	now = now_datetime()
	log = frappe.db.get_value(ROBOT_MESSAGE, name, "attempt_log") or ""
	line = f"{now.isoformat(sep=' ', timespec='seconds')} attempt {attempt}: {error or 'sent'}"
	values = {
		"attempts": attempt,
		"last_attempt_on": now,
		"attempt_log": f"{log}\n{line}".strip(),
		"response": answer,
	}
	if error:
		values["last_error"] = error
		if final:
			values["status"] = FAILED
	else:
		values.update(status=SENT, sent_on=now)
	frappe.db.set_value(ROBOT_MESSAGE, name, values)
	commit_batch()


def requeue_stale() -> int:
	"""Scheduler: queue again the messages still Queued with no attempt for STALE_AFTER minutes (claimed
	with a compare-and-set on queued_on, so two sweeps at once queue each message once). Returns how many."""
	now = now_datetime()
	cutoff = add_to_date(now, minutes=-STALE_AFTER)
	m = frappe.qb.DocType(ROBOT_MESSAGE)
	stale = (
		(m.status == QUEUED)
		& (m.queued_on < cutoff)
		& (m.last_attempt_on.isnull() | (m.last_attempt_on < cutoff))
	)
	names = (
		frappe.qb.from_(m).select(m.name).where(stale).orderby(m.queued_on).limit(STALE_BATCH).run(pluck=True)
	)
	if not names:
		return 0
	frappe.qb.update(m).set(m.queued_on, now).where(m.name.isin(names) & stale).run()
	claimed = frappe.get_all(ROBOT_MESSAGE, filters={"name": ("in", names), "queued_on": now}, pluck="name")
	if claimed:
		enqueue_delivery(claimed)
	return len(claimed)
