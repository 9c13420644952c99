"""Fault injection for the fault tests (crm_plus/tests/test_job_faults.py), on test sites only
(``allow_tests`` in the site config; never read elsewhere).

A test asks the next job of a method to stop at a point (``hold(method, percent)``); the job, at its first
sign of life at or past that percentage, marks itself held in its live state and waits there until the
test releases it (``release``) or kills its worker — so a kill lands mid-job every time, after the batches
before that point were committed and before the rest."""

import time

import frappe

HOLD_LIMIT = 600  # seconds a held job waits at most


def _key(method: str) -> str:
	return frappe.cache.make_key(f"crm_plus:job_hold:{method}")


def hold(method: str, percent: float) -> None:
	frappe.cache.set(_key(method), str(percent), ex=HOLD_LIMIT)


def release(method: str) -> None:
	frappe.cache.delete(_key(method))


def hold_if_asked(record: frappe._dict, percent: float | None) -> None:
	from crm_plus.utils.jobs.record import set_live

	key = _key(record.method)
	asked = frappe.cache.get(key)
	if asked is None or percent is None or float(percent) < float(asked):
		return
	set_live(record.name, held=1)
	deadline = time.monotonic() + HOLD_LIMIT
	while frappe.cache.get(key) is not None and time.monotonic() < deadline:
		time.sleep(0.05)
	set_live(record.name, held=0)
