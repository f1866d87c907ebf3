"""An upload handler that keeps the file in memory up to a limit and discards it unread
beyond it (domain.md: bad input changes nothing; no plaintext on disk). The limit is
for the whole request: a form posted with many file parts, each under it, is not kept in
memory past it either.

Django's default handlers spool any upload over 2.5 MB to a temporary file, whole: a
confidential document's plaintext would touch the disk, and on a public page anyone could
fill it. This handler never writes; a larger file is skipped (Django reads the rest of the
body and throws it away) and ``trop_volumineux`` lets the view say why. Used by the working
documents (seances/documents/upload.py) and the public verification page
(bilan/scelles/upload.py).
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class MemoireBorneeUploadHandler(FileUploadHandler):
    def __init__(self, request: Any = None, *, limite: int) -> None:
        super().__init__(request)
        self.limite = limite
        self.trop_volumineux = False
        self.total = 0  # bytes received over every file of the request
        self.tampon = io.BytesIO()

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.tampon = io.BytesIO()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.total += len(raw_data)
        if self.total > self.limite:
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
