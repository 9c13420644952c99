"""A move in its own process, for the concurrency tests (crm_plus/tests/test_allocation_concurrency.py).

    python -m crm_plus.tests.move_worker '{"site": ..., "user": ..., "operation": ..., ...}'

Connects to the site, plans the move as `user`, prints READY, waits for a line on stdin (so that every
worker has planned before any moves), moves, commits and prints RESULT <json> (or REFUSED <error>)."""

import json
import sys

import frappe


def main(spec: dict) -> None:
	frappe.init(site=spec["site"], sites_path=spec["sites_path"])
	frappe.connect()
	try:
		from crm_plus.allocation.move import MoveRequest, execute_move, plan_move
		from crm_plus.allocation.selection import Selection

		frappe.set_user(spec["user"])
		request = MoveRequest(
			spec["operation"], Selection(customers=sorted(spec["customers"])), to_owner=spec.get("to_owner")
		)
		plan = plan_move(request)
		print("READY", flush=True)
		sys.stdin.readline()

		def after_batch(done, total, moved):
			if spec.get("commit_each_batch"):
				frappe.db.commit()  # what the background job does

		try:
			result = execute_move(plan, batch_size=spec.get("batch_size"), after_batch=after_batch)
		except frappe.ValidationError as e:
			frappe.db.rollback()
			print(f"REFUSED {type(e).__name__}: {e}", flush=True)
			return
		frappe.db.commit()
		print("RESULT " + json.dumps(result.as_dict()), flush=True)
	finally:
		frappe.destroy()


if __name__ == "__main__":
	main(json.loads(sys.argv[1]))
