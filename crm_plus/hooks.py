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
]

# Permissions: record-level rules, one module per subject (crm_plus/permissions/)
# ------------------

permission_query_conditions = {
	"CP Customer": "crm_plus.permissions.customer.customer_query_conditions",
	"Contact": "crm_plus.permissions.contact.contact_query_conditions",
	"Address": "crm_plus.permissions.contact.address_query_conditions",
	"File": "crm_plus.permissions.attachments.file_query_conditions",
	"CP Contract": "crm_plus.permissions.customer.child_query_conditions",
	"CP Owner Change Log": "crm_plus.permissions.customer.child_query_conditions",
	"CP Pool Return Warning": "crm_plus.permissions.customer.child_query_conditions",
}

has_permission = {
	"CP Customer": "crm_plus.permissions.customer.customer_has_permission",
	"Contact": "crm_plus.permissions.contact.linked_has_permission",
	"Address": "crm_plus.permissions.contact.linked_has_permission",
	"CP Contract": "crm_plus.permissions.customer.child_has_permission",
	"CP Owner Change Log": "crm_plus.permissions.customer.child_has_permission",
	"CP Pool Return Warning": "crm_plus.permissions.customer.child_has_permission",
}

# Whitelisted methods made permission-aware for crm_plus's record-level rules
override_whitelisted_methods = {
	"frappe.desk.listview.get_group_by_count": "crm_plus.overrides.listview.get_group_by_count",
	"frappe.client.get_count": "crm_plus.overrides.client.get_count",
}

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
	# customers not followed up for N days back to the pool (off by default: CP Pool Settings)
	"daily_long": ["crm_plus.allocation.auto_return.run_daily"],
}

# Command-line
# ------------------
# bench commands live in crm_plus/commands/__init__.py (`commands` list)

# Automatically update python controller files with type annotations for this app.
export_python_type_annotations = True
