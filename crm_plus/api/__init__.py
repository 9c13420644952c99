"""Whitelisted endpoints of crm_plus: each checks permission first, then calls domain code."""
