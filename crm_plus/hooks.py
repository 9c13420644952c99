app_name = "crm_plus"
app_title = "CRM Plus"
app_publisher = "crm_plus contributors"
app_description = "Customer and supplier management (客商管理) for sales teams on Frappe"
app_email = "dev@crm-plus.example"
app_license = "mit"

from crm_plus.permissions import registry as _registry

# Apps
# ------------------

add_to_apps_screen = [
	{
		"name": "crm_plus",
		"logo": "/assets/crm_plus/images/crm_plus.svg",
		"title": "CRM Plus",
		"route": "/app/crm-plus",
		"has_permission": "crm_plus.permissions.roles.has_app_permission",
	}
]

# Installation
# ------------

before_install = "crm_plus.install.ensure_workflow_masters"
before_migrate = "crm_plus.install.ensure_workflow_masters"
after_install = "crm_plus.install.after_install"
after_migrate = "crm_plus.install.after_migrate"
before_uninstall = "crm_plus.install.before_uninstall"
after_uninstall = "crm_plus.install.after_uninstall"

before_tests = "crm_plus.install.before_tests"

# Fixtures: records this app owns, exported and synced on install and migrate
# ------------------

fixtures = [
	{"dt": "Role", "filters": [["name", "like", "CP %"]]},
	{"dt": "Custom Field", "filters": [["module", "=", "CRM Plus"]]},
	# the order review workflow (crm_plus/orders) and the price file approval workflow (crm_plus/pricing);
	# their states and actions are made before the fixtures sync, only where missing (crm_plus/install.py)
	{"dt": "Workflow", "filters": [["name", "in", ["CP Order Workflow", "CP Price File Approval"]]]},
]

# Permissions: record-level rules, one module per subject (crm_plus/permissions/); which DocTypes
# each rule covers is data in crm_plus/permissions/registry.py
# ------------------

_P = "crm_plus.permissions"

permission_query_conditions = {
	"CP Customer": f"{_P}.customer.customer_query_conditions",
	"Contact": f"{_P}.contact.contact_query_conditions",
	"Address": f"{_P}.contact.address_query_conditions",
	"File": f"{_P}.attachments.file_query_conditions",
	"CP Case Study": f"{_P}.library.case_study_query_conditions",
	"CP Follow Up": f"{_P}.follow_up.follow_up_query_conditions",
	"CP Price File": f"{_P}.price_file.price_file_query_conditions",
	"CP Price File Item": f"{_P}.price_file.price_file_item_query_conditions",
	"CP Messaging Robot": f"{_P}.messaging.robot_query_conditions",
	"CP Robot Message": f"{_P}.messaging.message_query_conditions",
	# a customer's records (orders, contracts, complaints ...): visible exactly when the customer is
	**{dt: f"{_P}.customer.child_query_conditions" for dt in _registry.CUSTOMER_CHILDREN},
	# child rows listed on their own (no has_permission: the framework judges a row by its parent)
	**{dt: f"{_P}.child_rows_query_conditions" for dt in _registry.CHILD_ROWS},
	# framework records about a record (versions, comments, shares, tags ...): they follow that record
	**{dt: f"{_P}.references.reference_query_conditions" for dt in _registry.REFERENCE_FIELDS},
}

has_permission = {
	"CP Customer": f"{_P}.customer.customer_has_permission",
	"Contact": f"{_P}.contact.linked_has_permission",
	"Address": f"{_P}.contact.linked_has_permission",
	"CP Case Study": f"{_P}.library.case_study_has_permission",
	"CP Follow Up": f"{_P}.follow_up.follow_up_has_permission",
	"CP Price File": f"{_P}.price_file.price_file_has_permission",
	"CP Price File Item": f"{_P}.price_file.price_file_item_has_permission",
	"CP Messaging Robot": f"{_P}.messaging.robot_has_permission",
	"CP Robot Message": f"{_P}.messaging.message_has_permission",
	**{dt: f"{_P}.customer.child_has_permission" for dt in _registry.CUSTOMER_CHILDREN},
	**{
		dt: f"{_P}.references.reference_has_permission"
		for dt in _registry.REFERENCE_FIELDS
		if dt not in _registry.REFERENCE_LIST_ONLY
	},
}

# Whitelisted methods made permission-aware for crm_plus's record-level rules
override_whitelisted_methods = {
	# a rep's customer list: the page found through the rep's own index (crm_plus/overrides/reportview.py)
	"frappe.desk.reportview.get": "crm_plus.overrides.reportview.get",
	"frappe.desk.listview.get_group_by_count": "crm_plus.overrides.listview.get_group_by_count",
	"frappe.client.get_count": "crm_plus.overrides.client.get_count",
	"frappe.desk.form.load.getdoc": "crm_plus.overrides.form_load.getdoc",
	"frappe.desk.form.load.get_docinfo": "crm_plus.overrides.form_load.get_docinfo",
	"frappe.desk.notifications.get_open_count": "crm_plus.overrides.notifications.get_open_count",
	"frappe.desk.doctype.dashboard_chart.dashboard_chart.get": "crm_plus.overrides.dashboard_chart.get",
	"frappe.workflow.doctype.workflow.workflow.get_workflow_state_count": (
		"crm_plus.overrides.workflow.get_workflow_state_count"
	),
	"frappe.desk.search.search_link": "crm_plus.overrides.search.search_link",
	"frappe.desk.search.search_widget": "crm_plus.overrides.search.search_widget",
	"frappe.desk.search.get_link_title": "crm_plus.overrides.search.get_link_title",
	"frappe.utils.global_search.search": "crm_plus.overrides.discovery.search",
	"frappe.desk.doctype.tag.tag.get_tagged_docs": "crm_plus.overrides.discovery.get_tagged_docs",
	# ERPNext 16's Customer form (ERPNext 15 has no such method: crm_plus.overrides.NOT_EVERYWHERE)
	"erpnext.selling.doctype.customer.customer.get_customer_primary_contact": (
		"crm_plus.overrides.customer_contacts.get_customer_primary_contact"
	),
	# ERPNext's Shipment form (ERPNext 15 and 16; a bare Frappe site has no such method)
	"erpnext.stock.doctype.shipment.shipment.get_contact_name": (
		"crm_plus.overrides.default_contact.get_contact_name"
	),
}

# Desk: Export Word / Export Excel on every crm_plus list and form (crm_plus/exports/)
# ------------------

# page_words.js: on crm_plus's pages, the framework's strings take crm_plus's page-scoped translations
# (crm_plus/utils/page_words.py, README "The words on crm_plus's pages")
# compat.js: the desk's side of crm_plus/compat.py (README "Frappe v16")
app_include_js = [
	"/assets/crm_plus/js/crm_plus.js",
	"/assets/crm_plus/js/page_words.js",
	"/assets/crm_plus/js/compat.js",
]
# crm_plus's pages on a phone (390 px wide): scoped to crm_plus's routes and elements
app_include_css = "/assets/crm_plus/css/crm_plus_phone.css"
boot_session = ["crm_plus.exports.boot_session", "crm_plus.utils.page_words.boot_session"]

# print formats: {{ amount | rmb_upper }} writes an amount in Chinese capitals (人民币大写)
jinja = {"filters": ["crm_plus.utils.money.rmb_upper"]}
# Field-level read permissions in list queries, made watertight (crm_plus/overrides/db_query.py)
# Documents in JSON answers without fields above the caller's permission level (crm_plus/overrides/response.py)
before_request = ["crm_plus.overrides.db_query.install", "crm_plus.overrides.response.install"]
before_job = ["crm_plus.overrides.db_query.install"]

# Document events
# ------------------

doc_events = {
	"DocShare": {
		"after_insert": "crm_plus.sharing.on_docshare_change",
		"on_update": "crm_plus.sharing.on_docshare_change",
		"after_delete": "crm_plus.sharing.on_docshare_change",
	},
	"Contact": {
		"validate": "crm_plus.contacts.validate_contact",
	},
	# the sales rollup (crm_plus.rollup): writes that change an owner's figures make them live until rebuilt
	"CP Order": {
		"on_update": "crm_plus.rollup.marks.on_party_record_change",
		"on_trash": "crm_plus.rollup.marks.on_party_record_change",
	},
	"CP Follow Up": {
		"on_update": "crm_plus.rollup.marks.on_party_record_change",
		"on_trash": "crm_plus.rollup.marks.on_party_record_change",
	},
	"CP Churn Alert": {
		"on_update": "crm_plus.rollup.marks.on_party_record_change",
		"on_trash": "crm_plus.rollup.marks.on_party_record_change",
	},
	"Sales Invoice": {
		"on_submit": "crm_plus.rollup.marks.on_erpnext_sale",
		"on_cancel": "crm_plus.rollup.marks.on_erpnext_sale",
	},
	"Sales Order": {
		"on_submit": "crm_plus.rollup.marks.on_erpnext_sale",
		"on_cancel": "crm_plus.rollup.marks.on_erpnext_sale",
	},
	"CP ERPNext Settings": {
		"on_update": "crm_plus.rollup.marks.on_source_change",
	},
	# renamed masters and users are rewritten into customers, follow-ups and grade history by plain
	# UPDATEs: every owner's rows are rebuilt
	**{
		doctype: {"after_rename": "crm_plus.rollup.marks.on_rename"}
		for doctype in (
			"CP Industry",
			"CP Region",
			"CP Customer Grade",
			"CP Customer Source",
			"CP Customer Category",
			"User",
		)
	},
}

# Scheduled jobs
# ------------------

scheduler_events = {
	"cron": {
		# reminders of due and overdue follow-ups, before the working day starts
		"0 7 * * *": ["crm_plus.follow_ups.send_due_reminders"],
		# background jobs whose worker died: ended as Died, the user who started them told
		"*/2 * * * *": ["crm_plus.utils.jobs.reaper.reap"],
		# robot messages whose job never ran or whose worker died: queued again
		"*/10 * * * *": ["crm_plus.messaging.send.requeue_stale"],
		# the sales rollup's owners whose figures changed: rebuilt (crm_plus.rollup)
		"*/5 * * * *": ["crm_plus.rollup.build.refresh_stale"],
	},
	"daily": [
		"crm_plus.suppliers.rating.daily",
		"crm_plus.contracts.mark_expired_contracts",
		# price files: first mark what expired, then remind about what is about to
		"crm_plus.pricing.reminders.expire_price_files",
		"crm_plus.pricing.reminders.send_price_file_reminders",
	],
	# long queue: re-grade every customer, then scan them for churn (a grade drop the scan runs before
	# is caught the next day: the rule looks back N days)
	"daily_long": [
		"crm_plus.grading.run.daily",
		"crm_plus.churn.run.daily",
		# customers not followed up for N days back to the pool (off by default: CP Pool Settings)
		"crm_plus.allocation.auto_return.run_daily",
		# the sales rollup, every owner (whatever wrote around the marks)
		"crm_plus.rollup.build.refresh_all",
	],
}

# The framework's log clean-up (Log Settings): robot messages that ended, after 30 days
default_log_clearing_doctypes = {"CP Robot Message": 30}

# Command-line
# ------------------
# bench commands live in crm_plus/commands/__init__.py (`commands` list)

# Automatically update python controller files with type annotations for this app.
export_python_type_annotations = True

# Every whitelisted method of crm_plus declares its argument types (checked by the framework from v16)
require_type_annotated_api_methods = True
