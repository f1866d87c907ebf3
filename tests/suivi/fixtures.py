"""Fixtures of the suivi tests that the permission matrix also uses.

Imported by tests/conftest.py.
"""
