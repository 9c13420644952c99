"""Links to other Frappe apps that may or may not be installed beside crm_plus."""
