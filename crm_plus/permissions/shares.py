"""The shares (DocShare) the record rules read, as SQL."""

from crm_plus.utils import conditions as sql


def shares_of(doctype: str, user: str) -> str:
	"""SQL selecting the names of the `doctype` records shared with `user` for reading."""
	return sql.select(
		"`share_name`",
		sql.table("DocShare"),
		sql.all_of(sql.equals("`share_doctype`", doctype), sql.equals("`user`", user), "`read` = 1"),
	)
