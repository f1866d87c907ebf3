"""Gap matrices (seed 003, Supports pédagogiques: "matrices d'écart (compétences/exigences,
ressources/contraintes)"; Objectifs spécifiques: "identifier les écarts entre les compétences
actuelles et les compétences cibles")."""

from __future__ import annotations

import unicodedata

from django.db import transaction
from django.utils.translation import gettext as _

from beneficiaires.models import Bilan
from bilan.audit.services import audit_record
from bilan.comptes.models import User

from ..errors import OutilsError
from ..models import Competence, DossierOutils, Exigence, Matrice, Moyen
from ._commun import dossier_for_consultant, niveau_valide, texte_requis


def matrice_create(
    *,
    bilan: Bilan,
    consultant: User,
    cible: str,
    ressources: str = "",
    contraintes: str = "",
    ip: str | None = None,
) -> Matrice:
    """Open a gap matrix for one target job or project."""
    cible = _cible(cible)
    with transaction.atomic():
        dossier = dossier_for_consultant(bilan=bilan, consultant=consultant)
        matrice = Matrice.objects.create(
            dossier=dossier,
            cible=cible,
            ressources=ressources.strip(),
            contraintes=contraintes.strip(),
        )
        audit_record(event="outils.matrice_created", actor=consultant, target=matrice, ip=ip)
    return matrice


def matrice_update(
    *,
    matrice: Matrice,
    consultant: User,
    cible: str,
    ressources: str = "",
    contraintes: str = "",
    ip: str | None = None,
) -> Matrice:
    """Rename the target, rewrite the resources and the constraints."""
    cible = _cible(cible)
    with transaction.atomic():
        dossier = dossier_for_consultant(bilan=matrice.dossier.bilan, consultant=consultant)
        locked = Matrice.objects.select_for_update().get(pk=matrice.pk, dossier=dossier)
        locked.cible, locked.ressources = cible, ressources.strip()
        locked.contraintes = contraintes.strip()
        locked.save(update_fields=["cible", "ressources", "contraintes"])
        audit_record(event="outils.matrice_updated", actor=consultant, target=locked, ip=ip)
    return locked


def exigence_add(
    *,
    matrice: Matrice,
    consultant: User,
    intitule: str,
    niveau_requis: int,
    competence: Competence | None = None,
    niveau_saisi: int | None = None,
    moyen: str = "",
    moyen_detail: str = "",
    ip: str | None = None,
) -> Exigence:
    """Add a required competence. Its current level is the inventory's when it matches a
    competence of the inventory (the one chosen, else the one of the same name, accents and
    case aside); otherwise the level given here. A gap names its means: formation,
    expérience or réseau."""
    intitule = texte_requis(
        intitule, code="intitule_required", message=_("Nommez la compétence requise.")
    )
    niveau_requis = niveau_valide(niveau_requis, requis=True)
    niveau_saisi = niveau_valide(niveau_saisi)
    if moyen and moyen not in Moyen.values:
        raise OutilsError(
            "moyen_invalid", _("Choisissez le moyen : formation, expérience ou réseau.")
        )
    with transaction.atomic():
        dossier = dossier_for_consultant(bilan=matrice.dossier.bilan, consultant=consultant)
        locked = Matrice.objects.select_for_update().get(pk=matrice.pk, dossier=dossier)
        if competence is not None and competence.dossier_id != dossier.pk:
            raise OutilsError(
                "competence_other_bilan",
                _("Cette compétence n'appartient pas à l'inventaire de ce bilan."),
            )
        competence = competence or competence_matching(dossier=dossier, intitule=intitule)
        exigence = Exigence.objects.create(
            matrice=locked,
            intitule=intitule,
            niveau_requis=niveau_requis,
            competence=competence,
            niveau_saisi=niveau_saisi,
            moyen=moyen,
            moyen_detail=moyen_detail.strip(),
        )
        audit_record(event="outils.exigence_added", actor=consultant, target=exigence, ip=ip)
    return exigence


def exigence_delete(*, exigence: Exigence, consultant: User, ip: str | None = None) -> None:
    with transaction.atomic():
        dossier_for_consultant(bilan=exigence.matrice.dossier.bilan, consultant=consultant)
        audit_record(event="outils.exigence_deleted", actor=consultant, target=exigence, ip=ip)
        Exigence.objects.filter(pk=exigence.pk).delete()


def competence_matching(*, dossier: DossierOutils, intitule: str) -> Competence | None:
    """The inventory's competence of the same name (texts are encrypted: compared here)."""
    cle = _cle(intitule)
    for competence in Competence.objects.filter(dossier=dossier):
        if _cle(competence.intitule) == cle:
            return competence
    return None


def _cle(texte: str) -> str:
    decompose = unicodedata.normalize("NFKD", texte.casefold())
    return " ".join("".join(c for c in decompose if not unicodedata.combining(c)).split())


def _cible(cible: str) -> str:
    return texte_requis(
        cible, code="cible_required", message=_("Indiquez le métier ou le projet visé.")
    )
