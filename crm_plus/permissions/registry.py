"""Which DocTypes crm_plus's record rules cover, in one place.

hooks.py builds its ``permission_query_conditions`` and ``has_permission`` entries from these tables
and the rule modules read them, so a DocType that belongs to a customer is added with one line in
``CUSTOMER_CHILDREN``. ``crm_plus/tests/test_permission_registry.py`` fails when a DocType links to
CP Customer without being placed in one of these tables. Plain data: no framework import.
"""

# DocType -> the field that links its records to CP Customer; visible exactly when that customer is
# (crm_plus.permissions.customer.child_query_conditions / child_has_permission)
CUSTOMER_CHILDREN: dict[str, str] = {
	"CP Contract": "customer",
	"CP Order": "customer",
	"CP Complaint": "customer",
	"CP Grade History": "customer",
	"CP Churn Alert": "customer",
	"CP Owner Change Log": "customer",
	"CP Pool Return Warning": "customer",
}

# DocTypes that link to CP Customer and have a rule of their own: DocType -> its module in
# crm_plus.permissions (both functions of the pair are named in hooks.py)
OWN_RULES: dict[str, str] = {
	"CP Case Study": "library",  # library content when it has no customer
	"CP Follow Up": "follow_up",  # a customer's or a supplier's
	"CP Price File": "price_file",  # the customer's owner, not every user the customer is shared with
}

# DocTypes that link to CP Customer but are not a customer's records, and why
NOT_CUSTOMER_RECORDS: dict[str, str] = {
	"CP Supplier": "a supplier that is also a customer: suppliers follow purchasing's role permissions",
}

# Child tables whose rows can be listed on their own (frappe.client.get_list(child, parent=...)):
# a row is shown only when its parent record may be read (crm_plus.permissions.child_rows_query_conditions)
CHILD_ROWS: tuple[str, ...] = (
	"CP Order Item",
	"CP Customer Share",
	"CP Price File Share",
	"CP Case Study Competitor",
)

# Framework records about another record: DocType -> (the field naming the DocType, the field naming the
# record). They follow that record (crm_plus.permissions.references).
REFERENCE_FIELDS: dict[str, tuple[str, str]] = {
	"Version": ("ref_doctype", "docname"),
	"Comment": ("reference_doctype", "reference_name"),
	"DocShare": ("share_doctype", "share_name"),
	"Tag Link": ("document_type", "document_name"),
	"Deleted Document": ("deleted_doctype", "deleted_name"),
	"Communication": ("reference_doctype", "reference_name"),
	"ToDo": ("reference_type", "reference_name"),
	"Activity Log": ("reference_doctype", "reference_name"),
	"Workflow Action": ("reference_doctype", "reference_name"),
	"Dynamic Link": ("link_doctype", "link_name"),
}
# rows of a child table (Dynamic Link): judged through their parent by the framework, so a list
# condition only
REFERENCE_LIST_ONLY: tuple[str, ...] = ("Dynamic Link",)
