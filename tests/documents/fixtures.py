"""Fixtures of the documents tests that the permission matrix also uses (imported by tests/conftest.py)."""
