"""Suppliers (供应商; README, "Follow-ups, orders, contracts, complaints, suppliers"): evaluation score and rating (score.py, rating.py), and the partner link
between a supplier and the customer record of the same company (partner.py)."""
