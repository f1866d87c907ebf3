"""What the questionnaires services share: who may act on a bilan, and the grants."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _

from beneficiaires.models import Bilan, Etat
from bilan.comptes.models import User
from bilan.permissions import content_grant

from ..errors import QuestionnaireError

# Investigation happens while the bilan runs (R6313-4: phase d'investigation, then the
# conclusion, which still reads the results).
ETATS_ACTIFS = frozenset({Etat.EN_COURS, Etat.CONCLUSION})


def bilan_locked(*, bilan: Bilan) -> Bilan:
    return Bilan.objects.select_for_update().select_related("beneficiaire").get(pk=bilan.pk)


def check_actif(bilan: Bilan) -> None:
    if bilan.etat not in ETATS_ACTIFS:
        raise QuestionnaireError(
            "bilan_inactif",
            _("Les questionnaires ne sont possibles que pendant le déroulement du bilan."),
        )


def check_consultant(bilan: Bilan, user: User) -> None:
    if bilan.consultant_id is None or bilan.consultant_id != user.pk:
        raise QuestionnaireError(
            "not_assigned", _("Vous n'êtes pas le consultant chargé de ce bilan.")
        )


def check_beneficiaire(bilan: Bilan, user: User) -> None:
    if bilan.beneficiaire.user_id != user.pk:
        raise QuestionnaireError("not_owner", _("Ce bilan n'est pas le vôtre."))


def grant_both(*, bilan: Bilan, obj: models.Model, perm: str) -> None:
    """The content's reader permission for the bilan's beneficiary and its consultant
    (domain.md, Confidentiality: the two of them, nobody else)."""
    content_grant(user=bilan.beneficiaire.user, obj=obj, perms=[perm])
    if bilan.consultant is not None:
        content_grant(user=bilan.consultant, obj=obj, perms=[perm])
