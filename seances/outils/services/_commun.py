"""What the tools' services share: the bilan's dossier, created on first write with its
permissions, and the checks of who writes (domain.md, Confidentiality)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from beneficiaires.models import Bilan, Etat
from bilan.comptes.models import User
from bilan.permissions import content_grant, content_revoke

from ..errors import OutilsError
from ..models import DossierOutils

CONSULTANT_PERMS = ("view_dossieroutils", "change_dossieroutils")
BENEFICIAIRE_PERMS = ("view_dossieroutils",)
# The investigation runs while the bilan is under way (R6313-4: investigation, conclusion).
ETATS_OUVERTS = frozenset({Etat.EN_COURS, Etat.CONCLUSION})


def _bilan_locked(bilan: Bilan) -> Bilan:
    locked = Bilan.objects.select_for_update().select_related("beneficiaire").get(pk=bilan.pk)
    if locked.etat not in ETATS_OUVERTS:
        raise OutilsError(
            "bilan_not_running",
            _(
                "Les outils d'investigation ne se modifient que pendant le bilan (en cours ou en "
                "conclusion)."
            ),
        )
    return locked


def dossier_for_consultant(*, bilan: Bilan, consultant: User) -> DossierOutils:
    """The bilan's tools, locked and created if need be, if ``consultant`` is assigned."""
    locked = _bilan_locked(bilan)
    if locked.consultant_id is None or locked.consultant_id != consultant.pk:
        raise OutilsError("not_assigned", _("Vous n'êtes pas le consultant chargé de ce bilan."))
    return _dossier(locked)


def dossier_for_beneficiaire(*, bilan: Bilan, beneficiaire_user: User) -> DossierOutils:
    """The bilan's tools, locked and created if need be, if the user owns the bilan."""
    locked = _bilan_locked(bilan)
    if locked.beneficiaire.user_id != beneficiaire_user.pk:
        raise OutilsError("not_owner", _("Ce bilan n'est pas le vôtre."))
    return _dossier(locked)


def _dossier(bilan: Bilan) -> DossierOutils:
    """Created under the bilan's row lock, its permissions given in the same transaction
    to the assigned consultant and to the beneficiary (style.md, rule 4)."""
    dossier = DossierOutils.objects.select_for_update().filter(bilan=bilan).first()
    if dossier is not None:
        return dossier
    dossier = DossierOutils.objects.create(bilan=bilan)
    if bilan.consultant_id is not None:
        content_grant(user=bilan.consultant, obj=dossier, perms=CONSULTANT_PERMS)
    content_grant(user=bilan.beneficiaire.user, obj=dossier, perms=BENEFICIAIRE_PERMS)
    return dossier


def outils_consultant_change(*, bilan: Bilan, ancien: User | None, nouveau: User) -> int:
    """Move the tools' access to the new consultant (domain.md, Confidentiality: "a change
    of consultant moves the access"); called inside the reassignment's transaction."""
    dossier = DossierOutils.objects.filter(bilan_id=bilan.pk).first()
    if dossier is None:
        return 0
    if ancien is not None:
        content_revoke(user=ancien, obj=dossier, perms=CONSULTANT_PERMS)
    content_grant(user=nouveau, obj=dossier, perms=CONSULTANT_PERMS)
    return 1


def texte_requis(valeur: str, *, code: str, message: str) -> str:
    valeur = (valeur or "").strip()
    if not valeur:
        raise OutilsError(code, message)
    return valeur


def niveau_valide(niveau: int | None, *, requis: bool = False) -> int | None:
    from ..models import NIVEAU_MAX, NIVEAU_MIN

    if niveau is None and not requis:
        return None
    if not isinstance(niveau, int) or not NIVEAU_MIN <= niveau <= NIVEAU_MAX:
        raise OutilsError(
            "niveau_invalid", _("Le niveau doit être compris entre 1 et 4 (voir l'échelle).")
        )
    return niveau
