"""gunicorn's settings for the web container (``--config python:bilan.gunicorn_conf``).

The single-use links (signing, agenda, surveys, share, data export, password reset) carry
their credential in the path: an access line must never print it (domain.md,
Confidentiality and data). The access format leaves out the query string and the referer,
and a filter on the access logger (bilan/journalisation.py, the same as Django's own
loggers) replaces whatever follows such a path's prefix.
"""

from __future__ import annotations

from bilan.journalisation import SECRET_PATHS, RedactSecretPaths, redact

__all__ = ["SECRET_PATHS", "RedactSecretPaths", "access_log_format", "logconfig_dict", "redact"]

# gunicorn's default without %(r)s (it holds the query string), %(q)s and %(f)s (a
# referer may be a signing link); the path %(U)s goes through the filter below.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s" %(M)s'


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
