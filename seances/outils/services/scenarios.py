"""The scenario comparison (seed 003, Supports pédagogiques: "grilles d'analyse comparative
de scénarios professionnels (scénarios A/B/C, pondération des critères, analyse
avantages/risques)", "leviers/freins"; Phase de conclusion: "la sélection de la piste
retenue")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaires.models import Bilan
from bilan.audit.services import audit_record
from bilan.comptes.models import User

from ..errors import OutilsError
from ..models import (
    NOTE_MAX,
    NOTE_MIN,
    SCENARIOS_MAX,
    TOTAL_POIDS,
    Critere,
    DossierOutils,
    Note,
    Scenario,
)
from ._commun import dossier_for_beneficiaire, dossier_for_consultant, texte_requis

LETTRES = ("A", "B", "C", "D")


def scenario_add(
    *,
    bilan: Bilan,
    consultant: User,
    intitule: str,
    avantages: str = "",
    risques: str = "",
    leviers: str = "",
    obstacles: str = "",
    ip: str | None = None,
) -> Scenario:
    """Add a scenario under the next free letter; four at most (A to D)."""
    intitule = texte_requis(
        intitule, code="intitule_required", message=_("Décrivez le scénario en une ligne.")
    )
    with transaction.atomic():
        dossier = dossier_for_consultant(bilan=bilan, consultant=consultant)
        prises = set(Scenario.objects.filter(dossier=dossier).values_list("lettre", flat=True))
        libres = [lettre for lettre in LETTRES if lettre not in prises]
        if not libres:
            raise OutilsError(
                "scenarios_max",
                _("La comparaison compte déjà %(n)s scénarios (A à D) : c'est le maximum.")
                % {"n": SCENARIOS_MAX},
            )
        scenario = Scenario.objects.create(
            dossier=dossier,
            lettre=libres[0],
            intitule=intitule,
            avantages=avantages.strip(),
            risques=risques.strip(),
            leviers=leviers.strip(),
            obstacles=obstacles.strip(),
        )
        audit_record(event="outils.scenario_added", actor=consultant, target=scenario, ip=ip)
    return scenario


def critere_add(*, bilan: Bilan, consultant: User, libelle: str, ip: str | None = None) -> Critere:
    """Add a criterion; its weight is set with the others (:func:`criteres_ponderer`)."""
    libelle = texte_requis(libelle, code="libelle_required", message=_("Nommez le critère."))
    with transaction.atomic():
        dossier = dossier_for_consultant(bilan=bilan, consultant=consultant)
        critere = Critere.objects.create(dossier=dossier, libelle=libelle)
        audit_record(event="outils.critere_added", actor=consultant, target=critere, ip=ip)
    return critere


def criteres_ponderer(
    *, bilan: Bilan, consultant: User, poids: Mapping[int, int], ip: str | None = None
) -> list[Critere]:
    """Record the weights the beneficiary chose, entered by the consultant in session: a
    whole number from 0 to 100 for every criterion, summing to exactly :data:`TOTAL_POIDS`
    (100); anything else is refused and nothing changes."""
    with transaction.atomic():
        dossier = dossier_for_consultant(bilan=bilan, consultant=consultant)
        return _ponderer(dossier, poids, acteur=consultant, ip=ip)


def criteres_ponderer_par_beneficiaire(
    *, bilan: Bilan, beneficiaire_user: User, poids: Mapping[int, int], ip: str | None = None
) -> list[Critere]:
    """The same, by the beneficiary in the portal (the weights are theirs to choose)."""
    with transaction.atomic():
        dossier = dossier_for_beneficiaire(bilan=bilan, beneficiaire_user=beneficiaire_user)
        return _ponderer(dossier, poids, acteur=beneficiaire_user, ip=ip)


def _ponderer(
    dossier: DossierOutils, poids: Mapping[int, int], *, acteur: User, ip: str | None
) -> list[Critere]:
    criteres = list(Critere.objects.select_for_update().filter(dossier=dossier))
    if not criteres:
        raise OutilsError("criteres_missing", _("Ajoutez d'abord des critères."))
    if set(poids) != {c.pk for c in criteres}:
        raise OutilsError(
            "criteres_mismatch", _("Donnez un poids à chacun des critères de ce bilan.")
        )
    if any(not isinstance(p, int) or not 0 <= p <= TOTAL_POIDS for p in poids.values()):
        raise OutilsError("poids_invalid", _("Chaque poids est un nombre entier de 0 à 100."))
    total = sum(poids.values())
    if total != TOTAL_POIDS:
        raise OutilsError(
            "poids_total",
            _("Les poids doivent totaliser 100 ; leur total est de %(total)s.") % {"total": total},
        )
    for critere in criteres:
        critere.poids = poids[critere.pk]
    Critere.objects.bulk_update(criteres, ["poids"])
    audit_record(event="outils.criteres_weighted", actor=acteur, target=dossier, ip=ip)
    return criteres


def notes_set(
    *,
    bilan: Bilan,
    consultant: User,
    notes: Mapping[tuple[int, int], int | None],
    ip: str | None = None,
) -> int:
    """Record the scores, ``(scenario_id, critere_id) → 0..5`` (``None`` removes one); every
    id belongs to this bilan and every score lies from 0 to 5, or nothing is stored."""
    with transaction.atomic():
        dossier = dossier_for_consultant(bilan=bilan, consultant=consultant)
        scenarios = set(Scenario.objects.filter(dossier=dossier).values_list("pk", flat=True))
        criteres = set(Critere.objects.filter(dossier=dossier).values_list("pk", flat=True))
        for (scenario_id, critere_id), valeur in notes.items():
            if scenario_id not in scenarios or critere_id not in criteres:
                raise OutilsError(
                    "note_other_bilan",
                    _("Cette note ne porte pas sur un scénario et un critère de ce bilan."),
                )
            if valeur is not None and (
                not isinstance(valeur, int) or not NOTE_MIN <= valeur <= NOTE_MAX
            ):
                raise OutilsError("note_invalid", _("Chaque note est un nombre entier de 0 à 5."))
        for (scenario_id, critere_id), valeur in notes.items():
            cle = {"scenario_id": scenario_id, "critere_id": critere_id}
            if valeur is None:
                Note.objects.filter(**cle).delete()
            else:
                Note.objects.update_or_create(**cle, defaults={"valeur": valeur})
        audit_record(event="outils.scores_set", actor=consultant, target=dossier, ip=ip)
    return len(notes)


def scenario_retenir(
    *, scenario: Scenario, consultant: User, raison: str, ip: str | None = None
) -> Scenario:
    """Record the chosen scenario and the reason (seed 003, Phase de conclusion); the
    previous choice, if any, gives way."""
    raison = texte_requis(
        raison, code="raison_required", message=_("Indiquez la raison de ce choix.")
    )
    with transaction.atomic():
        dossier = dossier_for_consultant(bilan=scenario.dossier.bilan, consultant=consultant)
        locked = Scenario.objects.select_for_update().get(pk=scenario.pk, dossier=dossier)
        Scenario.objects.filter(dossier=dossier, retenu=True).exclude(pk=locked.pk).update(
            retenu=False, retenu_le=None
        )
        locked.retenu, locked.raison, locked.retenu_le = True, raison, timezone.now()
        locked.save(update_fields=["retenu", "raison", "retenu_le"])
        audit_record(event="outils.scenario_chosen", actor=consultant, target=locked, ip=ip)
    return locked


@dataclass(frozen=True)
class Resultat:
    scenario: Scenario
    score: Decimal | None  # weighted mean on 0..5; None while weights or scores are missing
    manquantes: int  # criteria with a weight but no score


def scenario_scores(
    *, scenarios: Iterable[Scenario], criteres: Iterable[Critere], notes: Iterable[Note]
) -> list[Resultat]:
    """The weighted result of each scenario: Σ(poids × note) / 100, on the 0-5 scale, two
    decimals. Computed only when the weights sum to 100 and every weighted criterion has a
    score (a missing score is not a zero)."""
    criteres = list(criteres)
    total = sum(c.poids for c in criteres)
    valeurs = {(n.scenario_id, n.critere_id): n.valeur for n in notes}
    resultats = []
    for scenario in scenarios:
        pesees = [c for c in criteres if c.poids]
        manquantes = sum(1 for c in pesees if (scenario.pk, c.pk) not in valeurs)
        score = None
        if total == TOTAL_POIDS and not manquantes:
            somme = sum(c.poids * valeurs[(scenario.pk, c.pk)] for c in pesees)
            score = (Decimal(somme) / TOTAL_POIDS).quantize(Decimal("0.01"), ROUND_HALF_UP)
        resultats.append(Resultat(scenario=scenario, score=score, manquantes=manquantes))
    return resultats
