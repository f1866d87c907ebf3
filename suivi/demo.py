"""Demo data of the follow-up (`make run`): free slots for the consultants and a few
anonymous survey answers, so that the offer's public page shows results. Idempotent."""

from __future__ import annotations

import datetime
import importlib

from django.db import transaction
from django.utils import timezone

from bilan.comptes.models import Role, User

from .models import Creneau, Modalite, Offre, Question, Reponse, TypeQuestion, Valeur

# (moment, months ago, satisfaction score, choice index, free text)
REPONSES = [
    ("chaud", 5, 5, 0, "Un accompagnement à l'écoute, des outils concrets."),
    ("chaud", 5, 4, 0, ""),
    ("chaud", 4, 5, 1, "J'aurais aimé une séance de plus sur le marché de l'emploi."),
    ("chaud", 3, 3, 1, ""),
    ("chaud", 2, 5, 0, ""),
    ("chaud", 1, 4, 0, "Très clair, merci."),
    ("froid", 2, 4, 1, ""),
    ("froid", 1, 5, 0, "Le plan d'action m'a servi de fil conducteur pendant ma formation."),
    ("froid", 1, 2, 2, ""),
]


def seed_ensure() -> None:
    """Recreate the questionnaires and the offer of migration 0002 if they are gone (a
    flushed test database loses data migrations' rows)."""
    from django.apps import apps as registry

    importlib.import_module("suivi.migrations.0002_questionnaires_et_offre").create(registry, None)


def demo_suivi(users: dict[str, User]) -> list[str]:
    seed_ensure()
    lines = []
    with transaction.atomic():
        demain = timezone.localdate() + datetime.timedelta(days=14)
        for consultant in User.objects.filter(role=Role.CONSULTANT, email__endswith="exemple.test"):
            if Creneau.objects.filter(consultant=consultant).exists():
                continue
            for jour, heure in ((0, 10), (2, 14), (7, 9)):
                Creneau.objects.create(
                    consultant=consultant,
                    debut=timezone.make_aware(
                        datetime.datetime.combine(
                            demain + datetime.timedelta(days=jour), datetime.time(heure)
                        )
                    ),
                    duree_minutes=60,
                    modalite=Modalite.DISTANCIEL,
                )
        lines.extend(_karim_accepte())
        offre = Offre.objects.filter(principale=True).first()
        if offre is not None:
            if not Reponse.objects.filter(offre=offre).exists():
                _reponses(offre)
            lines.append(
                f"Suivi : {len(REPONSES)} réponses anonymes ; page publique /offres/{offre.slug}/"
            )
    return lines


def _reponses(offre: Offre) -> None:
    mois = timezone.localdate().replace(day=1)
    for moment, il_y_a, note, choix, texte in REPONSES:
        periode = mois
        for _i in range(il_y_a):
            periode = (periode - datetime.timedelta(days=1)).replace(day=1)
        reponse = Reponse.objects.create(offre=offre, moment=moment, periode=periode)
        for q in Question.objects.filter(questionnaire__moment=moment, active=True):
            if q.type == TypeQuestion.ECHELLE:
                Valeur.objects.create(reponse=reponse, question=q, note=note)
            elif q.type == TypeQuestion.CHOIX:
                Valeur.objects.create(
                    reponse=reponse, question=q, texte=q.options[choix % len(q.options)]
                )
            elif texte:
                Valeur.objects.create(reponse=reponse, question=q, texte=texte)


KARIM = "karim.benali@exemple.test"


def _karim_accepte() -> list[str]:
    """Karim's finished bilan: the follow-up accepted with the written agreement, so that its
    documents (action plan, synthèse) are kept for the follow-up (R6313-7) in the demo."""
    from django.conf import settings

    from beneficiaires.models import Bilan, Etat

    from .models import Suivi
    from .services import suivi_decider

    bilan = (
        Bilan.objects.filter(
            beneficiaire__user__email="karim.benali@exemple.test", etat=Etat.TERMINE
        )
        .select_related("beneficiaire__user")
        .first()
    )
    if bilan is None:
        return []
    if not Suivi.objects.filter(bilan=bilan).exists():
        suivi_decider(
            bilan=bilan,
            beneficiaire_user=bilan.beneficiaire.user,
            accepte=True,
            conservation=True,
            organisation=settings.ORGANISATION_NOM,
        )
    return [f"Suivi : {bilan.reference} accepté avec l'accord de conservation des documents"]
