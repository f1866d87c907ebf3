"""Fixtures of the outils tests that the permission matrix also uses.

Imported by tests/conftest.py.
"""
