"""Messaging robots (README, "Messaging robots"): CRM Plus's reminders also posted to a WeCom, DingTalk or
Feishu group robot set up for a sales team or a user (CP Messaging Robot).

The places that notify the desk (follow-ups due, churn alerts and escalations, grade changes, allocation
results, price-file reminders) call ``post(event, items)`` beside their desk notifications:

1. the robots that want the event for any of the recipients are found in one query (``robots_for``);
2. per robot, one message in the robot's language (title, one line per item, "… and N more") is written
   to the send log (CP Robot Message, Queued) in the caller's transaction: a rolled-back scan sends
   nothing;
3. one background job for the batch is queued after the transaction commits (``send.deliver``), which
   posts each message with a short timeout, retries with backoff and records every attempt. A desk
   action never waits on a webhook.

Which providers, formats and signatures: crm_plus.messaging.providers.
"""

from crm_plus.utils.lazy import public_names

__getattr__, __dir__ = public_names(
	__name__,
	{
		"FOLLOW_UPS_DUE": "events",
		"CHURN_ALERTS": "events",
		"GRADE_CHANGES": "events",
		"ALLOCATION_RESULTS": "events",
		"PRICE_FILE_REMINDERS": "events",
		"TEST_MESSAGE": "events",
		"EVENT_FIELDS": "events",
		"TEAM": "events",
		"USER": "events",
		"QUEUED": "events",
		"SENT": "events",
		"FAILED": "events",
		"MAX_LINES": "events",
		"Item": "events",
		"event_title": "events",
		"robots_for": "routing",
		"post": "outbox",
		"render": "outbox",
		"queue_message": "outbox",
		"deliver": "send",
		"enqueue_delivery": "send",
	},
)
