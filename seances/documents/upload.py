"""The upload handler of the document views: the file stays in memory up to
``DOCUMENTS_TAILLE_MAX`` and is discarded unread beyond it (issue 11, point 6: a 50 MB
upload is refused with a French message, nothing stored; bilan/televersement.py: the
plaintext of a confidential document never touches the disk)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from bilan.televersement import MemoireBorneeUploadHandler


class DocumentUploadHandler(MemoireBorneeUploadHandler):
    def __init__(self, request: Any = None) -> None:
        super().__init__(request, limite=int(settings.DOCUMENTS_TAILLE_MAX))
        self.taille_annoncee: int | None = None

    def handle_raw_input(
        self, input_data: Any, META: Any, content_length: int, *args: Any, **kwargs: Any
    ) -> None:  # noqa: N803
        self.taille_annoncee = content_length
        return None
