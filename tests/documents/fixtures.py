"""Fixtures of the documents tests that the permission matrix also uses.

Imported by tests/conftest.py.
"""
