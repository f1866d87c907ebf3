"""After the purge nothing of the investigation remains, files included (issue: investigation
toolkit, "Done when"; domain.md, Destruction R6313-7): the tools' results, the
questionnaires and 360° answers, the working documents and their encrypted files, and the
object permissions on all of them."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from beneficiaires.models import Bilan
from bilan import retention
from bilan.conservation.services.purge import conservation_purger
from seances.documents.models import Document

pytestmark = pytest.mark.django_db

APPS = ("outils", "questionnaires", "documents")


def _lignes(bilan: Bilan) -> dict[str, int]:
    """Rows of every registered investigation model for this bilan, and their permissions."""
    comptes: dict[str, int] = {}
    for r in retention.registrations():
        if r.model._meta.app_label not in APPS:
            continue
        qs = r.model._base_manager.filter(**{r.bilan_path: bilan})
        if r.filtre is not None:
            qs = qs.filter(r.filtre)
        comptes[r.model._meta.label_lower] = qs.count()
        for relation in r.model._meta.related_objects:
            if relation.related_model.__name__.endswith("ObjectPermission"):
                comptes[relation.related_model._meta.label_lower] = (
                    relation.related_model.objects.filter(
                        **{f"content_object__{r.bilan_path}": bilan}
                    ).count()
                )
    return comptes


def test_after_the_purge_nothing_of_the_investigation_remains(
    bilan_en_cours,
    outils_exigence,
    outils_scenario,
    passation_remplie,
    enquete_360,
    restitution_test,
    document_prive,
    document_beneficiaire,
    plus_tard,
) -> None:
    avant = _lignes(bilan_en_cours)
    assert sum(avant.values()) > 20, avant
    fichiers = list(Document.objects.filter(bilan=bilan_en_cours).values_list("fichier", flat=True))
    assert len(fichiers) == 2 and all(default_storage.exists(f) for f in fichiers)

    # The action ends (abandoned: the same rule as terminé, without the closing conditions).
    Bilan.objects.filter(pk=bilan_en_cours.pk).update(
        etat="abandonne", etat_changed_at=timezone.now()
    )
    conservation_purger(maintenant=plus_tard(days=1))

    apres = _lignes(bilan_en_cours)
    assert {k: v for k, v in apres.items() if v} == {}
    assert not any(default_storage.exists(f) for f in fichiers)
    # Running it again finds nothing more and fails nothing.
    conservation_purger(maintenant=plus_tard(days=2))
