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
]

# Command-line
# ------------------
# bench commands live in crm_plus/commands/__init__.py (`commands` list)

# Automatically update python controller files with type annotations for this app.
export_python_type_annotations = True
