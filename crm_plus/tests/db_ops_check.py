"""MariaDB restarted while a job runs, and reads from a read replica — against MariaDB servers of its own.

Not part of `run-tests --app crm_plus` (its name does not start with test_): it needs a site whose
database lives on a primary server the test may restart, with a second server replicating it.
scripts/check-db-ops.sh makes both servers and the site, then runs

    bench --site S run-tests --module crm_plus.tests.db_ops_check

with CRM_PLUS_DB_RESTART set to a command that restarts the primary (and waits until it answers), and
the site configured with read_from_replica / replica_host / replica_db_port.
"""

import json
import os
import subprocess

import frappe
import pymysql
from frappe.tests.utils import FrappeTestCase
from frappe.utils import nowdate

from crm_plus.allocation import SELECT_ALLOCATE
from crm_plus.allocation import jobs as allocation_jobs
from crm_plus.allocation.move import MoveRequest
from crm_plus.allocation.selection import Selection
from crm_plus.benchmarks.server import start_gunicorn, stop
from crm_plus.permissions import roles
from crm_plus.tests.factories import make_team, make_user
from crm_plus.tests.server import _free_port, artifacts_dir
from crm_plus.tests.workers import RQWorker, fresh, wait_for
from crm_plus.utils.bulk import insert_rows
from crm_plus.utils.jobs import faults
from crm_plus.utils.jobs.record import FAILED, FINISHED, JOB, live, recover_connection

P = "DBOPS"
MOVE = "crm_plus.allocation.jobs.run_move_job"


def restart_primary() -> None:
	command = os.environ.get("CRM_PLUS_DB_RESTART")
	if not command:
		raise RuntimeError("CRM_PLUS_DB_RESTART is not set: run scripts/check-db-ops.sh")
	subprocess.run(command, shell=True, check=True, timeout=300)
	recover_connection()  # this test's own connection went with the old server


class TestDatabaseRestart(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.manager = make_user(f"{P.lower()}-mgr@crm-plus.test", [roles.SALES_MANAGER])
		cls.rep = make_user(f"{P.lower()}-rep@crm-plus.test", [roles.SALES_REP])
		frappe.db.set_value("User", cls.manager, "language", "zh")
		make_team(f"{P} Team", cls.manager, [cls.rep])
		cls.pool = [f"{P}-{i:04d}" for i in range(1, 301)]
		insert_rows(
			"CP Customer",
			["name", "customer_name", "normalized_name", "status"],
			((n, f"{n} 重启测试有限公司", f"{n.lower()}重启测试", "Active") for n in cls.pool),
		)
		frappe.db.commit()

	def tearDown(self):
		faults.release(MOVE)
		frappe.set_user("Administrator")

	def start_move(self) -> str:
		frappe.set_user(self.manager)
		frappe.local.lang = "zh"
		request = MoveRequest(SELECT_ALLOCATE, Selection(customers=self.pool), to_owner=self.rep)
		self.assertTrue(allocation_jobs.enqueue_move(request, batch_size=50))
		frappe.set_user("Administrator")
		frappe.db.commit()
		return frappe.get_all(JOB, {"method": MOVE}, pluck="name", order_by="creation desc", limit=1)[0]

	def test_a_job_fails_cleanly_when_the_database_restarts_and_runs_again(self):
		with RQWorker(name="dbops"):
			faults.hold(MOVE, 30)  # two of six batches committed
			job = self.start_move()
			wait_for(lambda: live(job).get("held"), 120, "the move to reach its hold point")
			restart_primary()
			faults.release(MOVE)  # the job goes on, on a connection the restart broke
			wait_for(lambda: frappe.db.get_value(JOB, job, "status") == FAILED, 120, "the job to fail")
			error = frappe.db.get_value(JOB, job, "error")
			self.assertRegex(error, r"Lost connection|gone away|2013|2006|InterfaceError")
			moved = frappe.db.count("CP Customer", {"name": ("in", self.pool), "sales_owner": self.rep})
			self.assertEqual(moved, 100, "the two batches committed before the restart, nothing after")
			self.assertEqual(frappe.db.count("CP Owner Change Log", {"customer": ("in", self.pool)}), 100)
			told = frappe.get_all("Notification Log", {"for_user": self.manager}, pluck="subject")
			self.assertTrue(any("失败" in t for t in told), told)  # "failed", in the user's language

			again = self.start_move()
			wait_for(lambda: frappe.db.get_value(JOB, again, "status") == FINISHED, 120, "the re-run")
		self.assertEqual(
			frappe.db.count("CP Customer", {"name": ("in", self.pool), "sales_owner": self.rep}), 300
		)
		self.assertEqual(frappe.db.count("CP Owner Change Log", {"customer": ("in", self.pool)}), 300)

	def test_the_desk_answers_after_a_restart_without_restarting_the_web_server(self):
		import requests

		port = _free_port()
		server = start_gunicorn(port, 2, os.path.join(artifacts_dir(), f"gunicorn-dbops-{port}.log"))
		try:
			s = requests.Session()
			s.headers["X-Frappe-Site-Name"] = frappe.local.site
			base = f"http://127.0.0.1:{port}"
			password = frappe.conf.admin_password or "admin"
			self.assertEqual(
				s.post(
					f"{base}/api/method/login", data={"usr": "Administrator", "pwd": password}
				).status_code,
				200,
			)

			def count():
				return s.get(
					f"{base}/api/method/frappe.client.get_count",
					params={"doctype": "CP Customer"},
					timeout=60,
				)

			self.assertEqual(count().status_code, 200)
			restart_primary()
			r = count()
			self.assertEqual(r.status_code, 200, r.text[:500])  # the same gunicorn, the same session
			self.assertGreaterEqual(r.json()["message"], 300)
		finally:
			stop(server)


class TestReadReplica(FrappeTestCase):
	"""Reports read from the replica when the site has one: a row only the replica holds shows up in them."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		conf = frappe.conf
		if not (conf.read_from_replica and conf.replica_host):
			raise RuntimeError("the site has no read replica configured: run scripts/check-db-ops.sh")
		cls.replica = pymysql.connect(
			host=conf.replica_host,
			port=int(conf.replica_db_port or 3306),
			user=conf.root_login,
			password=conf.root_password,
			database=conf.db_name,
			autocommit=True,
		)
		cls.customer = f"{P}-R-0001"
		insert_rows(
			"CP Customer",
			["name", "customer_name", "normalized_name", "status"],
			[(cls.customer, f"{P} 副本测试有限公司", f"{P.lower()}副本测试", "Active")],
		)
		frappe.db.commit()
		wait_for(
			lambda: cls.on_replica("select count(*) from `tabCP Customer` where name=%s", cls.customer), 60
		)

	@classmethod
	def on_replica(cls, sql: str, *values):
		with cls.replica.cursor() as cur:
			cur.execute(sql, values)
			return cur.fetchone()[0] if cur.description else None

	def setUp(self):
		self.on_replica("delete from `tabCP Order` where name like %s", f"{P}-ONLY-REPLICA%")

	@classmethod
	def tearDownClass(cls):
		cls.on_replica("delete from `tabCP Order` where name like %s", f"{P}-ONLY-REPLICA%")
		cls.replica.close()
		frappe.db.delete("CP Customer", {"name": cls.customer})
		frappe.db.commit()
		super().tearDownClass()

	def sales_this_month(self, via_desk: bool = True) -> float:
		"""This month's order amount in CP Sales Trend, through the desk's query_report.run (which the
		framework reads from the replica) or the report's own execute (which crm_plus does)."""
		from frappe.desk.query_report import run

		from crm_plus.crm_plus.report.cp_sales_trend.cp_sales_trend import execute

		fresh()
		# each report request starts without a replica connection (frappe.read_only connects once per
		# request: in one process, a second call would stay on the primary)
		for attr in ("replica_db", "primary_db"):
			if hasattr(frappe.local, attr):
				delattr(frappe.local, attr)
		today = nowdate()
		filters = {"period": "Month", "from_date": today, "to_date": today}
		rows = run("CP Sales Trend", filters=filters)["result"] if via_desk else execute(filters)[1]
		return sum(row["amount"] for row in rows if isinstance(row, dict) and "amount" in row)

	def test_reports_read_the_replica_and_the_primary_without_one(self):
		before = self.sales_this_month()
		selects = self.on_replica(
			"select variable_value from information_schema.global_status where variable_name='COM_SELECT'"
		)
		self.on_replica(
			"insert into `tabCP Order` (name, customer, order_date, status, total_amount, creation, modified,"
			" owner, modified_by, docstatus) values (%s, %s, %s, 'Completed', 12345678, now(), now(),"
			" 'Administrator', 'Administrator', 0)",
			f"{P}-ONLY-REPLICA-1",
			self.customer,
			nowdate(),
		)
		self.assertEqual(self.sales_this_month() - before, 12345678, "the report read the replica")
		self.assertEqual(self.sales_this_month(via_desk=False) - before, 12345678, "so does its execute")
		after = self.on_replica(
			"select variable_value from information_schema.global_status where variable_name='COM_SELECT'"
		)
		self.assertGreater(int(after), int(selects))
		self.assertEqual(
			frappe.db.count("CP Order", {"name": f"{P}-ONLY-REPLICA-1"}), 0, "not on the primary"
		)

		frappe.local.conf.read_from_replica = 0
		try:
			self.assertEqual(self.sales_this_month(), before, "without a replica: the primary")
			self.assertEqual(self.sales_this_month(via_desk=False), before)
		finally:
			frappe.local.conf.read_from_replica = 1

	def test_a_list_export_reads_the_replica(self):
		from crm_plus.exports.jobs import build_from_replica
		from crm_plus.exports.query import ListExport

		self.on_replica(
			"insert into `tabCP Order` (name, customer, order_date, status, total_amount, creation, modified,"
			" owner, modified_by, docstatus) values (%s, %s, %s, 'Completed', 1, now(), now(),"
			" 'Administrator', 'Administrator', 0)",
			f"{P}-ONLY-REPLICA-2",
			self.customer,
			nowdate(),
		)
		export = ListExport.prepare(
			"CP Order", "xlsx", json.dumps([["CP Order", "customer", "=", self.customer]]), None, None, None
		)
		import io

		import openpyxl

		sheet = openpyxl.load_workbook(io.BytesIO(build_from_replica(export))).active
		self.assertIn(f"{P}-ONLY-REPLICA-2", {c.value for row in sheet.iter_rows() for c in row})

	def test_a_reps_list_page_reads_the_replica(self):
		"""The page of a rep with shared customers (crm_plus/overrides/reportview.py) finds its names where
		the framework then reads the rows: a customer of the rep only the replica holds is on it, first."""
		rep = make_user(f"{P.lower()}-list-rep@crm-plus.test", [roles.SALES_REP])
		frappe.set_user("Administrator")
		shared = frappe.get_doc(
			{
				"doctype": "CP Customer",
				"customer_name": f"{P} 共享列表客户有限公司",
				"shared_with": [{"user": rep}],
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
		wait_for(
			lambda: self.on_replica(
				"select count(*) from `tabDocShare` where share_name=%s and user=%s", shared.name, rep
			),
			60,
		)
		only = f"{P}-R-ONLY-REPLICA-LIST"
		self.on_replica(
			"insert into `tabCP Customer` (name, customer_name, normalized_name, status, sales_owner, creation,"
			" modified, owner, modified_by, docstatus) values (%s, %s, %s, 'Active', %s, now(),"
			" now() + interval 1 day, 'Administrator', 'Administrator', 0)",
			only,
			f"{P} 只在副本有限公司",
			f"{P.lower()}只在副本",
			rep,
		)
		get = frappe.get_attr(frappe.override_whitelisted_method("frappe.desk.reportview.get"))
		form = frappe._dict(
			doctype="CP Customer",
			fields=json.dumps(["`tabCP Customer`.`name`"]),
			order_by="`tabCP Customer`.`modified` desc",
			start=0,
			page_length=20,
		)
		try:
			for replica, expected in ((1, [only, shared.name]), (0, [shared.name])):
				frappe.local.conf.read_from_replica = replica
				fresh()
				for attr in ("replica_db", "primary_db"):  # a new request
					if hasattr(frappe.local, attr):
						delattr(frappe.local, attr)
				frappe.set_user(rep)
				frappe.local.form_dict = frappe._dict(form)
				with self.subTest(read_from_replica=replica):
					self.assertEqual([row[0] for row in get()["values"]], expected)
		finally:
			frappe.local.conf.read_from_replica = 1
			frappe.set_user("Administrator")
			self.on_replica("delete from `tabCP Customer` where name=%s", only)
			frappe.delete_doc("CP Customer", shared.name, force=True, ignore_permissions=True)
			frappe.db.commit()
