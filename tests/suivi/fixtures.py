"""Fixtures of the suivi tests that the permission matrix also uses (imported by tests/conftest.py)."""
