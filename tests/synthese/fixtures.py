"""Fixtures of the synthese tests that the permission matrix also uses.

Imported by tests/conftest.py.
"""
