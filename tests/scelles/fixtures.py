"""Fixtures of the scelles tests that the permission matrix also uses (imported by tests/conftest.py)."""
