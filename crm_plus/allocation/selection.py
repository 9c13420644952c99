"""Which customers a move is about: hand-picked names, or a rule over the customer's fields."""

from dataclasses import dataclass, field

import frappe
from frappe import _
from pypika.terms import Criterion

from crm_plus.exceptions import InvalidSelectionError

# rule filters that compare one customer field with one value
FIELD_FILTERS = ("customer_category", "customer_source", "region", "industry", "company_type", "grade")
# rule filters about the current owner
OWNER_FILTERS = ("from_owner", "only_unassigned")


@dataclass
class Selection:
	customers: list[str] | None = None  # hand-picked
	filters: dict = field(default_factory=dict)  # a rule: FIELD_FILTERS and OWNER_FILTERS

	@classmethod
	def parse(cls, customers=None, filters=None) -> "Selection":
		"""From endpoint arguments (JSON strings or lists/dicts)."""
		customers = frappe.parse_json(customers) if isinstance(customers, str) else customers
		filters = frappe.parse_json(filters) if isinstance(filters, str) else filters
		if customers is not None and not isinstance(customers, list):
			customers = [customers]
		filters = {k: v for k, v in (filters or {}).items() if v not in (None, "", 0, "0", False)}
		unknown = set(filters) - set(FIELD_FILTERS) - set(OWNER_FILTERS)
		if unknown:
			frappe.throw(
				_("Customers cannot be selected by {0}.").format(", ".join(sorted(unknown))),
				InvalidSelectionError,
			)
		if customers is not None:
			customers = sorted({str(c) for c in customers if c})
			if not customers:
				frappe.throw(_("Select at least one customer."), InvalidSelectionError)
		elif not filters:
			frappe.throw(
				_(
					"Choose at least one filter (category, source, region, industry, company type, grade) or an original owner."
				),
				InvalidSelectionError,
			)
		return cls(customers=customers, filters=filters)

	@property
	def hand_picked(self) -> bool:
		return self.customers is not None

	@property
	def from_owner(self) -> str | None:
		return self.filters.get("from_owner") or None

	@property
	def only_unassigned(self) -> bool:
		return bool(frappe.utils.cint(self.filters.get("only_unassigned")))

	def field_criterion(self, table) -> Criterion | None:
		"""The rule's field filters (not the owner) as a condition on `table`; None when there are none."""
		parts = [table[f] == self.filters[f] for f in FIELD_FILTERS if self.filters.get(f) is not None]
		return Criterion.all(parts) if parts else None

	def as_dict(self) -> dict:
		return {"customers": self.customers, "filters": self.filters}
