"""The events robots can get, their names in the send log, and the robot's checkbox for each."""

from collections.abc import Callable
from dataclasses import dataclass

from frappe import _

# the events (CP Robot Message.event) and the robot's checkbox for each
FOLLOW_UPS_DUE = "Follow-ups Due"
CHURN_ALERTS = "Churn Alerts and Escalations"
GRADE_CHANGES = "Grade Changes"
ALLOCATION_RESULTS = "Allocation Results"
PRICE_FILE_REMINDERS = "Price File Reminders"
TEST_MESSAGE = "Test Message"
EVENT_FIELDS = {
	FOLLOW_UPS_DUE: "follow_ups_due",
	CHURN_ALERTS: "churn_alerts",
	GRADE_CHANGES: "grade_changes",
	ALLOCATION_RESULTS: "allocation_results",
	PRICE_FILE_REMINDERS: "price_file_reminders",
}
TEAM = "Sales Team"
USER = "User"
QUEUED, SENT, FAILED = "Queued", "Sent", "Failed"

# lines per message; the rest is "… and N more" (a robot posts at most ~20 messages a minute)
MAX_LINES = 20


@dataclass
class Item:
	"""One thing to tell `user`: text(lang) -> the line (the desk notification's subject), link: a desk
	path or URL to open it."""

	user: str
	text: Callable[[str], str]
	link: str | None = None


def event_title(event: str, lang: str) -> str:
	titles = {
		FOLLOW_UPS_DUE: _("Follow-ups due", lang=lang),
		CHURN_ALERTS: _("Churn alerts", lang=lang),
		GRADE_CHANGES: _("Customer grade changes", lang=lang),
		ALLOCATION_RESULTS: _("Customer allocation", lang=lang),
		PRICE_FILE_REMINDERS: _("Price file reminders", lang=lang),
		TEST_MESSAGE: _("Test message from CRM Plus", lang=lang),
	}
	return f"CRM Plus · {titles[event]}"
