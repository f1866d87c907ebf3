"""Test settings: the real ones, plus a test-only content app and a fast password hasher."""

from bilan.settings import *  # noqa: F403
from bilan.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.exemple"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CONTENT_ENCRYPTION_KEYS = ["dGVzdHMtb25seS1rZXktMDEyMzQ1Njc4OWFiY2RlZiE="]
