"""Data-subject requests (RGPD art. 12, 15, 17, 20; domain.md, Confidentiality and data:
"requests are registered with a due date (1 month, extendable by 2) ... erasure stops at what
a legal obligation keeps")."""

from __future__ import annotations

import calendar
from collections import Counter
from datetime import date
from typing import Any

from allauth.account.models import EmailAddress
from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bilan import retention
from bilan.audit.services import audit_record
from bilan.comptes.models import User
from bilan.retention import Categorie

from ..echeances import APRES_LA_FIN, lignes, ordre_de_destruction
from ..errors import ConservationError
from ..models import DemandeDroit, TypeDemande
from .purge import entree_purger

# Why a legal obligation keeps a category after an erasure request (RGPD art. 17.3.b).
MOTIFS_CONSERVATION = {
    Categorie.PREUVE: "Preuve administrative conservée 4 ans (article R6351-17 du code du "
    "travail : émargements, convention, certificat de réalisation, attestations).",
    Categorie.FACTURE: "Facture conservée 10 ans (article L123-22 du code de commerce).",
}


def ajouter_mois(jour: date, mois: int) -> date:
    """The same day ``mois`` months later (the last day of a shorter month)."""
    annee, rang = divmod(jour.month - 1 + mois, 12)
    annee += jour.year
    dernier = calendar.monthrange(annee, rang + 1)[1]
    return jour.replace(year=annee, month=rang + 1, day=min(jour.day, dernier))


@transaction.atomic
def demande_enregistrer(
    *,
    personne: User,
    type: str,
    recue_le: date,
    enregistree_par: User,
    ip: str | None = None,
) -> DemandeDroit:
    """Register a request, due one month after its receipt (RGPD art. 12.3).

    A beneficiary files only for themselves; an administrator registers a request received
    by letter or e-mail for any beneficiary.
    """
    if enregistree_par.is_beneficiaire and enregistree_par.pk != personne.pk:
        raise ConservationError(
            "demande_tiers", _("Vous ne pouvez faire une demande que pour vos propres données.")
        )
    if not personne.is_beneficiaire:
        raise ConservationError(
            "personne_invalide", _("La demande doit concerner une personne accompagnée.")
        )
    if type not in TypeDemande.values:
        raise ConservationError("type_invalide", _("Ce type de demande n'existe pas."))
    if recue_le > timezone.localdate():
        raise ConservationError(
            "date_future", _("La date de réception ne peut pas être dans le futur.")
        )
    if (
        type == TypeDemande.EFFACEMENT
        and personne.demandes_rgpd.filter(
            type=TypeDemande.EFFACEMENT, repondue_le__isnull=True
        ).exists()
    ):
        raise ConservationError(
            "effacement_en_cours", _("Une demande d'effacement est déjà en cours de traitement.")
        )
    demande = DemandeDroit.objects.create(
        personne=personne,
        type=type,
        recue_le=recue_le,
        echeance=ajouter_mois(recue_le, 1),
        enregistree_par_id=enregistree_par.pk,
    )
    audit_record(event="rgpd.demande_enregistree", actor=enregistree_par, target=demande, ip=ip)
    return demande


@transaction.atomic
def demande_prolonger(
    *, demande: DemandeDroit, motif: str, acteur: User, ip: str | None = None
) -> DemandeDroit:
    """Extend the due date by two months, once, with the reason, before it passes (art. 12.3)."""
    demande = DemandeDroit.objects.select_for_update().get(pk=demande.pk)
    motif = motif.strip()
    if demande.repondue_le is not None:
        raise ConservationError("deja_repondue", _("Cette demande a déjà reçu une réponse."))
    if demande.prolongee_le is not None:
        raise ConservationError(
            "deja_prolongee", _("Le délai ne peut être prolongé qu'une fois (deux mois au plus).")
        )
    if not motif:
        raise ConservationError(
            "motif_requis",
            _("Indiquez le motif de la prolongation, il est communiqué à la personne."),
        )
    if demande.echeance < timezone.localdate():
        raise ConservationError(
            "echeance_depassee",
            _("Le délai d'un mois est dépassé : il ne peut plus être prolongé."),
        )
    demande.echeance = ajouter_mois(demande.echeance, 2)
    demande.prolongee_le = timezone.localdate()
    demande.motif_prolongation = motif[:300]
    demande.save(update_fields=["echeance", "prolongee_le", "motif_prolongation"])
    audit_record(event="rgpd.demande_prolongee", actor=acteur, target=demande, ip=ip)
    return demande


@transaction.atomic
def demande_repondre(
    *, demande: DemandeDroit, repondue_le: date, issue: str, acteur: User, ip: str | None = None
) -> DemandeDroit:
    """Record the answer (an erasure is answered by :func:`effacement_executer`)."""
    demande = DemandeDroit.objects.select_for_update().get(pk=demande.pk)
    if demande.repondue_le is not None:
        raise ConservationError("deja_repondue", _("Cette demande a déjà reçu une réponse."))
    if demande.type == TypeDemande.EFFACEMENT:
        raise ConservationError(
            "effacement_a_executer", _("Une demande d'effacement se traite par l'effacement.")
        )
    if issue not in DemandeDroit.Issue.values:
        raise ConservationError("issue_invalide", _("Choisissez l'issue de la demande."))
    if repondue_le < demande.recue_le or repondue_le > timezone.localdate():
        raise ConservationError(
            "date_reponse", _("La date de réponse doit être entre la réception et aujourd'hui.")
        )
    demande.repondue_le = repondue_le
    demande.issue = issue
    demande.save(update_fields=["repondue_le", "issue"])
    audit_record(event="rgpd.demande_repondue", actor=acteur, target=demande, ip=ip)
    return demande


def effacement_executer(
    *, demande: DemandeDroit, acteur: User, ip: str | None = None
) -> DemandeDroit:
    """Erase what no legal obligation keeps (RGPD art. 17.3.b): the bilans' content and the
    rows kept under agreement now, the account's identity when no proof needs it; record
    what was kept and why.

    Not one transaction: the rows go in the purge's short batches (a second call finishes an
    interrupted one); the request is answered last, in its own transaction.
    """
    if demande.type != TypeDemande.EFFACEMENT:
        raise ConservationError("pas_effacement", _("Cette demande n'est pas un effacement."))
    if demande.repondue_le is not None:
        raise ConservationError("deja_repondue", _("Cette demande a déjà reçu une réponse."))
    Bilan = apps.get_model("beneficiaires", "Bilan")
    bilans = list(
        Bilan.objects.filter(beneficiaire__user=demande.personne).values_list("pk", "etat")
    )
    if any(etat not in APRES_LA_FIN for _pk, etat in bilans):
        raise ConservationError(
            "bilan_en_cours",
            _(
                "Un bilan de cette personne est en cours : il doit être arrêté (abandon) "
                "avant l'effacement."
            ),
        )
    ids = [pk for pk, _etat in bilans]
    supprime: Counter[str] = Counter()
    for entree in ordre_de_destruction(retention.registrations()):
        if entree.categorie in (Categorie.CONTENU, Categorie.EXCEPTION_SUIVI):
            n = entree_purger(entree=entree, bilans=ids, execution=None, motif="effacement")
            supprime[str(entree.categorie)] += n
    conserve = _conserve(ids)
    return _effacement_conclure(
        demande=demande, supprime=dict(supprime), conserve=conserve, acteur=acteur, ip=ip
    )


def _conserve(ids: list[int]) -> list[dict[str, Any]]:
    par_categorie: dict[str, Counter[str]] = {}
    for entree in retention.registrations():
        n = lignes(entree).filter(**{f"{entree.bilan_path}__in": ids}).count()
        if n:
            compte = par_categorie.setdefault(str(entree.categorie), Counter())
            compte[entree.model._meta.verbose_name_plural.capitalize()] += n
    return [
        {
            "categorie": categorie,
            "lignes": dict(compte),
            "motif": MOTIFS_CONSERVATION.get(Categorie(categorie), ""),
        }
        for categorie, compte in par_categorie.items()
    ]


@transaction.atomic
def _effacement_conclure(
    *,
    demande: DemandeDroit,
    supprime: dict[str, int],
    conserve: list[dict[str, Any]],
    acteur: User,
    ip: str | None,
) -> DemandeDroit:
    personne = User.objects.select_for_update().get(pk=demande.personne_id)
    if conserve:
        compte = "conservé (identité nécessaire aux preuves conservées), désactivé"
    else:
        compte = "anonymisé et désactivé"
        personne.first_name = "Personne"
        personne.last_name = "effacée"
        personne.email = f"efface-{personne.pk}@efface.invalid"
        EmailAddress.objects.filter(user=personne).delete()
        profil = getattr(personne, "beneficiaire", None)
        if profil is not None:
            profil.telephone = ""
            profil.save(update_fields=["telephone"])
    personne.is_active = False
    personne.set_unusable_password()
    personne.save()
    demande = DemandeDroit.objects.select_for_update().get(pk=demande.pk)
    demande.bilan_effacement = {"supprime": supprime, "conserve": conserve, "compte": compte}
    demande.repondue_le = timezone.localdate()
    demande.issue = DemandeDroit.Issue.PARTIELLE if conserve else DemandeDroit.Issue.SATISFAITE
    demande.save(update_fields=["bilan_effacement", "repondue_le", "issue"])
    audit_record(event="rgpd.effacement", actor=acteur, target=demande, ip=ip)
    return demande
