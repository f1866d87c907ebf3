"""Fixtures of the questionnaires tests that the permission matrix also uses.

Imported by tests/conftest.py.
"""
