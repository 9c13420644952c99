# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from crm_plus.exceptions import ERPNextNotInstalledError
from crm_plus.integrations.erpnext import erpnext_installed
from crm_plus.orders.source import CRM_ORDERS


class CPERPNextSettings(Document):
	def validate(self):
		self.refuse_erpnext_options_without_erpnext()
		self.validate_price_list()

	def on_update(self):
		if self.has_value_changed("order_source"):
			self.index_the_source()

	def index_the_source(self):
		"""ERPNext's documents as the sales source: the covering index they are read through."""
		from crm_plus.integrations.erpnext.indexes import enqueue_ensure
		from crm_plus.orders.source import parts

		_crm, doctype = parts(self.order_source)
		if doctype:
			enqueue_ensure(doctype)

	def refuse_erpnext_options_without_erpnext(self):
		if erpnext_installed():
			return
		wanted = [
			label
			for label, on in (
				(_("Orders Come From"), self.order_source != CRM_ORDERS),
				(_("Keep the ERPNext Account Manager in Step"), self.sync_account_manager),
				(_("On-time Rate from ERPNext Purchases"), self.supplier_on_time_from_erpnext),
			)
			if on
		]
		if wanted:
			frappe.throw(
				_(
					"ERPNext is not installed on this site, so these settings can only use crm_plus's own data: {0}."
				).format(", ".join(frappe.bold(w) for w in wanted)),
				ERPNextNotInstalledError,
				title=_("ERPNext Not Installed"),
			)

	def validate_price_list(self):
		if not (erpnext_installed() and self.publish_prices):
			return
		self.price_list = (self.price_list or "").strip()
		if not self.price_list or not frappe.db.get_value("Price List", self.price_list, "selling"):
			frappe.throw(
				_("{0} is not a selling price list of ERPNext.").format(frappe.bold(self.price_list or "-")),
				title=_("Unknown Price List"),
			)
