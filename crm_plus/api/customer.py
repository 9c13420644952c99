import frappe

from crm_plus.permissions.roles import SALES_MANAGER, SALES_REP


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def sales_user_query(
	doctype: str, txt: str, searchfield: str, start: int, page_len: int, filters: dict | str | None
) -> list:
	"""Link search for the Sales Owner / Shared With fields: enabled users with a sales role."""
	frappe.has_permission("CP Customer", "read", throw=True)
	user = frappe.qb.DocType("User")
	has_role = frappe.qb.DocType("Has Role")
	like = f"%{txt}%"
	return (
		frappe.qb.from_(user)
		.join(has_role)
		.on((has_role.parent == user.name) & (has_role.parenttype == "User"))
		.select(user.name, user.full_name)
		.distinct()
		.where(
			(user.enabled == 1)
			& (has_role.role.isin([SALES_REP, SALES_MANAGER]))
			& ((user.name.like(like)) | (user.full_name.like(like)))
		)
		.orderby(user.full_name)
		.limit(page_len)
		.offset(start)
		.run()
	)
