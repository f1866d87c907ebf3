"""Questionnaires assigned to a bilan and answered once by its beneficiary (issue 11,
point 5; seed 004, séances 4-5: « cerner et ordonner les motivations, intérêts et valeurs »).

Answers and scores are bilan content: encrypted JSON, read by the beneficiary and the
assigned consultant only (domain.md, Confidentiality).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from beneficiaires.models import Bilan
from bilan.audit.services import audit_record
from bilan.comptes.models import User

from ..errors import QuestionnaireError
from ..models import Passation, Questionnaire
from ..scoring import DimensionDef, ItemDef, ScoreDimension, scores_calculer
from ._commun import bilan_locked, check_actif, check_beneficiaire, check_consultant, grant_both

PERM = "view_passation"


def passation_attribuer(
    *, bilan: Bilan, consultant: User, questionnaire: Questionnaire, ip: str | None = None
) -> Passation:
    """The assigned consultant gives a questionnaire to the bilan, once per questionnaire,
    while the bilan runs; the beneficiary finds it in the portal."""
    with transaction.atomic():
        locked = bilan_locked(bilan=bilan)
        check_consultant(locked, consultant)
        check_actif(locked)
        if not Questionnaire.objects.filter(pk=questionnaire.pk, actif=True).exists():
            raise QuestionnaireError(
                "questionnaire_inactif", _("Ce questionnaire n'est plus proposé.")
            )
        try:
            with transaction.atomic():
                passation = Passation.objects.create(bilan=locked, questionnaire=questionnaire)
        except IntegrityError as exc:
            raise QuestionnaireError(
                "deja_attribue", _("Ce questionnaire est déjà attribué à ce bilan.")
            ) from exc
        grant_both(bilan=locked, obj=passation, perm=PERM)
        audit_record(event="questionnaire.assigned", actor=consultant, target=passation, ip=ip)
    return passation


def definition_of(questionnaire: Questionnaire) -> list[DimensionDef]:
    return [
        DimensionDef(
            libelle=d.libelle, items=[ItemDef(id=i.pk, inverse=i.inverse) for i in d.items.all()]
        )
        for d in questionnaire.dimensions.prefetch_related("items")
    ]


def reponses_valider(
    *, dimensions: list[DimensionDef], brutes: Mapping[int, object], echelle_max: int
) -> dict[int, int]:
    """Every item answered with a whole value on the scale; nothing else accepted."""
    attendus = [item.id for d in dimensions for item in d.items]
    manquants = [pk for pk in attendus if brutes.get(pk) in (None, "")]
    if manquants:
        raise QuestionnaireError(
            "reponse_manquante",
            ngettext(
                "Il manque la réponse à %(n)s énoncé : répondez à chacun avant d'envoyer.",
                "Il manque la réponse à %(n)s énoncés : répondez à chacun avant d'envoyer.",
                len(manquants),
            )
            % {"n": len(manquants)},
        )
    valeurs: dict[int, int] = {}
    for pk in attendus:
        try:
            valeur = int(str(brutes[pk]))
        except ValueError:
            valeur = 0
        if not 1 <= valeur <= echelle_max:
            raise QuestionnaireError(
                "reponse_hors_echelle",
                _("Chaque réponse doit être une valeur de l'échelle, de 1 à %(max)s.")
                % {"max": echelle_max},
            )
        valeurs[pk] = valeur
    return valeurs


def passation_repondre(
    *,
    passation: Passation,
    beneficiaire_user: User,
    reponses: Mapping[int, object],
    ip: str | None = None,
) -> Passation:
    """The beneficiary answers the questionnaire, once; the scores are computed at once
    (:mod:`..scoring`). A second submission is refused and changes nothing."""
    with transaction.atomic():
        locked = (
            Passation.objects.select_for_update(of=("self",))
            .select_related("questionnaire", "bilan__beneficiaire")
            .get(pk=passation.pk)
        )
        check_beneficiaire(locked.bilan, beneficiaire_user)
        if locked.repondu_le is not None:
            raise QuestionnaireError(
                "deja_repondu",
                _(
                    "Vous avez déjà répondu à ce questionnaire le %(date)s : on n'y répond "
                    "qu'une fois, vos réponses n'ont pas changé."
                )
                % {"date": f"{timezone.localtime(locked.repondu_le):%d/%m/%Y}"},
            )
        check_actif(locked.bilan)
        questionnaire = locked.questionnaire
        dimensions = definition_of(questionnaire)
        valeurs = reponses_valider(
            dimensions=dimensions, brutes=reponses, echelle_max=questionnaire.echelle_max
        )
        scores = scores_calculer(
            dimensions=dimensions,
            reponses=valeurs,
            echelle_max=questionnaire.echelle_max,
            calcul=questionnaire.calcul,
        )
        locked.reponses = json.dumps({str(k): v for k, v in valeurs.items()})
        locked.scores = json.dumps([s.as_dict() for s in scores], ensure_ascii=False)
        locked.repondu_le = timezone.now()
        locked.save(update_fields=["reponses", "scores", "repondu_le"])
        audit_record(event="questionnaire.answered", actor=beneficiaire_user, target=locked, ip=ip)
    return locked


def passation_scores(passation: Passation) -> list[ScoreDimension]:
    """The stored scores (empty before the answer)."""
    if not passation.scores:
        return []
    return [ScoreDimension.from_dict(d) for d in json.loads(passation.scores)]


def passation_reponses(passation: Passation) -> dict[int, int]:
    if not passation.reponses:
        return {}
    return {int(k): int(v) for k, v in json.loads(passation.reponses).items()}
