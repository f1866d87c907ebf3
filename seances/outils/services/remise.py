"""Handing the investigation results over to the beneficiary (seed 004, Document de
synthèse: "tous les résultats de l'investigation menée au travers des questionnaires et
tests lui sont aussi remis"; domain.md, The people: the beneficiary sees their results).

What the beneficiary sees of the tools, before and after the hand-over:

- the career timeline: always (it is built with them, in session);
- the competence inventory: always their own entries (competence, type, experience, their
  level, evidence, transferability), which they write; the consultant's level and comment
  only **after** the hand-over;
- the comparison's criteria and their weights: always (the beneficiary chooses the weights,
  in session or in the portal);
- the gap matrices and the scenarios (their texts, scores, weighted result, the chosen
  scenario and its reason): only **after** the hand-over.

After the hand-over everything of the tools is visible, including what the consultant adds
or changes later; a second hand-over is allowed (the other tools may have new results) and
keeps the first date of this one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from beneficiaires.models import Bilan
from bilan.audit.services import audit_record
from bilan.comptes.models import User

from ..models import DossierOutils
from ..remise import remises
from ._commun import dossier_for_consultant


@dataclass(frozen=True)
class Remis:
    libelle: str
    nombre: int


def outils_remettre(bilan: Bilan, acteur: User) -> int:
    """The tools' own ``remettre`` (registered in :mod:`seances.outils.remise`): mark the
    bilan's tools handed over; return how many results (periods, competences, matrices,
    scenarios) the beneficiary now sees in full."""
    dossier = DossierOutils.objects.select_for_update().filter(bilan_id=bilan.pk).first()
    if dossier is None:
        return 0
    if dossier.remis_le is None:
        dossier.remis_le, dossier.remis_par_id = timezone.now(), acteur.pk
        dossier.save(update_fields=["remis_le", "remis_par_id"])
    compte = DossierOutils.objects.filter(pk=dossier.pk).aggregate(
        e=Count("entrees", distinct=True),
        c=Count("competences", distinct=True),
        m=Count("matrices", distinct=True),
        s=Count("scenarios", distinct=True),
    )
    return sum(compte.values())


def resultats_remettre(*, bilan: Bilan, consultant: User, ip: str | None = None) -> list[Remis]:
    """The consultant's one click: every registered kind of result (tools, questionnaires,
    documents...) is handed over in one transaction; one refusal and nothing is handed."""
    with transaction.atomic():
        dossier_for_consultant(bilan=bilan, consultant=consultant)
        faits = [Remis(r.libelle, r.remettre(bilan, consultant)) for r in remises()]
        audit_record(event="outils.results_handed_over", actor=consultant, target=bilan, ip=ip)
    return faits
