"""Logging helpers of the settings' LOGGING."""

from __future__ import annotations

import logging


class SansTrace4xx(logging.Filter):
    """Keep a refused request (403, 404...) to one line: it is the platform answering as it
    should (a role without access, an unknown address), not an error, so its traceback is
    dropped. 5xx keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500 and record.exc_info:
            record.exc_info, record.exc_text = None, None
        return True
