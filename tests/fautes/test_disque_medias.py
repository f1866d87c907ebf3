"""The media disk full or read-only when a PDF is stored (issue: faults): a clear error, no
document recorded, no half-written file left — on a small file system the test mounts."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bilan.scelles import services
from bilan.scelles.errors import ScellementError
from bilan.scelles.models import DocumentScelle, TypeDocument

pytestmark = pytest.mark.django_db


def _monter(point: Path, options: str) -> None:
    point.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        if os.environ.get("CI"):
            pytest.fail(f"montage d'un tmpfs impossible : {result.stderr}")
        pytest.skip("montage d'un tmpfs impossible hors de la machine de CI (root requis)")


@pytest.fixture
def disque(tmp_path: Path, settings) -> Iterator[Path]:
    point = tmp_path / "medias"
    yield point
    subprocess.run(["umount", str(point)], capture_output=True, check=False)


def _sceller(bilan) -> DocumentScelle:
    return services.document_sceller(
        bilan=bilan,
        type_document=TypeDocument.ATTESTATION_PRESENCE,
        template_name="bilan/pdf/essai.html",
        context={"texte": "Attestation " * 400},
    )


def test_a_full_disk_gives_a_clear_error_and_keeps_nothing(bilan, disque, settings) -> None:
    _monter(disque, "size=64k")
    settings.MEDIA_ROOT = disque
    (disque / "remplissage").write_bytes(b"\0" * 60 * 1024)  # leaves about 4 kB

    with pytest.raises(ScellementError) as exc:
        _sceller(bilan)

    assert exc.value.code == "stockage"
    assert "n'a pas pu être enregistré" in str(exc.value)
    assert DocumentScelle.objects.count() == 0
    assert not list(disque.rglob("*.pdf"))


def test_a_read_only_disk_gives_a_clear_error_and_keeps_nothing(bilan, disque, settings) -> None:
    _monter(disque, "size=1m,ro")
    settings.MEDIA_ROOT = disque

    with pytest.raises(ScellementError) as exc:
        _sceller(bilan)

    assert exc.value.code == "stockage"
    assert DocumentScelle.objects.count() == 0


def test_once_the_disk_has_room_again_the_document_is_stored(bilan, disque, settings) -> None:
    _monter(disque, "size=1m")
    settings.MEDIA_ROOT = disque
    document = _sceller(bilan)
    assert (disque / document.fichier.name).exists()
