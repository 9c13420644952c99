"""Run the test site's real web server (werkzeug, as `bench serve`) for HTTP and browser tests.

Data a test wants the server to see must be committed first: the server is another process with
its own database connection.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

import frappe


def artifacts_dir() -> str:
	"""Where tests leave screenshots and logs: $CRM_PLUS_ARTIFACTS (set by the test command) or the
	site's private files."""
	path = os.environ.get("CRM_PLUS_ARTIFACTS") or frappe.get_site_path("private", "test-artifacts")
	os.makedirs(path, exist_ok=True)
	return path


def _free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


@contextmanager
def site_server(timeout: float = 90):
	"""Start `frappe --site <test site> serve` on a free port; yields its base URL."""
	port = _free_port()
	sites_path = os.path.abspath(frappe.local.sites_path)
	log_path = os.path.join(artifacts_dir(), f"server-{port}.log")
	with open(log_path, "wb") as log:
		proc = subprocess.Popen(
			[
				sys.executable,
				"-m",
				"frappe.utils.bench_helper",
				"frappe",
				"--site",
				frappe.local.site,
				"serve",
				"--port",
				str(port),
				"--noreload",
			],
			cwd=sites_path,
			stdout=log,
			stderr=subprocess.STDOUT,
		)
	base = f"http://127.0.0.1:{port}"
	try:
		deadline = time.monotonic() + timeout
		while True:
			try:
				with urllib.request.urlopen(f"{base}/api/method/ping", timeout=5) as r:
					if r.status == 200:
						break
			except OSError:
				pass
			if proc.poll() is not None or time.monotonic() > deadline:
				with open(log_path, encoding="utf-8", errors="replace") as f:
					raise RuntimeError(f"the site's web server did not start:\n{f.read()[-3000:]}")
			time.sleep(0.3)
		yield base
	finally:
		proc.terminate()
		try:
			proc.wait(timeout=10)
		except subprocess.TimeoutExpired:
			proc.kill()
