"""Fixtures of the synthese tests that the permission matrix also uses.

Imported by tests/conftest.py.
"""

from tests.synthese.fixtures_plan import *  # noqa: F403
