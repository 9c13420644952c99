"""Suppliers (供应商, SPEC §7): evaluation score and rating (score.py, rating.py), and the partner link
between a supplier and the customer record of the same company (partner.py)."""
