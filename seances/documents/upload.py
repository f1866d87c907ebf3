"""The upload handler of the document views: the file stays in memory up to
``DOCUMENTS_TAILLE_MAX`` and is discarded unread beyond it (issue 11, point 6: a 50 MB
upload is refused with a French message, nothing stored).

Django's own handlers would spool a large upload to a temporary file: the plaintext of a
confidential document would touch the disk. This one never writes; a larger file is
skipped (Django reads the rest of the body and throws it away) and the view says why.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class DocumentUploadHandler(FileUploadHandler):
    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.limite = int(settings.DOCUMENTS_TAILLE_MAX)
        self.trop_volumineux = False
        self.taille_annoncee: int | None = None
        self.tampon = io.BytesIO()

    def handle_raw_input(
        self, input_data: Any, META: Any, content_length: int, *args: Any, **kwargs: Any
    ) -> None:  # noqa: N803
        self.taille_annoncee = content_length
        return None

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.tampon = io.BytesIO()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        if start + len(raw_data) > self.limite:
            self.trop_volumineux = True
            self.tampon = io.BytesIO()
            raise SkipFile
        self.tampon.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.tampon.seek(0)
        return InMemoryUploadedFile(
            file=self.tampon,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
