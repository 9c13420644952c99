# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt
"""One message to a messaging robot and each attempt to post it: written only by crm_plus.messaging (queued
in the transaction that notified, then by the sending job); read-only for everyone. Readable by whoever
may read its robot (crm_plus.permissions.messaging)."""

from frappe.model.document import Document


class CPRobotMessage(Document):
	# begin: auto-generated types
	# end: auto-generated types
	pass
