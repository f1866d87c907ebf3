"""Fixtures of the synthese tests that the permission matrix also uses (imported by tests/conftest.py)."""
