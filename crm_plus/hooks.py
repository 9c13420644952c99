app_name = "crm_plus"
app_title = "CRM Plus"
app_publisher = "crm_plus contributors"
app_description = "Customer and supplier management (客商管理) for sales teams on Frappe"
app_email = "dev@crm-plus.example"
app_license = "mit"

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

after_install = "crm_plus.install.after_install"
after_migrate = "crm_plus.install.after_migrate"
before_uninstall = "crm_plus.install.before_uninstall"

before_tests = "crm_plus.install.before_tests"

# Fixtures: records this app owns, exported and synced on install and migrate
# ------------------

fixtures = [
	{"dt": "Role", "filters": [["name", "like", "CP %"]]},
	{"dt": "Custom Field", "filters": [["module", "=", "CRM Plus"]]},
	# the price file approval workflow (crm_plus/pricing): Draft -> Pending Review -> Approved
	{"dt": "Workflow", "filters": [["name", "=", "CP Price File Approval"]]},
	{
		"dt": "Workflow State",
		"filters": [
			["name", "in", ["Draft", "Pending Review", "Rejected", "Approved", "Expired", "Superseded"]]
		],
	},
	{
		"dt": "Workflow Action Master",
		"filters": [["name", "in", ["Submit for Review", "Withdraw", "Approve", "Reject"]]],
	},
]

# Permissions: record-level rules, one module per subject (crm_plus/permissions/)
# ------------------

permission_query_conditions = {
	"CP Customer": "crm_plus.permissions.customer.customer_query_conditions",
	"Contact": "crm_plus.permissions.contact.contact_query_conditions",
	"Address": "crm_plus.permissions.contact.address_query_conditions",
	"File": "crm_plus.permissions.attachments.file_query_conditions",
	"CP Contract": "crm_plus.permissions.customer.child_query_conditions",
	"CP Price File": "crm_plus.permissions.price_file.price_file_query_conditions",
	"CP Price File Item": "crm_plus.permissions.price_file.price_file_item_query_conditions",
}

has_permission = {
	"CP Customer": "crm_plus.permissions.customer.customer_has_permission",
	"Contact": "crm_plus.permissions.contact.linked_has_permission",
	"Address": "crm_plus.permissions.contact.linked_has_permission",
	"CP Contract": "crm_plus.permissions.customer.child_has_permission",
	"CP Price File": "crm_plus.permissions.price_file.price_file_has_permission",
	"CP Price File Item": "crm_plus.permissions.price_file.price_file_item_has_permission",
}

# Whitelisted methods made permission-aware for crm_plus's record-level rules
override_whitelisted_methods = {
	"frappe.desk.listview.get_group_by_count": "crm_plus.overrides.listview.get_group_by_count",
	"frappe.client.get_count": "crm_plus.overrides.client.get_count",
	"frappe.desk.form.load.getdoc": "crm_plus.overrides.form_load.getdoc",
	"frappe.desk.form.load.get_docinfo": "crm_plus.overrides.form_load.get_docinfo",
	"frappe.desk.notifications.get_open_count": "crm_plus.overrides.notifications.get_open_count",
	"frappe.workflow.doctype.workflow.workflow.get_workflow_state_count": (
		"crm_plus.overrides.workflow.get_workflow_state_count"
	),
}

# Field-level read permissions in list queries, made watertight (crm_plus/overrides/db_query.py)
before_request = ["crm_plus.overrides.db_query.install"]
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
}

# Scheduled jobs
# ------------------

scheduler_events = {
	"daily": [
		# first mark what expired, then remind about what is about to
		"crm_plus.pricing.reminders.expire_price_files",
		"crm_plus.pricing.reminders.send_price_file_reminders",
	],
}

# Command-line
# ------------------
# bench commands live in crm_plus/commands/__init__.py (`commands` list)

# Automatically update python controller files with type annotations for this app.
export_python_type_annotations = True
