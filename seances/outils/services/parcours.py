"""The career timeline (grille d'analyse de parcours; seed 004, séances 2 and 3: "puiser dans
le parcours professionnel pour traduire les expériences en compétences")."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from beneficiaires.models import Bilan
from bilan.audit.services import audit_record
from bilan.comptes.models import User

from ..errors import OutilsError
from ..models import EntreeParcours, TypeEntree
from ._commun import dossier_for_consultant, texte_requis


def entree_parcours_add(
    *,
    bilan: Bilan,
    consultant: User,
    type: str,
    intitule: str,
    debut: datetime.date,
    fin: datetime.date | None = None,
    structure: str = "",
    experiences: str = "",
    enseignements: str = "",
    ip: str | None = None,
) -> EntreeParcours:
    """Add a period to the timeline: a post, a training, a transition or a break, its dates
    (the end, if any, not before the start), its significant experiences and lessons."""
    if type not in TypeEntree.values:
        raise OutilsError(
            "type_invalid", _("Choisissez le type : poste, formation, transition ou rupture.")
        )
    intitule = texte_requis(
        intitule, code="intitule_required", message=_("Indiquez l'intitulé de la période.")
    )
    if fin is not None and fin < debut:
        raise OutilsError(
            "fin_avant_debut", _("La date de fin ne peut pas précéder la date de début.")
        )
    with transaction.atomic():
        dossier = dossier_for_consultant(bilan=bilan, consultant=consultant)
        entree = EntreeParcours.objects.create(
            dossier=dossier,
            type=type,
            intitule=intitule,
            structure=structure.strip(),
            debut=debut,
            fin=fin,
            experiences=experiences.strip(),
            enseignements=enseignements.strip(),
        )
        audit_record(event="outils.parcours_added", actor=consultant, target=entree, ip=ip)
    return entree


def entree_parcours_delete(
    *, entree: EntreeParcours, consultant: User, ip: str | None = None
) -> None:
    """Remove a period; the competences drawn from it stay, without their link."""
    with transaction.atomic():
        dossier_for_consultant(bilan=entree.dossier.bilan, consultant=consultant)
        audit_record(event="outils.parcours_deleted", actor=consultant, target=entree, ip=ip)
        EntreeParcours.objects.filter(pk=entree.pk).delete()
