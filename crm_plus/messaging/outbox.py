"""Queueing messages for the robots: one message per robot and batch, in the robot's language, written to the
send log in the caller's transaction; one job per batch after the commit (crm_plus.messaging.send)."""

import json
from collections.abc import Iterable
from urllib.parse import quote

import frappe
from frappe import _
from frappe.utils import get_fullname, get_url, now_datetime

from crm_plus.doctypes import ROBOT_MESSAGE
from crm_plus.messaging import providers
from crm_plus.messaging.events import MAX_LINES, QUEUED, TEAM, Item, event_title
from crm_plus.messaging.routing import robots_for
from crm_plus.messaging.send import enqueue_delivery


def post(event: str, items: Iterable[Item]) -> list[str]:
	"""Queue `items` for the robots that want them (see crm_plus.messaging). Returns the names of the
	messages queued (none when no robot wants the event: one query)."""
	items = [i for i in items if i.user]
	if not items:
		return []
	targets = robots_for(event, {i.user for i in items})
	if not targets:
		return []
	default_lang = frappe.db.get_default("lang") or "en"
	names = []
	for robot, users in targets:
		mine = [i for i in items if i.user in users]
		if not mine:
			continue
		lang = robot.language or default_lang
		names.append(queue_message(robot, event, render(robot, mine, event, lang)))
	if names:
		enqueue_delivery(names)
	return names


def render(robot: dict, items: list[Item], event: str, lang: str) -> dict:
	"""The body of one message to `robot` (unsigned): a line per item, named after its user on a team's
	robot."""
	lines = []
	for item in items[:MAX_LINES]:
		text = item.text(lang)
		if robot.scope == TEAM:
			text = f"{get_fullname(item.user)}: {text}"
		lines.append(providers.Line(text, get_url(quote(item.link, safe="/?=&%")) if item.link else None))
	return providers.body(
		robot.provider,
		event_title(event, lang),
		lines,
		total=len(items),
		more=lambda n: _("… and {0} more: see CRM Plus.", lang=lang).format(n),
		open_label=_("Open", lang=lang, context="Link in a robot message"),
		lang=lang,
	)


def queue_message(robot: dict, event: str, payload: dict) -> str:
	doc = frappe.get_doc(
		{
			"doctype": ROBOT_MESSAGE,
			"robot": robot.name,
			"provider": robot.provider,
			"event": event,
			"status": QUEUED,
			"attempts": 0,
			"queued_on": now_datetime(),
			"payload": json.dumps(payload, ensure_ascii=False, indent=1),
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name
