"""The demo (``make run``): one publisher's report, handed over, in Sophie's bilan; a second
run adds nothing."""

from __future__ import annotations

from bilan.demo import load_demo
from seances.documents.models import Document
from seances.documents.selectors import documents_visible_to
from seances.documents.services import document_lire


def test_demo_puts_one_report_in_sophies_bilan_once(db) -> None:
    load_demo()
    load_demo()
    document = Document.objects.select_related("bilan__beneficiaire__user").get()
    sophie = document.bilan.beneficiaire.user
    assert sophie.email == "sophie.durand@exemple.test"
    assert list(documents_visible_to(sophie)) == [document]
    assert document_lire(document=document, lecteur=sophie).startswith(b"%PDF-1.4")
