"""Fixtures of the outils tests that the permission matrix also uses (imported by tests/conftest.py)."""
