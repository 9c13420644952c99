"""Real background workers for the tests that need them: a worker killed mid-job, two workers at once.

``RQWorker`` starts `frappe worker --queue long` for the test site's bench as another process (what
`bench worker` runs in production); RQ forks a work-horse per job, which is the process a test kills.
Jobs are other processes with their own database connections: the data they need must be committed
first, and a test reads what they wrote after ending its own snapshot (``fresh``).
"""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable

import frappe

from crm_plus.tests.server import artifacts_dir
from crm_plus.utils.jobs.record import JOB, RUN


def queued(call) -> tuple[str, dict]:
	"""The job method and arguments of a (mocked) frappe.enqueue call made by crm_plus.utils.jobs.enqueue."""
	assert call.args[0] == RUN, call.args
	record = frappe.db.get_value(JOB, call.kwargs["job"], ["method", "arguments"], as_dict=True)
	return record.method, json.loads(record.arguments)


def fresh() -> None:
	"""End this connection's snapshot, to read what other processes committed."""
	frappe.db.rollback()


def wait_for(predicate: Callable[[], object], timeout: float = 120, message: str = "", interval=0.1):
	"""Poll `predicate` (after ending the snapshot) until it is truthy; its value. Fails after `timeout`."""
	deadline = time.monotonic() + timeout
	while True:
		fresh()
		value = predicate()
		if value:
			return value
		if time.monotonic() > deadline:
			raise AssertionError(f"timed out after {timeout} s waiting for {message or predicate}")
		time.sleep(interval)


def forget_jobs_of_dropped_sites(queue: str) -> list[str]:
	"""Remove from `queue` and its registries the jobs of sites that no longer exist on this bench (ids
	removed).

	A worker killed mid-job leaves its job in RQ's started registry; once the test run drops that site,
	the next worker's start-up clean-up calls the framework's failure callback for it, which cannot find
	the site and ends the worker (Frappe 15.92, truncate_failed_registry). Jobs of live sites are kept,
	so another run on the same bench is not disturbed."""
	from frappe.utils import get_sites
	from frappe.utils.background_jobs import get_queue
	from rq.job import Job
	from rq.registry import DeferredJobRegistry, FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry

	q = get_queue(queue)
	sites = set(get_sites())
	removed = []
	for registry in (
		StartedJobRegistry(queue=q),
		FailedJobRegistry(queue=q),
		DeferredJobRegistry(queue=q),
		ScheduledJobRegistry(queue=q),
		q,
	):
		job_ids = registry.job_ids if registry is q else registry.get_job_ids()
		for job_id in job_ids:
			job = Job.fetch(job_id, connection=q.connection) if Job.exists(job_id, q.connection) else None
			if job is not None and (job.kwargs or {}).get("site") in sites:
				continue
			if registry is q:
				q.remove(job_id)
			else:
				remove_from_registry(registry, job_id)
			if job is not None:
				job.delete(remove_from_queue=False)
			removed.append(job_id)
	return removed


def remove_from_registry(registry, job_id: str) -> None:
	"""`job_id` out of an RQ job registry. RQ 2 (Frappe 16) keeps a started job as one entry per execution
	(``job_id:execution_id``) and its started registry has no remove() by job any more."""
	try:
		registry.remove(job_id)
	except NotImplementedError:
		for entry in registry.connection.zrange(registry.key, 0, -1):
			if registry.parse_job_id(entry) == job_id:
				registry.connection.zrem(registry.key, entry)


def add_to_started_registry(registry, job, ttl: int) -> None:
	"""`job` into RQ's started registry as a worker killed mid-job leaves it (RQ 1: its id; RQ 2, Frappe
	16: an entry of one execution of it)."""
	try:
		registry.add(job, ttl=ttl)
	except NotImplementedError:
		import time

		registry.connection.zadd(registry.key, {f"{job.id}:crm-plus-test": time.time() + ttl})


class RQWorker:
	"""`frappe worker --queue <queue>` as a subprocess; use as a context manager."""

	def __init__(self, queue: str = "long", name: str = "worker"):
		self.queue = queue
		self.name = name
		self.proc: subprocess.Popen | None = None
		self.log_path = os.path.join(artifacts_dir(), f"rq-{name}-{os.getpid()}-{time.time_ns()}.log")

	def __enter__(self) -> "RQWorker":
		return self.start()

	def __exit__(self, *exc) -> None:
		self.stop()

	def start(self, timeout: float = 120) -> "RQWorker":
		forget_jobs_of_dropped_sites(self.queue)
		env = dict(os.environ)
		# frappe's execute_job treats every job as a test when CI is set (no batch commits): a real worker
		env.pop("CI", None)
		with open(self.log_path, "wb") as log:
			self.proc = subprocess.Popen(
				[
					sys.executable,
					"-m",
					"frappe.utils.bench_helper",
					"frappe",
					"worker",
					"--queue",
					self.queue,
				],
				cwd=os.path.abspath(frappe.local.sites_path),
				stdout=log,
				stderr=subprocess.STDOUT,
				env=env,
			)
		deadline = time.monotonic() + timeout
		while not self.registered():
			if self.proc.poll() is not None or time.monotonic() > deadline:
				raise RuntimeError(f"the RQ worker did not start:\n{self.log()[-3000:]}")
			time.sleep(0.2)
		return self

	def registered(self) -> bool:
		"""RQ knows the worker (it registers before it takes jobs)."""
		from frappe.utils.background_jobs import get_redis_conn
		from rq import Worker

		return any(w.pid == self.proc.pid for w in Worker.all(connection=get_redis_conn()))

	def log(self) -> str:
		with open(self.log_path, encoding="utf-8", errors="replace") as f:
			return f.read()

	def horse(self):
		"""The work-horse running a job now (a child process of the worker), or None."""
		import psutil

		try:
			children = psutil.Process(self.proc.pid).children()
		except psutil.NoSuchProcess:
			return None
		return children[0] if children else None

	def kill_horse(self) -> int:
		"""SIGKILL the work-horse mid-job (as the out-of-memory killer would); its pid."""
		horse = wait_for(self.horse, timeout=30, message="a work-horse")
		os.kill(horse.pid, signal.SIGKILL)
		horse.wait(timeout=30)
		return horse.pid

	def kill(self) -> None:
		"""SIGKILL the work-horse and the worker (the machine lost power, the container was killed)."""
		horse = self.horse()
		if horse is not None:
			os.kill(horse.pid, signal.SIGKILL)
		self.proc.kill()
		self.proc.wait(timeout=30)
		if horse is not None:
			horse.wait(timeout=30)

	def stop(self) -> None:
		if self.proc is None or self.proc.poll() is not None:
			return
		horse = self.horse()
		if horse is not None:
			horse.kill()
		self.proc.terminate()
		try:
			self.proc.wait(timeout=30)
		except subprocess.TimeoutExpired:
			self.proc.kill()
			self.proc.wait(timeout=30)
