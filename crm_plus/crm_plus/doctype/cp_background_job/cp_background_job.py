# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt
"""One long background job of CRM Plus: written only by crm_plus.utils.jobs (around the job, by the worker
and by the reaper that finds jobs whose worker died); read-only for everyone. The user who started a job
sees it (DocPerm if_owner), CRM administrators and System Managers see all."""

from frappe.model.document import Document


class CPBackgroundJob(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		active_key: DF.Data | None
		arguments: DF.Code | None
		error: DF.Code | None
		finished_on: DF.Datetime | None
		heartbeat: DF.Datetime | None
		job_id: DF.Data | None
		method: DF.Data | None
		on_failure: DF.Data | None
		progress: DF.Percent
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		result: DF.Code | None
		started_on: DF.Datetime | None
		status: DF.Literal["Queued", "Running", "Finished", "Failed", "Died"]
		title: DF.Data | None
		user: DF.Link | None
		worker: DF.Data | None
	# end: auto-generated types
	pass
