"""Customer grading (客户级别; README, "Grading"): value scores, grades, overrides and their history.

Modules, by what they do:
- ``score``: the formula (pure Python: the value score of one customer's figures, its grade);
- ``settings``: CP Grading Settings and the grade tiers, read for a run;
- ``figures``: the figures of a set of customers, read with a handful of aggregate queries;
- ``run``: re-grading a set of customers (None: all), set-based; the daily job and the on-demand job;
- ``override``: manual overrides, and the guard that keeps the grading fields out of form saves;
- ``notify``: owners told about their customers' grade changes, requesters about a run.
"""

from crm_plus.utils.lazy import public_names

__getattr__, __dir__ = public_names(
	__name__,
	{
		"Change": "run",
		"Result": "run",
		"regrade": "run",
		"record_history": "run",
		"daily": "run",
		"enqueue_regrade_all": "run",
		"regrade_all_job": "run",
		"grade_for": "score",
		"customer_rows": "figures",
		"read_figures": "figures",
		"load_rules": "settings",
		"load_tiers": "settings",
		"SCHEDULED": "settings",
		"ON_DEMAND": "settings",
		"MANUAL_OVERRIDE": "settings",
		"OVERRIDE_REMOVED": "settings",
		"COMPUTED_FIELDS": "settings",
		"override_grade": "override",
		"remove_override": "override",
		"keep_computed_grade": "override",
		"notify_owners": "notify",
	},
)
