# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from crm_plus.exceptions import ImportNotPermitted
from crm_plus.imports.rights import may_import


class CPImport(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from crm_plus.crm_plus.doctype.cp_import_decision.cp_import_decision import CPImportDecision

		anomaly_rows: DF.Int
		close_match_rows: DF.Int
		created_count: DF.Int
		decisions: DF.Table[CPImportDecision]
		duplicate_rows: DF.Int
		error_rows: DF.Int
		import_file: DF.Attach | None
		import_type: DF.Literal["Customer", "Contact", "Supplier"]
		imported_on: DF.Datetime | None
		merged_count: DF.Int
		message: DF.SmallText | None
		report_file: DF.Attach | None
		similarity_threshold: DF.Percent
		skip_bad_rows: DF.Check
		skipped_count: DF.Int
		status: DF.Literal["Draft", "Queued", "Validating", "Validated", "Importing", "Completed", "Failed"]
		total_rows: DF.Int
		validated_on: DF.Datetime | None

	# end: auto-generated types
	def validate(self):
		self.check_import_type_right()
		self.check_threshold()
		self.check_file_access()
		self.reset_on_new_file()

	def check_file_access(self):
		"""The file to import must be one the user may read (not another user's private file by URL)."""
		if self.flags.from_job or not self.import_file:
			return
		if self.is_new() or self.has_value_changed("import_file"):
			from crm_plus.imports.reader import readable_file

			readable_file(self.import_file)

	def check_import_type_right(self):
		"""Suppliers need CP Purchasing (or an administrator); customers and contacts the sales roles."""
		if not may_import(self.import_type, frappe.session.user):
			frappe.throw(
				_("You may not import {0}.").format(_(self.import_type)),
				ImportNotPermitted,
				title=_("Not Permitted"),
			)

	def check_threshold(self):
		if not 50 <= (self.similarity_threshold or 0) <= 100:
			frappe.throw(_("The close match threshold must be between 50% and 100%."))

	def reset_on_new_file(self):
		"""Another file or type makes the earlier validation meaningless; a completed import stays as it was."""
		if self.flags.from_job or self.is_new():
			return
		if not (self.has_value_changed("import_file") or self.has_value_changed("import_type")):
			return
		if self.get_doc_before_save().status == "Completed":
			frappe.throw(_("This import is completed; start a new import for another file."))
		self.status = "Draft"
		self.set("decisions", [])
		for field in ("total_rows", "error_rows", "duplicate_rows", "close_match_rows", "anomaly_rows"):
			self.set(field, 0)
		self.report_file = None
		self.message = None
