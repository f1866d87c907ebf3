"""The upload handler of the public verification page: the PDF stays in memory up to the
page's limit and is discarded unread beyond it (bilan/televersement.py): on a page anyone
can reach without an account, Django's spooling to a temporary file would let anyone fill
the disk."""

from __future__ import annotations

from bilan.televersement import MemoireBorneeUploadHandler


class VerificationUploadHandler(MemoireBorneeUploadHandler):
    """The verification page's handler; the view gives it the page's limit."""
