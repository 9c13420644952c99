"""The import report (.xlsx): one line per problem or notice of a row - errors, duplicates, close
matches, anomalies, values kept on merge - with what became of the row; a summary sheet first."""

import io

from frappe import _
from openpyxl import Workbook
from openpyxl.styles import Font

from crm_plus.imports.rows import Analysis

ERROR_KIND, DUPLICATE_KIND, CLOSE_KIND, ANOMALY_KIND, NOTE_KIND = (
	"Error",
	"Duplicate",
	"Close Match",
	"Anomaly",
	"Note",
)
OUTCOME_BEFORE_IMPORT = {
	"create": "Will Be Created",
	"merge": "Will Be Merged",
	"merge_row": "Will Be Merged",
	"decide": "Awaiting Decision",
	"skip": "Will Be Skipped",
	"error": "Not Imported",
}


def report_lines(analysis: Analysis) -> list[list]:
	"""[row, name, outcome, kind, message, record] for every row with something to say."""
	lines = []
	for row in analysis.rows:
		outcome = _(row.outcome) if row.outcome else _(OUTCOME_BEFORE_IMPORT[row.action])
		record = row.record or row.target or ""
		base = [row.row_no, row.title, outcome]
		for message in row.errors:
			lines.append([*base, _(ERROR_KIND), message, record])
		if row.duplicate and not row.errors:
			lines.append([*base, _(DUPLICATE_KIND), row.duplicate, record])
		if row.candidate and not row.errors:
			c = row.candidate
			where = c.record or _("row {0}").format(c.row_no)
			decision = _(row.decision) if row.decision else _("not decided")
			lines.append(
				[
					*base,
					_(CLOSE_KIND),
					_("{0}: {1} ({2}), similarity {3}%; decision: {4}").format(
						_(c.kind), c.title, where, round(c.similarity * 100), decision
					),
					record,
				]
			)
		if not row.errors:
			for message in row.anomalies:
				lines.append([*base, _(ANOMALY_KIND), message, record])
			for message in row.notes:
				lines.append([*base, _(NOTE_KIND), message, record])
	return lines


def build_report(analysis: Analysis, summary: dict) -> bytes:
	workbook = Workbook()
	sheet = workbook.active
	sheet.title = _("Summary")[:31]
	bold = Font(bold=True)
	labels = {
		"total_rows": _("Total Rows"),
		"error_rows": _("Rows with Errors"),
		"duplicate_rows": _("Duplicates"),
		"close_match_rows": _("Close Matches"),
		"anomaly_rows": _("Anomalies"),
		"created_count": _("Created"),
		"merged_count": _("Merged"),
		"skipped_count": _("Skipped"),
	}
	sheet.append([_("Import Type"), _(analysis.import_type)])
	for key, label in labels.items():
		if key in summary:
			sheet.append([label, summary[key]])
	for message in analysis.file_errors:
		sheet.append([_("Error"), message])
	if analysis.unknown_headers:
		sheet.append([_("Columns Not Recognised"), "、".join(analysis.unknown_headers)])
	sheet.column_dimensions["A"].width = 22
	sheet.column_dimensions["B"].width = 60
	for cell in sheet["A"]:
		cell.font = bold

	rows = workbook.create_sheet(_("Rows")[:31])
	rows.append([_("Row"), _("Name"), _("Outcome"), _("Issue"), _("Details"), _("Record")])
	for cell in rows[1]:
		cell.font = bold
	for line in report_lines(analysis):
		rows.append(line)
	for column, width in zip("ABCDEF", (8, 36, 14, 12, 90, 16), strict=True):
		rows.column_dimensions[column].width = width
	rows.freeze_panes = "A2"
	out = io.BytesIO()
	workbook.save(out)
	return out.getvalue()
