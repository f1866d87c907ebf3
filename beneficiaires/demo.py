"""Demo dossiers: four beneficiaries, bilans in several states, one of them with a convention
tripartite awaiting its beneficiary's signature (bilan.demo, idempotent)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.utils import timezone

from bilan.comptes.models import Role, User
from bilan.demo import DEMO_PASSWORD

from .convention import (
    convention_link_issue,
    convention_set,
    convention_sign_employer,
    convention_sign_provider,
)
from .financement import financement_autofinancement_set, financement_cpf_set
from .models import (
    FINANCEMENTS_CONVENTION,
    Beneficiaire,
    Bilan,
    BilanEvenement,
    Etat,
    Financement,
    FormatBilan,
    StatutProfessionnel,
)
from .services import (
    beneficiaire_profile_create,
    bilan_create,
    bilan_transition,
    consentement_record,
    entretien_prealable_record,
)

ADMIN = "admin@exemple.test"
NADIA = "nadia.moreau@exemple.test"
DEMO_IP = "192.0.2.10"  # documentation range (RFC 5737): no real address in the demo
# Days ago, so that the demo's history reads in order: the entretien préalable, the contract
# and its 10-day withdrawal period (L6353-5), then the sessions (seances.demo: the finished
# bilan's first one ten weeks ago, those of the bilan in progress within the last week).
ENTRETIEN_IL_Y_A: dict[str, int] = {Etat.EN_COURS: 10, Etat.TERMINE: 90}
AUTOFINANCEMENT_IL_Y_A = 84
# Each demo bilan reaches its state through the life cycle, as a real one would.
CHEMINS: dict[str, tuple[str, ...]] = {
    Etat.PREALABLE: (),
    Etat.ENGAGEMENT: (Etat.ENGAGEMENT,),
    Etat.EN_COURS: (Etat.ENGAGEMENT, Etat.EN_COURS),
    Etat.TERMINE: (Etat.ENGAGEMENT, Etat.EN_COURS, Etat.CONCLUSION, Etat.TERMINE),
}


@dataclass(frozen=True)
class DemoDossier:
    email: str
    statut_professionnel: str
    employeur_nom: str
    consultant: str
    etat: str
    financement: str = ""


DOSSIERS = [
    DemoDossier(
        "lea.petit@exemple.test",
        StatutProfessionnel.INDEPENDANT,
        "",
        "claire.martin@exemple.test",
        Etat.PREALABLE,
    ),
    DemoDossier(
        "sophie.durand@exemple.test",
        StatutProfessionnel.SALARIE,
        "Transports du Val",
        "claire.martin@exemple.test",
        Etat.EN_COURS,
        Financement.CPF,
    ),
    DemoDossier(
        "karim.benali@exemple.test",
        StatutProfessionnel.DEMANDEUR_EMPLOI,
        "",
        "julien.bernard@exemple.test",
        Etat.TERMINE,
        Financement.AUTOFINANCEMENT,
    ),
    # Convention tripartite signed by the provider and the employer (transmitted today): it
    # waits for the employee's signature in the portal, 10 days at most (R6313-8).
    DemoDossier(
        NADIA,
        StatutProfessionnel.SALARIE,
        "Transports Rivière",
        "claire.martin@exemple.test",
        Etat.ENGAGEMENT,
        Financement.PLAN_DEVELOPPEMENT,
    ),
]


# What later apps must add before a demo bilan enters a state (the sessions, held and
# signed, before terminé); they register it from their apps.py, as with bilan.demo's steps.
_preparations: dict[str, list[Callable[[Bilan], None]]] = {}


def register_preparation(etat: str, preparation: Callable[[Bilan], None]) -> None:
    preparations = _preparations.setdefault(etat, [])
    if preparation not in preparations:
        preparations.append(preparation)


def demo_dossiers(users: dict[str, User]) -> list[str]:
    """Create the missing demo dossiers; leave existing ones alone; describe them all."""
    lines = ["Bilans de démonstration :"]
    users = {**users, NADIA: _beneficiaire_user(NADIA, "Nadia", "Moreau")}
    for dossier in DOSSIERS:
        bilan = _dossier(dossier, users)
        lines.append(
            f"  {bilan.reference}  {bilan.beneficiaire}  ({bilan.get_etat_display()}, "
            f"consultant : {bilan.consultant})"
        )
        if dossier.financement in FINANCEMENTS_CONVENTION:
            lines.append(
                f"    convention à signer dans le portail par {dossier.email} "
                "(même mot de passe que les autres comptes)"
            )
    return lines


def _dossier(dossier: DemoDossier, users: dict[str, User]) -> Bilan:
    user, admin = users[dossier.email], users.get(ADMIN)
    beneficiaire = Beneficiaire.objects.filter(user=user).first()
    if beneficiaire is None:
        beneficiaire = beneficiaire_profile_create(
            user=user,
            statut_professionnel=dossier.statut_professionnel,
            employeur_nom=dossier.employeur_nom,
            created_by=admin,
        )
    bilan = beneficiaire.bilans.select_related("consultant").order_by("pk").first()
    if bilan is not None:
        return bilan
    consultant = users[dossier.consultant]
    bilan = bilan_create(beneficiaire=beneficiaire, consultant=consultant, created_by=admin)
    # Every demo bilan has had its entretien préalable; those past préalable have the consent.
    _entretien(bilan, consultant, il_y_a=ENTRETIEN_IL_Y_A.get(dossier.etat, 7))
    if CHEMINS[dossier.etat]:
        consentement_record(bilan=bilan, beneficiaire_user=user, donne=True, ip=DEMO_IP)
    for etat in CHEMINS[dossier.etat]:
        if etat == Etat.EN_COURS:
            _financement(bilan, consultant, dossier.financement)
        for preparation in _preparations.get(etat, []):
            preparation(bilan)
        bilan = bilan_transition(bilan=bilan, vers=etat, by=consultant)
    if dossier.financement in FINANCEMENTS_CONVENTION:
        _convention(bilan, consultant, dossier)
    return bilan


def _beneficiaire_user(email: str, first_name: str, last_name: str) -> User:
    """A demo beneficiary's account beyond the shared demo people (same demo password)."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            first_name=first_name,
            last_name=last_name,
            role=Role.BENEFICIAIRE,
        )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _convention(bilan: Bilan, consultant: User, dossier: DemoDossier) -> None:
    """The convention, signed by the provider then by the employer through its link (which
    transmits it today); the beneficiary's signature is left to the demo visitor."""
    debut = timezone.localdate() + datetime.timedelta(days=21)
    convention_set(
        bilan=bilan,
        consultant=consultant,
        financement=dossier.financement,
        intitule="Bilan de compétences",
        objectif="Permettre à la salariée d'analyser ses compétences professionnelles et "
        "personnelles, ses aptitudes et ses motivations, et de définir un projet professionnel.",
        contenu="Phase préliminaire, phase d'investigation, phase de conclusion (article "
        "R6313-4 du Code du travail).",
        moyens="Entretiens individuels, tests et questionnaires, travail personnel guidé, "
        "enquêtes métiers, ressources documentaires.",
        duree_heures=Decimal("24"),
        date_debut=debut,
        date_fin=debut + datetime.timedelta(days=90),
        deroulement_suivi="Huit séances individuelles de deux heures environ, en présentiel "
        "et à distance ; entretien de suivi six mois après la fin.",
        modalites_restitution="Restitution orale lors de l'entretien de conclusion ; le "
        "document de synthèse est remis au seul bénéficiaire.",
        prix=Decimal("1800.00"),
        modalites_paiement="Facture adressée à l'employeur à l'issue du bilan, réglée à 30 jours.",
        signataire_organisation=dossier.employeur_nom,
        signataire_nom="Marc Rivière",
        signataire_email="rh@transports-riviere.exemple.test",
        ip=DEMO_IP,
    )
    convention_sign_provider(bilan=bilan, user=consultant)
    # The link is used at once: no live token is left behind by the demo.
    token = convention_link_issue(bilan=bilan, user=consultant, ip=DEMO_IP)
    convention_sign_employer(token=token, signataire_nom="Marc Rivière")


def _financement(bilan: Bilan, consultant: User, chemin: str) -> None:
    """A valid funding before en cours (domain.md, Engagement; Funding)."""
    if chemin == Financement.CPF:
        financement_cpf_set(
            bilan=bilan,
            consultant=consultant,
            prix=Decimal("1450.00"),
            numero_dossier="CPF-DEMO-0001",
            declaration_aucun_bilan_5_ans=True,
            ip=DEMO_IP,
        )
        return
    # Signed long enough ago for the 10-day withdrawal period to be over (L6353-5/6); the
    # demo's engagement is dated that day too, as the contract cannot precede it.
    signe_le = timezone.localdate() - datetime.timedelta(days=AUTOFINANCEMENT_IL_Y_A)
    _engagement_backdate(bilan, signe_le)
    financement_autofinancement_set(
        bilan=bilan,
        consultant=consultant,
        prix=Decimal("1500.00"),
        signe_le=signe_le,
        echeances=[
            (signe_le + datetime.timedelta(days=11), Decimal("450.00")),
            (signe_le + datetime.timedelta(days=45), Decimal("525.00")),
            (signe_le + datetime.timedelta(days=75), Decimal("525.00")),
        ],
        ip=DEMO_IP,
    )


def _engagement_backdate(bilan: Bilan, on: datetime.date) -> None:
    """Date the demo bilan's entry into engagement ``on`` (demo history only)."""
    at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(9, 0)))
    BilanEvenement.objects.filter(bilan=bilan, vers=Etat.ENGAGEMENT).update(at=at)
    Bilan.objects.filter(pk=bilan.pk).update(etat_changed_at=at)


def _entretien(bilan: Bilan, consultant: User, *, il_y_a: int) -> None:
    entretien_prealable_record(
        bilan=bilan,
        consultant=consultant,
        besoin="Faire le point sur ses compétences avant une évolution professionnelle.",
        attentes="Identifier des pistes de métiers réalistes et les vérifier sur le terrain.",
        situation="En poste ou en recherche, disponible deux demi-journées par mois.",
        objectifs="Construire un projet professionnel et un plan d'action daté.",
        format=FormatBilan.MIXTE,
        tenu_le=timezone.localdate() - datetime.timedelta(days=il_y_a),
    )
