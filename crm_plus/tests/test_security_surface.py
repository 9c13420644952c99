"""The attack surface, generated: every whitelisted method that takes a DocType or a document, called over
real HTTP as the refused sales rep (README, "Security").

The methods are not listed by hand: every module of Frappe, of ERPNext when it is installed, and of
crm_plus is imported, and every whitelisted function whose parameters name a DocType or a document
(``doctype``, ``dt``, ``name``, ``docname``, ``doc``, ``reference_name`` ...) or that reads its
arguments from ``frappe.form_dict`` (``frappe.desk.reportview.get``), and ``run_doc_method``, is called
through the
site's web server (``/api/method/<path>``, so hooks' ``override_whitelisted_methods`` apply) with the
API key of rep A, once per target:

- rep B's customer, and rep B's customer's price file (records rep A may not see);
- rep A's own price file (a record rep A may see, whose cost and margin, permission level 1, rep A may
  not: "cost_price" is the field named wherever a method takes a field or fields);

with every argument generated from its parameter name (a superset is sent; the framework passes each
method only the arguments it takes), and every method that changes nothing a second time with its
``filters`` naming the target under every record key (``customer``, ``link_name``, ``parent`` ...), for
the search pickers that read their record out of the filters; a search query (a Link field's ``query``)
a third time through the desk's search (``search_link``), which hands it the filters as a dict. A call fails the test when its answer contains guarded data: the
names of the customers rep A may not see (B's, C's, the pool's) or their record names, the names of
their price files, their contacts, or the cost planted on every price line (777.77) — markers sent in the request
itself are not counted.

A method the test cannot call safely is in ALLOW_LIST with the reason; destructive methods are called
only against other reps' records (DESTRUCTIVE), where they must be refused. The test also fails when an
enumerated method is neither called nor allow-listed, when an allow-list entry names no method (of an
installed app) any more, and when a method appears that is not in the reviewed inventory
(``security_surface.txt``): a framework upgrade that adds an endpoint fails here until it is reviewed
(``bench --site S execute crm_plus.tests.test_security_surface.write_inventory`` rewrites the inventory
after the review).
"""

import importlib
import inspect
import json
import os
import pkgutil
from concurrent.futures import ThreadPoolExecutor

import frappe
import requests
from frappe.tests.utils import FrappeTestCase

from crm_plus.benchmarks.server import start_gunicorn, stop
from crm_plus.tests.factories import make_contact
from crm_plus.tests.price_file_world import COST, PriceFileWorld
from crm_plus.tests.server import _free_port, artifacts_dir
from crm_plus.tests.test_http_visibility import api_token

PREFIX = "QZSEC"
APPS = ("frappe", "erpnext", "crm_plus")
INVENTORY = os.path.join(os.path.dirname(__file__), "security_surface.txt")

# parameter names that take a DocType, a document name, or a document
DOCTYPE_PARAMS = {
	"doctype",
	"dt",
	"ref_doctype",
	"reference_doctype",
	"reference_type",
	"link_doctype",
	"document_type",
	"parent_doctype",
	"parenttype",
	"share_doctype",
	"doctype_name",
	"from_doctype",
	"source_doctype",
	"target_doctype",
	"party_type",
}
NAME_PARAMS = {
	"name",
	"docname",
	"dn",
	"reference_name",
	"link_name",
	"document_name",
	"share_name",
	"doc_name",
	"source_name",
	"party",
	"parent_name",
}
LIST_PARAMS = {"names", "docnames", "items", "docs_to_fetch"}
DOC_PARAMS = {"doc", "docs", "document", "source_doc", "target_doc"}
SURFACE_PARAMS = DOCTYPE_PARAMS | NAME_PARAMS | LIST_PARAMS | DOC_PARAMS
# keys a picker may read out of its `filters` (a search query's filters name the record the list is for:
# ERPNext 16's get_customer_primary_contact reads `customer`); besides `{"name": ...}` every method is
# also called with filters keyed by each of these, and by every name and DocType parameter above
FILTER_NAME_KEYS = NAME_PARAMS | {"customer", "supplier", "party_name", "parent", "lead", "prospect"}
FILTER_DOCTYPE_KEYS = DOCTYPE_PARAMS
# a search query (a Link field's `query`): the desk calls it through frappe.desk.search.search_link, which
# parses the filters into a dict first; every such method is called that way as well
QUERY_PARAMS = {"doctype", "txt", "searchfield", "start", "page_len", "filters"}
SEARCH_PATH = "frappe.desk.search.search_link"
# how a method is called: its filters naming the target by name, keyed by every record key, or, for a
# search query, through the desk's search with the keyed filters
BY_NAME, KEYED, AS_QUERY = "", " (filters keyed by every record parameter)", " (as a search query)"

# Methods never called, with the reason (reviewed). Everything else is called.
ALLOW_LIST: dict[str, str] = {}

# Methods that change or remove records: called only against other reps' records, where they must be
# refused (on the rep's own records they would break the world the other calls read).
DESTRUCTIVE: dict[str, str] = {
	"frappe.client.delete": "deletes the record",
	"frappe.client.cancel": "cancels the record",
	"frappe.client.rename_doc": "renames the record",
	"frappe.rename_doc": "renames the record",
	"frappe.model.rename_doc.update_document_title": "renames the record",
	"frappe.desk.reportview.delete_items": "deletes the records",
	"frappe.desk.form.save.cancel": "cancels the record",
	"frappe.desk.form.linked_with.cancel_all_linked_docs": "cancels the records",
	"frappe.client.bulk_update": "changes the records",
	"frappe.desk.doctype.bulk_update.bulk_update.submit_cancel_or_update_docs": "submits, cancels or changes the records",
	"frappe.model.workflow.bulk_workflow_approval": "moves the records through their workflow",
	"frappe.core.doctype.deleted_document.deleted_document.bulk_restore": "restores deleted records",
	"frappe.core.doctype.deleted_document.deleted_document.restore": "restores a deleted record",
	"frappe.website.doctype.web_form.web_form.delete": "deletes the record",
	"frappe.website.doctype.web_form.web_form.delete_multiple": "deletes the records",
	"frappe.desk.form.utils.remove_attach": "removes an attachment",
	"crm_plus.api.price_file.restore": "makes a new draft from an old version",
	"crm_plus.api.price_file.new_revision": "makes a new draft revision",
}


def installed_apps() -> list[str]:
	return [app for app in APPS if app in frappe.get_installed_apps()]


def import_every_module(app: str) -> None:
	package = importlib.import_module(app)
	for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
		parts = info.name.split(".")
		if any(
			p in ("tests", "patches", "commands", "demo", "benchmarks") or p.startswith("test_")
			for p in parts
		):
			continue
		try:
			importlib.import_module(info.name)
		except BaseException:  # a module that needs what this site lacks is no endpoint here
			continue


def whitelisted_surface() -> dict[str, inspect.Signature]:
	"""{method path: the signature of the function that answers it} for every whitelisted function of
	the installed apps whose parameters take a DocType or a document."""
	apps = installed_apps()
	for app in apps:
		import_every_module(app)
	overrides = frappe.get_hooks("override_whitelisted_methods") or {}
	surface = {}
	for fn in list(frappe.whitelisted):
		fn = inspect.unwrap(fn) if not hasattr(fn, "__qualname__") else fn
		module, qualname = getattr(fn, "__module__", ""), getattr(fn, "__qualname__", "")
		if not module or "." in qualname or module.split(".")[0] not in apps:
			continue  # methods of documents are reached through run_doc_method, which is enumerated
		if module.startswith("crm_plus.overrides"):
			continue  # the framework's path is the endpoint
		path = f"{module}.{qualname}"
		if path in overrides:
			fn = frappe.get_attr(overrides[path][-1])
		try:
			signature = inspect.signature(fn)
		except (TypeError, ValueError):
			continue
		params = signature.parameters
		reads_form_dict = (
			not params or any(p.kind == p.VAR_KEYWORD for p in params.values())
		) and "form_dict" in source_of(fn)
		if SURFACE_PARAMS & set(params) or reads_form_dict:
			surface[path] = signature
	# the framework's dispatcher runs a document's whitelisted method without being whitelisted itself
	surface["run_doc_method"] = inspect.signature(frappe.get_attr("frappe.handler.run_doc_method"))
	return surface


def source_of(fn) -> str:
	try:
		return inspect.getsource(inspect.unwrap(fn))
	except (OSError, TypeError):
		return ""


def write_inventory() -> None:
	"""Rewrite security_surface.txt with today's surface (after reviewing the new methods)."""
	known = read_inventory()
	for path in whitelisted_surface():
		known[path] = path.split(".")[0]
	with open(INVENTORY, "w") as f:
		f.write("# every whitelisted method the security surface test calls, reviewed (one per line)\n")
		f.writelines(f"{path}\n" for path in sorted(known))


def read_inventory() -> dict[str, str]:
	if not os.path.exists(INVENTORY):
		return {}
	with open(INVENTORY) as f:
		return {
			line.strip(): line.strip().split(".")[0]
			for line in f
			if line.strip() and not line.startswith("#")
		}


def remove_contacts(names: list[str]) -> None:
	for name in names:
		frappe.delete_doc("Contact", name, force=True, ignore_permissions=True)
	frappe.db.commit()  # they were committed for the web server, another process


class Target:
	def __init__(self, label, doctype, name, parent=None, parent_name=None, own=True):
		self.label, self.doctype, self.name = label, doctype, name
		self.parent, self.parent_name, self.own = parent, parent_name, own

	def keyed_filters(self) -> dict:
		"""Filters naming the target under every key a picker may read it from."""
		return {
			**{key: self.doctype for key in FILTER_DOCTYPE_KEYS},
			**{key: self.name for key in FILTER_NAME_KEYS},
		}

	def arguments(self, keyed_filters: bool = False) -> dict:
		doc = {"doctype": self.doctype, "name": self.name}
		if self.parent:
			doc.update({"parenttype": self.parent, "parent": self.parent_name, "parentfield": "lines"})
		args = {p: self.doctype for p in DOCTYPE_PARAMS}
		args.update({p: self.name for p in NAME_PARAMS})
		args.update({p: json.dumps([self.name]) for p in LIST_PARAMS})
		args.update({p: json.dumps(doc) for p in DOC_PARAMS})
		args["docs"] = json.dumps([doc])
		args.update(
			{
				"txt": PREFIX,
				"text": PREFIX,
				"search_text": PREFIX,
				"query_string": PREFIX,
				"tag": f"%{PREFIX.lower()}tag%",
				"tags": json.dumps([f"{PREFIX.lower()}tag"]),
				"filters": json.dumps(self.keyed_filters() if keyed_filters else {"name": self.name}),
				"page_length": 100,
				"limit": 100,
				"limit_page_length": 100,
				"ignore_user_permissions": 1,
				"as_dict": 1,
				"with_parent": 1,
				"linkinfo": json.dumps({"CP Price File": {"fieldname": ["customer"]}}),
				# run_doc_method: a method every document has, answering with the document in "docs"
				"method": "add_comment",
				"args": json.dumps({"comment_type": "Comment", "text": f"{PREFIX} probe"}),
			}
		)
		if self.own:  # the rep's own record: its fields above the rep's permission level, by name
			args.update(
				{
					"fieldname": "cost_price",
					"field": "cost_price",
					"fields": json.dumps(["name", "cost_price", "margin", "sum(cost_price * 1) as s"]),
					"filter_fields": json.dumps(["cost_price"]),
					"searchfield": "cost_price",
				}
			)
		if self.parent:
			args.update({"parent": self.parent, "parent_doctype": self.parent, "parenttype": self.parent})
		else:
			args.pop("parent", None)
		return args


class TestSecuritySurface(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.pw = pw = PriceFileWorld(PREFIX)
		w = pw.w
		tag = f"{PREFIX.lower()}tag"
		for doctype, name in (("CP Customer", w.cust_b), ("CP Price File", pw.b), ("CP Customer", w.cust_c)):
			frappe.get_doc(doctype, name).add_tag(tag)
			frappe.get_doc(doctype, name).add_comment("Comment", f"{PREFIX} note")
		cls.line = frappe.db.get_value("CP Price File Item", {"parent": pw.a, "cost_price": COST})
		# contacts of the customers rep A may not see, named so a picker's `txt` finds them
		cls.contacts = [
			make_contact(customer, f"{PREFIX} 隐藏联系人 {i}")
			for i, customer in enumerate((w.cust_b, w.cust_c, w.cust_pool))
		]
		cls.token = api_token(w.rep_a)
		frappe.db.commit()
		cls.addClassCleanup(pw.remove)
		cls.addClassCleanup(remove_contacts, cls.contacts)
		cls.secret = {
			**{
				frappe.db.get_value("CP Customer", c, "customer_name"): c
				for c in (w.cust_b, w.cust_c, w.cust_pool)
			},
			**{c: c for c in (w.cust_b, w.cust_c, w.cust_pool)},
			**{f: f for f in (pw.b, pw.c, pw.c2, pw.pool)},
			**{c: c for c in cls.contacts},
			f"{COST}": "cost",
		}
		cls.targets = [
			Target("another rep's customer", "CP Customer", w.cust_b, own=False),
			Target("another rep's price file", "CP Price File", pw.b, own=False),
			# the rep's own price file: readable, but not its cost and margin (permission level 1)
			Target("the cost of the own price file", "CP Price File", pw.a),
		]
		# gunicorn with a worker per core, as in production: ~1,000 calls in a few minutes
		port = _free_port()
		cls.server = start_gunicorn(port, 3, os.path.join(artifacts_dir(), f"surface-{port}.log"))
		cls.addClassCleanup(stop, cls.server)
		cls.base = f"http://127.0.0.1:{port}"
		cls.site = frappe.local.site

	@staticmethod
	def http_method(path: str) -> str:
		fn = frappe.get_attr(path) if "." in path else None
		allowed = frappe.allowed_http_methods_for_whitelisted_func.get(fn) or ["POST"]
		return "POST" if "POST" in allowed else "GET"

	def call(self, path: str, target: Target, method: str, mode: str = BY_NAME) -> str:
		"""One call over HTTP (in a worker thread: no frappe calls here); a description of the guarded
		data in its answer, or ""."""
		args = target.arguments(keyed_filters=mode != BY_NAME)
		endpoint = path
		if mode == AS_QUERY:
			endpoint, method = SEARCH_PATH, "POST"
			args.update({"query": path, "doctype": target.doctype, "searchfield": "name"})
		try:
			r = requests.request(
				method,
				f"{self.base}/api/method/{endpoint}",
				**({"data": args} if method == "POST" else {"params": args}),
				headers={
					"Authorization": self.token,
					"Accept": "application/json",
					"X-Frappe-Site-Name": self.site,
				},
				timeout=120,
			)
		except requests.RequestException as e:
			return f"<no answer: {e}>"
		body = r.text
		try:
			body += json.dumps(r.json(), ensure_ascii=False, default=str)
		except ValueError:
			pass
		sent = json.dumps(args, ensure_ascii=False) + json.dumps(args)
		found = [marker for marker in self.secret if marker not in sent and marker in body]
		return f"{path} on {target.label}{mode}: {found}" if found else ""

	def test_no_whitelisted_method_answers_with_guarded_data(self):
		surface = whitelisted_surface()
		self.assertGreater(len(surface), 50, "the enumeration found almost no methods: it is broken")
		plan = []
		for path in sorted(surface):
			if path in ALLOW_LIST:
				continue
			for target in self.targets:
				if path in DESTRUCTIVE and target.own:
					continue
				plan.append((path, target, self.http_method(path), BY_NAME))
				if path not in DESTRUCTIVE:  # a picker reading its record out of other filter keys
					plan.append((path, target, self.http_method(path), KEYED))
					if QUERY_PARAMS <= set(surface[path].parameters):
						plan.append((path, target, self.http_method(path), AS_QUERY))
		plan.sort(key=lambda p: p[0] in DESTRUCTIVE)  # destructive calls last
		with ThreadPoolExecutor(max_workers=4) as pool:
			safe = [p for p in plan if p[0] not in DESTRUCTIVE]
			leaks = list(pool.map(lambda p: self.call(*p), safe))
		leaks += [self.call(*p) for p in plan if p[0] in DESTRUCTIVE]
		called = {p[0] for p in plan}
		leaks = [leak for leak in leaks if leak]
		self.assertFalse(leaks, "guarded data in answers:\n" + "\n".join(leaks))
		untested = sorted(set(surface) - called - set(ALLOW_LIST))
		self.assertFalse(untested, f"methods neither called nor allow-listed: {untested}")

	def test_the_allow_list_and_the_inventory_are_current(self):
		surface = whitelisted_surface()
		apps = set(installed_apps())
		stale = [
			path
			for path in {**ALLOW_LIST, **DESTRUCTIVE}
			if path.split(".")[0] in apps and path not in surface
		]
		self.assertFalse(stale, f"allow-list entries that name no method any more: {stale}")
		known = read_inventory()
		new = sorted(set(surface) - set(known))
		self.assertFalse(
			new,
			"whitelisted methods nobody reviewed (review them, then run "
			f"crm_plus.tests.test_security_surface.write_inventory): {new}",
		)
