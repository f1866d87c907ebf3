"""Test settings: the real ones, plus a test-only content app and a fast password hasher."""

import atexit
import shutil
import tempfile
from pathlib import Path

from bilan.settings import *  # noqa: F403
from bilan.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.exemple"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CONTENT_ENCRYPTION_KEYS = ["dGVzdHMtb25seS1rZXktMDEyMzQ1Njc4OWFiY2RlZiE="]

# One in-process cache per test run, emptied after each test (tests/conftest.py): allauth's
# rate-limit counters and used TOTP codes must not leak from one test, or one CI run, to the
# next. Redis stays the real broker of the integration tests; its clear() would empty it.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Files and the self-signed sealing certificate of a test run live in a directory of their
# own, removed at the end: stored PDFs and uploads never pile up in var/.
_TMP = Path(tempfile.mkdtemp(prefix="bilan-tests-"))
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)
MEDIA_ROOT = _TMP / "media"
SCELLES_PKCS12_PATH = str(_TMP / "scelles" / "organisation.p12")
