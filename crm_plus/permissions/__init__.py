"""Record-level permissions of crm_plus, in one place.

Every DocType with a scripted rule registers a ``permission_query_conditions`` (the SQL condition
list views, REST, reports and link search apply) and a ``has_permission`` (the check on one
document) in hooks.py, both from this package, so the two can never drift apart.
"""
