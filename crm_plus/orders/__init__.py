"""Orders (订单; README, "Follow-ups, orders, contracts, complaints, suppliers"): statuses, the review step, and what other domains read from orders.

An order moves through the Frappe Workflow "CP Order Workflow" (crm_plus/fixtures/workflow.json):

    Created --Request Review--> Pending Review --Approve--> Confirmed --Ship--> Shipped
        --Mark Delivered--> Delivered --Complete--> Completed
    Pending Review --Reject--> Created;   Created / Pending Review / Confirmed --Cancel--> Cancelled

Reps request review; sales managers (who see the order only when its customer is in their team) and
CRM administrators approve or reject; nobody approves an order they created. Once an order has left
Created its customer, date and lines are fixed (CP Order.validate_locked).

Grading and churn alerts read orders when ERPNext is not installed: an order *counts* (it is a sale)
when its status is in COUNTED_STATUSES; its amount is ``total_amount`` and its date ``order_date``.
"""

import frappe
from frappe import _

from crm_plus.doctypes import ORDER
from crm_plus.utils.notify import insert_notifications, recipients

CREATED = "Created"
PENDING_REVIEW = "Pending Review"
CONFIRMED = "Confirmed"
SHIPPED = "Shipped"
DELIVERED = "Delivered"
COMPLETED = "Completed"
CANCELLED = "Cancelled"

STATUSES = (CREATED, PENDING_REVIEW, CONFIRMED, SHIPPED, DELIVERED, COMPLETED, CANCELLED)
# orders that are sales: approved and not cancelled
COUNTED_STATUSES = (CONFIRMED, SHIPPED, DELIVERED, COMPLETED)
# the only status in which customer, date and lines may change
EDITABLE_STATUSES = (CREATED,)


def reviewers(customer: str) -> list[str]:
	"""Who reviews the orders of `customer`: the managers of the teams its sales owner belongs to."""
	owner = frappe.db.get_value("CP Customer", customer, "sales_owner")
	if not owner:
		return []
	member = frappe.qb.DocType("CP Sales Team Member")
	team = frappe.qb.DocType("CP Sales Team")
	return (
		frappe.qb.from_(team)
		.join(member)
		.on((member.parent == team.name) & (member.parenttype == "CP Sales Team"))
		.select(team.manager)
		.distinct()
		.where(member.user == owner)
		.run(pluck=True)
	)


def notify_reviewers(order) -> None:
	"""A desk notification to the customer's team managers that `order` waits for their review."""
	langs = recipients(u for u in reviewers(order.customer) if u != frappe.session.user)
	insert_notifications(
		[
			{
				"for_user": user,
				"subject": _("Order {0} of {1} ({2}) is waiting for your review.", lang=lang).format(
					frappe.bold(order.name),
					frappe.bold(order.customer_name or order.customer),
					frappe.format(order.total_amount, {"fieldtype": "Currency"}),
				),
				"document_type": ORDER,
				"document_name": order.name,
				"from_user": frappe.session.user,
			}
			for user, lang in langs.items()
		]
	)


def notify_review_outcome(order, approved: bool) -> None:
	"""Tell the order's creator that their order was approved, or sent back to Created."""
	user = frappe.session.user
	langs = recipients([order.owner] if order.owner != user else [])
	rows = []
	for owner, lang in langs.items():
		if approved:
			subject = _("Order {0} of {1} was approved by {2}.", lang=lang)
		elif order.status == CANCELLED:
			subject = _("Order {0} of {1} was cancelled by {2}.", lang=lang)
		else:
			subject = _("Order {0} of {1} was sent back for changes by {2}.", lang=lang)
		rows.append(
			{
				"for_user": owner,
				"subject": subject.format(
					frappe.bold(order.name),
					frappe.bold(order.customer_name or order.customer),
					frappe.utils.get_fullname(user),
				),
				"document_type": ORDER,
				"document_name": order.name,
				"from_user": user,
			}
		)
	insert_notifications(rows)
