"""Fixtures of the scelles tests that the permission matrix also uses.

Imported by tests/conftest.py.
"""
