"""Settings of the benchmarks served by gunicorn: the platform's, DEBUG off, plus a bare view.

The bare view (``/bench/nu/``) goes through the same middleware stack as every page but
renders nothing and queries nothing of its own: the reference a page is compared with.
"""

from bilan.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
# Logins are measured once per simulated user; the brute-force guards would see 8 logins
# from one address in a few seconds as nothing unusual, but keep them off the figures.
AXES_ENABLED = False
