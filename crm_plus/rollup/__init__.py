"""Sales figures per owner and period, kept so that reports over many whole owners read a few hundred
rows instead of every order (README, "Scale": what broke first at 1,000,000 customers).

For every owner of customers (a sales rep; POOL, "", for the unassigned pool) the rollup holds what the
analysis reports add up over that owner's customers as they are owned now (``schema``): per month,
quarter and year the counted orders, their amount, the distinct customers who ordered and the
customers' follow-ups (sales trend, forecast, rep performance); per value of each customer profile
dimension the customers and their lifetime sales (customer profile); per month the grade changes from
one grade to another (grade movement), and the follow-ups each user recorded; and the owner's open
churn alerts (rep performance). A report whose scope is whole owners — an administrator's everyone, a
manager's teams and pool, a rep's own customers, narrowed by owner or team and nothing finer — reads
the rollup for the owners whose rows are current and computes the rest live (``read``):

- an owner is *current* when nothing changed its figures since its rows were built: its version (raised
  by every write that changes them, ``marks``) is the one the rows were built at, and its customers are
  the same ones (their number and a checksum of their names, compared at every read — so a move of
  customers between owners by any path, allocation, the pool, an import, a form or a hand-written
  UPDATE, makes both owners live at once, whether or not it raised a version);
- the customers of owners that are not current, and customers shared with the user from owners outside
  their view, are computed live over the whole period; periods cut by the report's dates are computed
  live for everyone.

So a report is always exactly what the live query gives (``tests/test_rollup.py`` compares them for
every kind of user, filter, period and date range, before and after writes that did not refresh the
rollup); the rollup only decides how much of it is read from rows kept ahead. ``build`` rebuilds the
owners that are not current: every five minutes (scheduler) and once a day every owner.
"""

TABLE = "__crm_plus_sales_rollup"  # owner_key, period_type, period: orders, amount, customers, follow_ups
PROFILE = "__crm_plus_profile_rollup"  # owner_key, dimension, value: customers, orders, amount (lifetime)
GRADES = "__crm_plus_grade_rollup"  # owner_key, month, from_grade, to_grade: changes
RECORDERS = "__crm_plus_recorder_rollup"  # owner_key, month, recorder: follow_ups
# owner_key: version, built_version, customers, fingerprint, open_alerts
OWNERS = "__crm_plus_sales_rollup_owner"
