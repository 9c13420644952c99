# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CPProductImage(Document):
	pass
