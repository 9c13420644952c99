"""What the checks of an import file make of each row (``RowResult``), and of the whole file."""

from dataclasses import dataclass, field

from frappe.utils import cstr

# row actions
CREATE, MERGE, MERGE_ROW, DECIDE, SKIP, ERROR = "create", "merge", "merge_row", "decide", "skip", "error"
# decisions a person takes on a close match
D_MERGE, D_CREATE, D_SKIP = "Merge", "Create New", "Skip"
# kinds of close match
SIMILAR_NAME, SAME_PHONE = "Similar Name", "Same Phone"
SIMILAR_NAME_FILE, SAME_PHONE_FILE = "Similar Name in File", "Same Phone in File"


@dataclass
class Candidate:
	kind: str
	similarity: float
	record: str | None = None  # an existing record ...
	title: str | None = None
	row_no: int | None = None  # ... or an earlier row of the file


@dataclass
class RowResult:
	row_no: int
	values: dict
	contact: dict
	key: str = ""  # normalised name (parties) / "customer|name" (contacts)
	errors: list[str] = field(default_factory=list)
	anomalies: list[str] = field(default_factory=list)
	notes: list[str] = field(default_factory=list)
	action: str = CREATE
	target: str | None = None  # existing record a merge goes into
	target_row: int | None = None  # earlier row a merge_row goes into
	duplicate: str | None = None  # how it was found a duplicate (for the report)
	candidate: Candidate | None = None
	decision: str | None = None
	# filled by the import
	record: str | None = None
	outcome: str | None = None

	@property
	def title(self) -> str:
		return cstr(
			self.values.get("customer_name")
			or self.values.get("supplier_name")
			or self.values.get("first_name")
		)


@dataclass
class Analysis:
	import_type: str
	user: str
	rows: list[RowResult]
	file_errors: list[str]
	unknown_headers: list[str]

	def count(self, predicate) -> int:
		return sum(1 for r in self.rows if predicate(r))

	@property
	def error_rows(self) -> list[RowResult]:
		return [r for r in self.rows if r.errors]

	def summary(self) -> dict:
		return {
			"total_rows": len(self.rows),
			"error_rows": self.count(lambda r: r.errors),
			"duplicate_rows": self.count(
				lambda r: not r.errors and r.action in (MERGE, MERGE_ROW) and r.duplicate
			),
			"close_match_rows": self.count(lambda r: not r.errors and r.candidate is not None),
			"anomaly_rows": self.count(lambda r: not r.errors and r.anomalies),
		}
