"""The benchmark's web server: gunicorn on loopback as `bench setup production` runs it (sync workers,
preloaded app), started for a run and stopped after it."""

import os
import socket
import subprocess
import sys
import time

import frappe


def _free(port: int) -> bool:
	with socket.socket() as s:
		return s.connect_ex(("127.0.0.1", port)) != 0


def start_gunicorn(port: int, workers: int, log_path: str) -> subprocess.Popen:
	"""gunicorn as the production Procfile / supervisor config runs it (sync workers, preloaded app)."""
	if not _free(port):
		raise RuntimeError(f"port {port} is in use: pass --arg port=...")
	with open(log_path, "wb") as log:
		proc = subprocess.Popen(
			[
				sys.executable,
				"-m",
				"gunicorn",
				"-b",
				f"127.0.0.1:{port}",
				"-w",
				str(workers),
				"-t",
				"120",
				"--graceful-timeout",
				"30",
				"--preload",
				"frappe.app:application",
			],
			cwd=os.path.abspath(frappe.local.sites_path),
			stdout=log,
			stderr=subprocess.STDOUT,
		)
	import requests

	deadline = time.monotonic() + 120
	while True:
		try:
			r = requests.get(
				f"http://127.0.0.1:{port}/api/method/ping",
				headers={"X-Frappe-Site-Name": frappe.local.site},
				timeout=5,
			)
			if r.status_code == 200:
				return proc
		except requests.RequestException:
			pass
		if proc.poll() is not None or time.monotonic() > deadline:
			stop(proc)
			with open(log_path, encoding="utf-8", errors="replace") as f:
				raise RuntimeError(f"gunicorn did not start:\n{f.read()[-3000:]}")
		time.sleep(0.5)


def stop(proc: subprocess.Popen) -> None:
	if proc.poll() is None:
		proc.terminate()
		try:
			proc.wait(timeout=30)
		except subprocess.TimeoutExpired:
			proc.kill()
