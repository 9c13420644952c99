"""Demo grades and churn alerts: the demo's customers are graded by the real grading from their orders
and complaints (crm_plus.grading), then scanned for churn (crm_plus.churn), as the daily jobs would."""

from crm_plus import churn, grading
from crm_plus.demo import DemoContext


def grade_and_scan(ctx: DemoContext) -> None:
	graded = grading.regrade(source=grading.SCHEDULED, user="Administrator")
	ctx.counts["grade_changes"] = graded.grades_changed
	ctx.progress(f"grades: {graded.customers} customers graded, {graded.grades_changed} grade changes")
	scanned = churn.scan()
	ctx.counts["churn_alerts"] = scanned.open
	ctx.progress(f"churn alerts: {scanned.raised} raised, {scanned.escalated} escalated")
