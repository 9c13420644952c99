"""Churn alerts (客户流失预警; README, "Churn alerts"): a daily scan of all customers, set-based.

Rules (CP Churn Settings; each can be switched off, N is configurable):

    No Order              the customer has ordered before (any order but a Cancelled one counts), but
                          not in the last N days (default 90, 连续3个月无订单): days since its last order ≥ N
    Unresolved Complaint  a complaint not Resolved whose feedback date is more than N days ago
                          (default 7, 投诉未解决超7天); the oldest one counts
    No Follow-up          no follow-up dated in the last N days (default 60): days since the customer's
                          last follow-up date (or since the customer was created, if it never had one) ≥ N
    Grade Dropped         the customer's latest grade change within the last N days (default 30) moved it
                          to a tier with a lower minimum score

Customers marked Churned are not scanned (they are already lost).

``scan(customers=None)`` (None: all customers):

1. one query per enabled rule gives every (customer, cause) for which the rule holds, with the date the
   cause counts from (``since``);
2. a pair without an open alert gets one, written with INSERT IGNORE under a unique key ``open_key``
   (customer|cause while the alert is open, NULL once closed): two scans running at once can never
   raise the same open cause twice. The owners are notified (desk, in bulk, in their language; e-mail
   too when CP Churn Settings says so);
3. open alerts (Open or Acknowledged) whose cause went away are closed, and their key is released;
4. the days of the alerts still open are brought up to date;
5. an Open alert raised at least the configured number of days ago, not acknowledged and with no
   follow-up of the customer recorded since it was raised, is escalated once to the manager of the
   team the customer's owner belongs to, who is notified.

A handful of queries and batched writes for 100,000 customers (README, Benchmarks).

Modules, by what they do: ``settings`` (the rules' settings, cause and state names), ``rules`` (the
causes that hold), ``run`` (the scan: raise, close, update; the daily and on-demand jobs), ``escalation``,
``notify`` (desk and e-mail), ``alerts`` (acting on one alert).
"""

from crm_plus.utils.lazy import public_names

__getattr__, __dir__ = public_names(
	__name__,
	{
		"ALERT": "run",
		"NO_ORDER": "settings",
		"UNRESOLVED_COMPLAINT": "settings",
		"NO_FOLLOW_UP": "settings",
		"GRADE_DROPPED": "settings",
		"CAUSES": "settings",
		"OPEN": "settings",
		"ACKNOWLEDGED": "settings",
		"CLOSED": "settings",
		"OPEN_STATUSES": "settings",
		"REPORT_LINK": "settings",
		"ChurnRules": "settings",
		"load_rules": "settings",
		"open_key": "settings",
		"find_causes": "rules",
		"scanned_customers": "rules",
		"ScanResult": "run",
		"scan": "run",
		"close_alerts": "run",
		"raise_alerts": "run",
		"daily": "run",
		"enqueue_scan_all": "run",
		"scan_all_job": "run",
		"team_managers": "escalation",
		"escalate": "escalation",
		"notify_raised": "notify",
		"notify_escalated": "notify",
		"email_summaries": "notify",
		"acknowledge": "alerts",
	},
)
