"""Locks held in the database server, so they hold across workers on any number of hosts (a lock in
process memory holds only inside one process). MariaDB's named locks (GET_LOCK) are released when their
connection ends, so a worker killed mid-job never leaves one behind."""

import hashlib
from contextlib import contextmanager

import frappe
from frappe import _

from crm_plus.exceptions import JobBusyError


def lock_name(name: str) -> str:
	"""Named locks are server-wide: the site's database name makes them per site (64 characters at most)."""
	full = f"{frappe.conf.db_name}:{name}"
	return full if len(full) <= 64 else hashlib.sha1(full.encode()).hexdigest()


@contextmanager
def db_lock(name: str, wait: int, busy_message: str | None = None, until_commit: bool = False):
	"""Hold the named lock `name` while the block runs, waiting up to `wait` seconds for it (re-entrant on
	one connection). Raises JobBusyError when another connection holds it for longer.

	`until_commit`: keep it until the transaction ends (commit or rollback), not just the block: another
	process waiting for it then reads what this transaction wrote (a request cannot commit inside)."""
	key = lock_name(name)
	if frappe.db.sql("select get_lock(%s, %s)", (key, wait))[0][0] != 1:
		frappe.throw(busy_message or _("Another job is doing this right now; try again later."), JobBusyError)
	released = []

	def release():
		if not released:
			released.append(True)
			frappe.db.sql("select release_lock(%s)", (key,))

	if until_commit:
		frappe.db.after_commit.add(release)
		frappe.db.after_rollback.add(release)
		yield
		return
	try:
		yield
	finally:
		release()
