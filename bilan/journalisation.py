"""Logging helpers of the settings' LOGGING."""

from __future__ import annotations

import logging
import re

# Every path that carries a credential (domain.md, Confidentiality and data: the credential
# of a link is a secret): the employer's signing link, the agenda feed, the surveys' and the
# share's links, the data export's link, and allauth's password-reset and e-mail-confirmation
# keys (an account taken over by whoever reads the log before the link is used). Matched in
# any case: a path typed in capitals is logged as typed. tests/bilan/test_gunicorn_conf.py
# checks every URL pattern of the resolver that takes a token is covered.
SECRET_PATHS = re.compile(
    r"(?P<prefix>/(?:signature|agenda|avis|partage|entourage|portail/mes-donnees/export"
    r"|comptes/password/reset/key|comptes/confirm-email)/)(?!done/)[^\s\"]+",
    re.IGNORECASE,
)


def redact(line: str) -> str:
    """The line with the credential of every path that carries one hidden."""
    return SECRET_PATHS.sub(
        lambda m: m["prefix"] + ("…" if m["prefix"].lower() == "/agenda/" else "…/"), line
    )


class RedactSecretPaths(logging.Filter):
    """Rewrite each record before any handler formats it (gunicorn's access log, runserver's
    and Django's request log: « Gone: /partage/<jeton>/ »)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


class SansTrace4xx(logging.Filter):
    """Keep a refused request (403, 404...) to one line: it is the platform answering as it
    should (a role without access, an unknown address), not an error, so its traceback is
    dropped. 5xx keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500 and record.exc_info:
            record.exc_info, record.exc_text = None, None
        return True
