"""Fixtures of the questionnaires tests that the permission matrix also uses (imported by tests/conftest.py)."""
