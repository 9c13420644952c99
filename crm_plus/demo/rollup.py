"""The last demo step: the sales rollup of every owner (the demo wrote its orders and follow-ups in bulk,
past the document events that mark owners; crm_plus.rollup)."""

from crm_plus.rollup.build import refresh


def build_rollup(ctx) -> None:
	ctx.progress("sales rollup: every owner")
	ctx.counts["rollup owners"] = refresh()
