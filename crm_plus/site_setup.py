"""Take a fresh site past Frappe's setup wizard with defaults a Chinese sales team expects."""

import frappe
from frappe.utils import cint

# ERPNext's setup wizard also makes the company, its chart of accounts and the fiscal year
DEMO_COMPANY = ("华东贸易有限公司", "HDMY")


def complete_setup(
	language: str = "zh",
	country: str = "China",
	timezone: str = "Asia/Shanghai",
	currency: str = "CNY",
	company: tuple[str, str] = DEMO_COMPANY,
) -> bool:
	"""Complete the setup wizard once (Frappe's, and ERPNext's when it is installed); returns False if
	the site was already set up."""
	if cint(frappe.db.get_single_value("System Settings", "setup_complete")):
		return False

	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete
	from frappe.utils import now_datetime

	language_name = frappe.db.get_value("Language", language, "language_name") or "English"
	args = {
		# the wizard reads the language under both keys
		"language": language_name,
		"lang": language_name,
		"country": country,
		"timezone": timezone,
		"currency": currency,
	}
	if "erpnext" in frappe.get_installed_apps():
		year = now_datetime().year
		args.update(
			company_name=company[0],
			company_abbr=company[1],
			chart_of_accounts="Standard",
			fy_start_date=f"{year}-01-01",
			fy_end_date=f"{year}-12-31",
			setup_demo=0,
		)
	result = setup_complete(args)
	if isinstance(result, dict) and result.get("status") == "error":
		frappe.throw(result.get("fail") or "the setup wizard failed")
	frappe.db.set_default("currency", currency)
	return True


def make_workspace_default(user: str, language: str | None = None) -> None:
	"""Open the desk of `user` on the CRM Plus workspace (and in `language`, if given)."""
	values = {"default_workspace": "CRM Plus"}
	if language and frappe.db.exists("Language", language):
		values["language"] = language
	frappe.db.set_value("User", user, values, update_modified=False)
