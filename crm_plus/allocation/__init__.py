"""Customer allocation, transfer and the unassigned pool (客户分配 / 客户转交 / 公海; README, "Allocation and the unassigned pool").

A move takes a set of customers from their current owners to one new owner (or back into the pool):

- ``selection``  which customers: hand-picked names, or a rule (category, source, region, industry,
  company type, grade, original owner, only unassigned), turned into one frappe.qb query;
- ``rights``     who may take customers from which owners and give them to whom;
- ``move``       ``plan_move`` (the preview: how many, from whom, to whom) and ``execute_move`` (the
  move itself: per batch one locking SELECT and one compare-and-set UPDATE per previous owner, the
  owner-change log in one bulk INSERT, the new owner's now redundant shares removed, one
  notification per new owner);
- ``jobs``       moves of more than a few hundred customers run as a background job with progress;
- ``pool``       the pool view for reps, claiming, the holding limit;
- ``auto_return``the daily return of customers not followed up for N days, with a warning M days before.

Every change of owner, including a manual one on the customer form, leaves one CP Owner Change Log row.
"""

from crm_plus.doctypes import CUSTOMER
from crm_plus.doctypes import OWNER_CHANGE_LOG as LOG
from crm_plus.doctypes import POOL_RETURN_WARNING as WARNING
from crm_plus.doctypes import POOL_SETTINGS as SETTINGS

RE_ALLOCATE = "Re-allocate"
ALLOCATE = "Allocate"
SELECT_ALLOCATE = "Select-allocate"
TRANSFER = "Transfer"
CLAIM = "Claim"
AUTO_RETURN = "Auto-return"
MANUAL_EDIT = "Manual edit"

OPERATIONS = (RE_ALLOCATE, ALLOCATE, SELECT_ALLOCATE, TRANSFER, CLAIM, AUTO_RETURN, MANUAL_EDIT)
# operations a user may start from the desk or the API (the others are the system's)
USER_OPERATIONS = (RE_ALLOCATE, ALLOCATE, SELECT_ALLOCATE, TRANSFER, CLAIM)
# operations that take customers back into the pool
TO_POOL = (RE_ALLOCATE, AUTO_RETURN)

# moves of more customers than this run as a background job
BACKGROUND_THRESHOLD = 300
# customers locked, updated and logged together (one transaction per batch in a background job)
BATCH_SIZE = 2000
