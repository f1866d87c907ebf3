"""The competence inventory (seed 004, séances 2 and 3: "questions à préparer par écrit dont
l'inventaire des compétences"): filled by the beneficiary as guided personal work in the
portal, reviewed by the consultant."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaires.models import Bilan
from bilan.audit.services import audit_record
from bilan.comptes.models import User

from ..errors import OutilsError
from ..models import Competence, DossierOutils, EntreeParcours, Transferabilite, TypeCompetence
from ._commun import (
    dossier_for_beneficiaire,
    dossier_for_consultant,
    niveau_valide,
    texte_requis,
)


def competence_add(
    *,
    bilan: Bilan,
    beneficiaire_user: User,
    intitule: str,
    type: str,
    niveau_auto: int | None,
    entree: EntreeParcours | None = None,
    preuves: str = "",
    transferabilite: str = "",
    transfert: str = "",
    ip: str | None = None,
) -> Competence:
    """The beneficiary adds a competence, with their own level (1 to 4), the evidence and
    its transferability; the experience it comes from is one of this bilan's periods."""
    champs = _champs(intitule, type, niveau_auto, transferabilite)
    with transaction.atomic():
        dossier = dossier_for_beneficiaire(bilan=bilan, beneficiaire_user=beneficiaire_user)
        _check_entree(dossier, entree)
        competence = Competence.objects.create(
            dossier=dossier,
            entree=entree,
            preuves=preuves.strip(),
            transfert=transfert.strip(),
            **champs,
        )
        audit_record(
            event="outils.competence_added", actor=beneficiaire_user, target=competence, ip=ip
        )
    return competence


def competence_update(
    *,
    competence: Competence,
    beneficiaire_user: User,
    intitule: str,
    type: str,
    niveau_auto: int | None,
    entree: EntreeParcours | None = None,
    preuves: str = "",
    transferabilite: str = "",
    transfert: str = "",
    ip: str | None = None,
) -> Competence:
    """The beneficiary corrects their own entry; the consultant's review stays."""
    champs = _champs(intitule, type, niveau_auto, transferabilite)
    with transaction.atomic():
        dossier = dossier_for_beneficiaire(
            bilan=competence.dossier.bilan, beneficiaire_user=beneficiaire_user
        )
        _check_entree(dossier, entree)
        locked = Competence.objects.select_for_update().get(pk=competence.pk, dossier=dossier)
        for name, value in champs.items():
            setattr(locked, name, value)
        locked.entree, locked.preuves, locked.transfert = entree, preuves.strip(), transfert.strip()
        locked.save()
        audit_record(
            event="outils.competence_updated", actor=beneficiaire_user, target=locked, ip=ip
        )
    return locked


def competence_review(
    *,
    competence: Competence,
    consultant: User,
    niveau_consultant: int,
    commentaire: str = "",
    ip: str | None = None,
) -> Competence:
    """The consultant's level (1 to 4) and comment; hidden from the beneficiary until the
    results are handed over (:mod:`seances.outils.services.remise`)."""
    niveau = niveau_valide(niveau_consultant, requis=True)
    with transaction.atomic():
        dossier = dossier_for_consultant(bilan=competence.dossier.bilan, consultant=consultant)
        locked = Competence.objects.select_for_update().get(pk=competence.pk, dossier=dossier)
        locked.niveau_consultant, locked.commentaire_consultant = niveau, commentaire.strip()
        locked.revue_le = timezone.now()
        locked.save(update_fields=["niveau_consultant", "commentaire_consultant", "revue_le"])
        audit_record(event="outils.competence_reviewed", actor=consultant, target=locked, ip=ip)
    return locked


def _champs(intitule: str, type: str, niveau_auto: int | None, transferabilite: str) -> dict:
    intitule = texte_requis(intitule, code="intitule_required", message=_("Nommez la compétence."))
    if type not in TypeCompetence.values:
        raise OutilsError("type_invalid", _("Choisissez le type : technique ou comportementale."))
    if transferabilite and transferabilite not in Transferabilite.values:
        raise OutilsError(
            "transferabilite_invalid",
            _("Choisissez la transférabilité : forte, moyenne ou faible."),
        )
    return {
        "intitule": intitule,
        "type": type,
        "niveau_auto": niveau_valide(niveau_auto),
        "transferabilite": transferabilite,
    }


def _check_entree(dossier: DossierOutils, entree: EntreeParcours | None) -> None:
    if entree is not None and entree.dossier_id != dossier.pk:
        raise OutilsError(
            "entree_other_bilan", _("Cette expérience n'appartient pas au parcours de ce bilan.")
        )
