"""gunicorn's settings for the web container (``--config python:bilan.gunicorn_conf``).

The employer's signing link, the agenda feed, the satisfaction survey's link, the synthèse's
share link and the 360° survey's links carry their credential in the path: an access line
must never print it (domain.md, Confidentiality and data). The access format leaves out the
query string and the referer, and a filter on the access logger replaces whatever follows
``/signature/``, ``/agenda/``, ``/avis/``, ``/partage/`` or ``/entourage/``.
"""

from __future__ import annotations

import logging
import re

SECRET_PATHS = re.compile(r"(?P<prefix>/(?:signature|agenda|avis|partage|entourage)/)[^\s\"]+")

# gunicorn's default without %(r)s (it holds the query string), %(q)s and %(f)s (a
# referer may be a signing link); the path %(U)s goes through the filter below.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s" %(M)s'


def redact(line: str) -> str:
    """The access line with the credential of every signing, agenda, survey or share path
    hidden."""
    return SECRET_PATHS.sub(
        lambda m: m["prefix"] + ("…" if m["prefix"] == "/agenda/" else "…/"), line
    )


class RedactSecretPaths(logging.Filter):
    """Rewrite each access record before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


# Merged by gunicorn into its own defaults; the access logger gets its one handler here
# (dictConfig replaces the one ``--access-logfile -`` installed), with the filter.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secret_paths": {"()": "bilan.gunicorn_conf.RedactSecretPaths"}},
    "formatters": {
        "access": {"format": "%(message)s"},
        "generic": {
            "format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s",
            "datefmt": "[%Y-%m-%d %H:%M:%S %z]",
        },
    },
    "handlers": {
        "access_console": {
            "class": "logging.StreamHandler",
            "formatter": "access",
            "filters": ["redact_secret_paths"],
            "stream": "ext://sys.stdout",
        },
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "generic",
            "stream": "ext://sys.stdout",
        },
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "generic",
            "stream": "ext://sys.stderr",
        },
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {
            "level": "INFO",
            "handlers": ["access_console"],
            "filters": ["redact_secret_paths"],
            "propagate": False,
        },
    },
}
