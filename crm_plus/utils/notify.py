"""Desk notifications (Notification Log) written in bulk, each in its recipient's language.

The framework's Notification Log.insert() costs several queries per row (and an e-mail per row where
the user enabled them); jobs that notify about many records at once write the rows here in one
multi-row INSERT, then tell each recipient's desk once that it has new notifications.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager

import frappe
from frappe.utils import now_datetime

from crm_plus.utils.naming import random_name


def recipients(users: Iterable[str]) -> dict[str, str]:
	"""The enabled users among `users` who have not switched notifications off -> their language."""
	users = sorted({u for u in users if u})
	if not users:
		return {}
	user = frappe.qb.DocType("User")
	rows = (
		frappe.qb.from_(user)
		.select(user.name, user.language)
		.where(user.name.isin(users) & (user.enabled == 1))
		.run()
	)
	muted = set(
		frappe.get_all("Notification Settings", filters={"name": ("in", users), "enabled": 0}, pluck="name")
	)
	default = frappe.db.get_default("lang") or "en"
	return {name: lang or default for name, lang in rows if name not in muted}


def outgoing_email_configured() -> bool:
	"""Whether this site has an outgoing e-mail account to send through (the default one, or the one of the
	site's config). With e-mail muted (``mute_emails``) and no account, the framework offers a stand-in
	account without an address, and queuing mail through it fails: there is nothing to send then."""
	from frappe.email.doctype.email_account.email_account import EmailAccount

	account = EmailAccount.find_default_outgoing()
	return bool(account and account.get("email_id"))


@contextmanager
def in_language(lang: str | None):
	"""Everything translated inside (_() without lang=, the framework's templates) is in `lang`."""
	previous = frappe.local.lang
	frappe.local.lang = lang or previous
	try:
		yield
	finally:
		frappe.local.lang = previous


def insert_notifications(rows: list[dict]) -> int:
	"""rows: dicts with for_user, subject, document_type, document_name (from_user and link optional;
	a notification with a link opens it instead of the document)."""
	if not rows:
		return 0
	ts = now_datetime()
	fields = [
		"name",
		"subject",
		"type",
		"document_type",
		"document_name",
		"link",
		"for_user",
		"from_user",
		"read",
		"creation",
		"modified",
		"owner",
		"modified_by",
	]
	frappe.db.bulk_insert(
		"Notification Log",
		fields,
		(
			(
				random_name(),
				r["subject"],
				"Alert",
				r["document_type"],
				r.get("document_name"),
				r.get("link"),
				r["for_user"],
				r.get("from_user"),
				0,
				ts,
				ts,
				"Administrator",
				"Administrator",
			)
			for r in rows
		),
		chunk_size=2_000,
	)
	for user in {r["for_user"] for r in rows}:
		frappe.db.set_value("Notification Settings", user, "seen", 0, update_modified=False)
		frappe.publish_realtime("notification", after_commit=True, user=user)
	return len(rows)


# a recipient with more notifications than this from one run gets one summary instead
SUMMARY_AFTER = 20


def notify_each_or_summary(
	items: Iterable[dict],
	subject: Callable[[dict, str], str],
	summary: Callable[[str, list[dict], str], tuple[str, str]],
	limit: int | None = None,
	from_user: str | None = None,
) -> int:
	"""Notify about many records at once, in bulk and in each recipient's language.

	items: dicts with for_user, document_type, document_name and whatever `subject` reads.
	subject(item, lang) -> the text of one notification.
	summary(user, items, lang) -> (text, link) of the single notification a recipient with more than
	`limit` items (default SUMMARY_AFTER) gets instead (a job that changes thousands of records must not
	bury anyone)."""
	limit = SUMMARY_AFTER if limit is None else limit
	by_user: dict[str, list[dict]] = defaultdict(list)
	for item in items:
		by_user[item["for_user"]].append(item)
	rows = []
	for user, lang in recipients(by_user).items():
		mine = by_user[user]
		if len(mine) > limit:
			text, link = summary(user, mine, lang)
			rows.append(
				{
					"for_user": user,
					"subject": text,
					"document_type": mine[0]["document_type"],
					"link": link,
					"from_user": from_user,
				}
			)
			continue
		rows += [
			{
				"for_user": user,
				"subject": subject(item, lang),
				"document_type": item["document_type"],
				"document_name": item["document_name"],
				"from_user": from_user,
			}
			for item in mine
		]
	return insert_notifications(rows)
