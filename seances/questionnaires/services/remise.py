"""Hand-over and change of consultant (domain.md, Confidentiality; seed 004, Document de
synthèse: « tous les résultats de l'investigation menée au travers des questionnaires et
tests lui sont aussi remis »).

What the beneficiary reads before the hand-over:

- their own questionnaire scores, as soon as they answered (a self-assessment is theirs);
- not the 360° answers, nor the restitution notes: the seed places « la restitution des
  images comparées » and « des résultats des tests » in a session with the consultant, who
  reads them first and presents them; the hand-over then gives them to the beneficiary.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from beneficiaires.models import Bilan
from bilan.audit.services import audit_record
from bilan.comptes.models import User
from bilan.permissions import content_grant, content_revoke

from ..models import Enquete360, Passation, Restitution


def questionnaires_remettre(bilan: Bilan, user: User) -> int:
    """Mark the bilan's answered questionnaires, its 360° survey (once answered) and its
    restitutions handed over; returns how many were handed now (the registry of
    ``seances.outils.remise`` calls it, inside the consultant's hand-over)."""
    now = timezone.now()
    with transaction.atomic():
        enquetes = list(
            Enquete360.objects.filter(bilan=bilan, remis_le__isnull=True, reponses__isnull=False)
            .values_list("pk", flat=True)
            .distinct()
        )
        nombre = Passation.objects.filter(
            bilan=bilan, repondu_le__isnull=False, remis_le__isnull=True
        ).update(remis_le=now)
        nombre += Enquete360.objects.filter(pk__in=enquetes).update(remis_le=now)
        nombre += Restitution.objects.filter(bilan=bilan, remis_le__isnull=True).update(
            remis_le=now
        )
        if nombre:
            audit_record(event="questionnaires.handed_over", actor=user, target=bilan)
    return nombre


def questionnaires_consultant_change(*, bilan: Bilan, ancien: User | None, nouveau: User) -> None:
    """Move the reading of the bilan's questionnaires, survey and restitutions to the new
    consultant (domain.md, Confidentiality: "a change of consultant moves the access");
    called inside the reassignment's transaction."""
    for model, perm in (
        (Passation, "view_passation"),
        (Enquete360, "view_enquete360"),
        (Restitution, "view_restitution"),
    ):
        for obj in model.objects.filter(bilan=bilan):
            if ancien is not None:
                content_revoke(user=ancien, obj=obj, perms=[perm])
            content_grant(user=nouveau, obj=obj, perms=[perm])
