"""Settings of the benchmarks served by gunicorn: the platform's, DEBUG off, plus a bare view.

The bare view (``/bench/nu/``) goes through the same middleware stack as every page but
renders nothing and queries nothing of its own: the reference a page is compared with.
"""

import os

from bilan.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
# Logins are measured once per simulated user; the brute-force guards would see 8 logins
# from one address in a few seconds as nothing unusual, but keep them off the figures.
AXES_ENABLED = False

# The signing benchmark (bench/signature.py) reads the one-time codes in the e-mails, as the
# signers do: written to files in its directory, sent within the request.
if os.environ.get("BENCH_EMAIL_DIR"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["BENCH_EMAIL_DIR"]
    CELERY_TASK_ALWAYS_EAGER = True
    # The eager e-mail task would log every code sent: keep the benchmark's output readable.
    LOGGING = {
        **LOGGING,  # noqa: F405
        "loggers": {
            **LOGGING.get("loggers", {}),  # noqa: F405
            "celery": {"level": "WARNING"},
            "kombu": {"level": "ERROR"},
        },
    }
    # 50 signers log in within seconds, all from 127.0.0.1 where people would come from 50
    # addresses: allauth's per-address login limit (30 a minute) would refuse them.
    ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "login": "1000/m/ip"}  # noqa: F405
