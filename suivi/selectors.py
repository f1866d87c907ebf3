"""Reads of the follow-up, scoped to the user (style.md, rule 3; domain.md, Confidentiality).

Content (the interview record) is read through :func:`entretiens_visible_to` only, built on
:func:`bilan.permissions.content_visible_to`: nothing for administrators or superusers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from beneficiaires.models import Bilan, BilanEvenement, Etat
from bilan.comptes.models import User
from bilan.permissions import content_visible_to

from .models import (
    Creneau,
    EntretienSuivi,
    Invitation,
    Moment,
    Offre,
    Question,
    Questionnaire,
    Reponse,
    Suivi,
    TypeQuestion,
    Valeur,
)

# The states of a bilan whose follow-up is running (domain.md, The life of a bilan).
ETATS_SUIVI = (Etat.TERMINE, Etat.SUIVI)
# The offer is made at the conclusion already: without the written agreement, the bilan's
# documents are destroyed as soon as the action ends (R6313-7), i.e. the night after
# « terminé » — an answer given afterwards could keep nothing.
ETATS_OFFRE = (Etat.CONCLUSION, *ETATS_SUIVI)


def invitation_apres_jours() -> int:
    """Days after the end when the invitation to book leaves (issue 7: about 5 months)."""
    return int(getattr(settings, "SUIVI_INVITATION_APRES_JOURS", 152))


def enquete_froid_apres_jours() -> int:
    """Days after the end when the à-froid survey leaves (domain.md, 10: 3 to 6 months)."""
    return int(getattr(settings, "SUIVI_ENQUETE_FROID_APRES_JOURS", 175))


def fin_du_bilan(*, bilan: Bilan) -> datetime.date | None:
    """The day the bilan reached « terminé » (its end), from its timeline."""
    at = (
        BilanEvenement.objects.filter(bilan_id=bilan.pk, vers=Etat.TERMINE)
        .order_by("at")
        .values_list("at", flat=True)
        .first()
    )
    return timezone.localdate(at) if at else None


def accord_conservation_fin(*, bilan: Bilan) -> datetime.date | None:
    """The last day the documents may be kept under the beneficiary's written agreement for
    the follow-up (R6313-7, exception b); ``None`` without an agreement.

    For the retention engine: it never goes past 3 years after the end of the bilan.
    """
    return (
        Suivi.objects.filter(bilan_id=bilan.pk, accord_conservation=True)
        .values_list("accord_fin", flat=True)
        .first()
    )


def actions_du_plan(*, bilan: Bilan) -> list[Any]:
    """The actions of the bilan's action plan, each with ``intitule``, ``fait`` and
    ``fait_le``, shown at the follow-up interview (domain.md, 8: the plan "is revisited at
    follow-up").

    From ``synthese.plan_action.selectors.plan_actions_for_bilan`` (the action plan lives
    with the synthèse). Not scoped to a user: only the interview's own screens call it,
    after loading the interview through :func:`entretiens_visible_to`.
    """
    from synthese.plan_action.selectors import plan_actions_for_bilan

    return list(plan_actions_for_bilan(bilan=bilan))


def suivi_de(*, bilan: Bilan) -> Suivi | None:
    return Suivi.objects.filter(bilan_id=bilan.pk).first()


def entretiens_visible_to(user: User | AnonymousUser) -> QuerySet[EntretienSuivi]:
    """The follow-up interviews whose record ``user`` reads: the beneficiary and the assigned
    consultant only (domain.md, Confidentiality); nothing for administrators."""
    return content_visible_to(
        user, EntretienSuivi.objects.select_related("bilan"), "suivi.view_entretiensuivi"
    )


def creneaux_libres(*, consultant: User | None) -> QuerySet[Creneau]:
    """The consultant's future slots nobody has booked."""
    if consultant is None:
        return Creneau.objects.none()
    return Creneau.objects.filter(
        consultant=consultant, debut__gt=timezone.now(), entretien__isnull=True
    ).order_by("debut")


def creneaux_du_consultant(*, consultant: User) -> QuerySet[Creneau]:
    """The consultant's slots from today on, booked or not (no bilan content: a reference)."""
    debut_du_jour = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time.min)
    )
    return (
        Creneau.objects.filter(consultant=consultant, debut__gte=debut_du_jour)
        .select_related("entretien__bilan")
        .order_by("debut")
    )


def questionnaire_de(*, moment: str) -> Questionnaire | None:
    return Questionnaire.objects.filter(moment=moment).first()


def questions_posees(*, moment: str) -> list[Question]:
    return list(Question.objects.filter(questionnaire__moment=moment, active=True))


def avis_chaud_donne(*, bilan: Bilan) -> bool:
    return Invitation.objects.filter(
        bilan_id=bilan.pk, moment=Moment.CHAUD, repondu_le__isnull=False
    ).exists()


def offre_principale() -> Offre | None:
    return Offre.objects.filter(principale=True).first() or Offre.objects.first()


# --- Results (Qualiopi indicators 1 and 2): aggregates only, never a person. -------------


@dataclass
class Taux:
    satisfaits: int = 0
    reponses: int = 0

    @property
    def pourcentage(self) -> int | None:
        return round(100 * self.satisfaits / self.reponses) if self.reponses else None


@dataclass
class Resultats:
    offre: Offre
    du: datetime.date
    au: datetime.date
    satisfaction_chaud: Taux = field(default_factory=Taux)
    satisfaction_froid: Taux = field(default_factory=Taux)
    beneficiaires: int = 0  # bilans begun (past the préalable) in the period
    termines: int = 0
    abandons: int = 0
    parts_choix: list[tuple[str, list[tuple[str, int]]]] = field(default_factory=list)

    @property
    def sortis(self) -> int:
        return self.termines + self.abandons

    @property
    def taux_achevement(self) -> int | None:
        return round(100 * self.termines / self.sortis) if self.sortis else None

    @property
    def taux_abandon(self) -> int | None:
        return round(100 * self.abandons / self.sortis) if self.sortis else None

    @property
    def echantillon(self) -> int:
        return self.satisfaction_chaud.reponses + self.satisfaction_froid.reponses


def periode_par_defaut() -> tuple[datetime.date, datetime.date]:
    """The last twelve months, whole months (the published period)."""
    aujourdhui = timezone.localdate()
    au = aujourdhui
    du = (aujourdhui.replace(day=1) - datetime.timedelta(days=335)).replace(day=1)
    return du, au


def resultats_offre(
    *, offre: Offre, du: datetime.date | None = None, au: datetime.date | None = None
) -> Resultats:
    """Satisfaction rates (answers of 4 or 5 on the scale question counted for it), the number
    of beneficiaries, completion and abandonment rates over the period (Qualiopi 2).

    The bilans' figures come from their states (metadata): a bilan is counted with the
    offer marked principale (bilans are not linked to an offer yet). A bilan ended in the
    period counts as completed when it reached « terminé », abandoned when « abandonné ».
    """
    if du is None or au is None:
        du, au = periode_par_defaut()
    r = Resultats(offre=offre, du=du, au=au)
    valeurs = Valeur.objects.filter(
        reponse__offre=offre,
        reponse__periode__gte=du.replace(day=1),
        reponse__periode__lte=au,
        question__satisfaction=True,
        note__isnull=False,
    )
    for moment, taux in (
        (Moment.CHAUD, r.satisfaction_chaud),
        (Moment.FROID, r.satisfaction_froid),
    ):
        agg = valeurs.filter(reponse__moment=moment).aggregate(
            n=Count("pk"), ok=Count("pk", filter=Q(note__gte=4))
        )
        taux.reponses, taux.satisfaits = agg["n"], agg["ok"]
    choix = (
        Valeur.objects.filter(
            reponse__offre=offre,
            reponse__periode__gte=du.replace(day=1),
            reponse__periode__lte=au,
            question__type=TypeQuestion.CHOIX,
        )
        .exclude(texte="")
        .values("question__libelle", "texte")
        .annotate(n=Count("pk"))
        .order_by("question__libelle", "-n")
    )
    parts: dict[str, list[tuple[str, int]]] = {}
    for row in choix:
        parts.setdefault(row["question__libelle"], []).append((row["texte"], row["n"]))
    r.parts_choix = list(parts.items())
    if offre.principale:
        debut = timezone.make_aware(datetime.datetime.combine(du, datetime.time.min))
        fin = timezone.make_aware(datetime.datetime.combine(au, datetime.time.max))
        evenements = BilanEvenement.objects.filter(at__gte=debut, at__lte=fin)
        agg = evenements.aggregate(
            debuts=Count("bilan", filter=Q(vers=Etat.ENGAGEMENT), distinct=True),
            termines=Count("bilan", filter=Q(vers=Etat.TERMINE), distinct=True),
            abandons=Count(
                "bilan", filter=Q(vers=Etat.ABANDONNE, de__in=ETATS_ENGAGES), distinct=True
            ),
        )
        r.beneficiaires, r.termines, r.abandons = agg["debuts"], agg["termines"], agg["abandons"]
    return r


# Abandonment counts bilans that had begun (a refusal at the préalable is not an abandonment).
ETATS_ENGAGES = (Etat.ENGAGEMENT, Etat.EN_COURS, Etat.CONCLUSION)


def textes_libres(*, offre: Offre | None = None, limite: int = 200) -> QuerySet[Valeur]:
    """Free-text answers for administrators: the question, the month, the text; no link to a
    person exists to follow (domain.md, 10)."""
    qs = Valeur.objects.filter(question__type=TypeQuestion.TEXTE).exclude(texte="")
    if offre is not None:
        qs = qs.filter(reponse__offre=offre)
    # By month, then alphabetically: never in the order they were written, which the audit
    # log's times could match to a bilan.
    return qs.select_related("question", "reponse").order_by("-reponse__periode", "texte")[:limite]


def reponses_count(*, offre: Offre) -> int:
    return Reponse.objects.filter(offre=offre).count()
