"""How long each category lives (domain.md, Confidentiality and data; R6313-7; R6351-17).

- ``CONTENU`` (everything the bilan produced about the beneficiary): destroyed **as soon as
  the action ends** (bilan terminé, abandonné or refusé). No grace delay and no setting: the
  law says "dès la fin de l'action"; the synthèse is handed over during the conclusion, before
  the bilan is marked terminé, and the beneficiary can export all their data from the portal
  while the bilan runs. The nightly job leaves at most a day between the end and the purge.
- ``EXCEPTION_SUIVI`` (the synthèse sent to the CEP at the beneficiary's request, documents
  kept under their written agreement for the follow-up): until the agreement's end given by
  :func:`bilan.retention.register_prolongation` hooks, **at most 3 years** after the end;
  ``CONSERVATION_EXCEPTION_SUIVI_JOURS`` may lower that ceiling, never raise it; whatever
  the days, never past the calendar date three years on (:func:`exception_plafond`). Without an
  agreement, the rows go with the content.
- ``PREUVE`` (attendance, convention, certificat, attestations): 4 years (R6351-17, BPF data).
- ``FACTURE``: 10 years (Code de commerce L123-22).
  Proof and invoices are obligations as well as limits: their durations are fixed, a setting
  asking for another value is refused like one asking for more.
- The audit log: 6 to 12 months (CNIL 2021), ``AUDIT_RETENTION_DAYS``, purged by
  :func:`bilan.audit.services.audit_purge_expired`.
- Anonymous survey answers carry no bilan: not registered, kept.

No override: a setting past a ceiling stops the start (system check ``conservation.E001``);
there is no admin action, no superuser screen and no command flag to postpone a purge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core import checks
from django.utils.translation import gettext as _

from bilan.retention import Categorie

from .errors import ConservationError


@dataclass(frozen=True)
class Duree:
    reglage: str | None  # the setting that may shorten it, None: fixed by the law
    minimum: int  # days
    maximum: int  # days: the legal ceiling
    loi: str


DUREES: dict[Categorie, Duree] = {
    Categorie.CONTENU: Duree(None, 0, 0, "R6313-7 : destruction dès la fin de l'action"),
    Categorie.EXCEPTION_SUIVI: Duree(
        "CONSERVATION_EXCEPTION_SUIVI_JOURS", 0, 3 * 365 + 1, "R6313-7 : 3 ans au plus"
    ),
    Categorie.PREUVE: Duree(
        "CONSERVATION_PREUVE_JOURS", 4 * 365 + 1, 4 * 365 + 1, "R6351-17 : 4 ans"
    ),
    Categorie.FACTURE: Duree(
        "CONSERVATION_FACTURE_JOURS", 10 * 365 + 2, 10 * 365 + 2, "L123-22 : 10 ans"
    ),
}
AUDIT = Duree("AUDIT_RETENTION_DAYS", 183, 365, "CNIL 2021 : 6 à 12 mois")


def duree_jours(categorie: Categorie) -> int:
    """The retention of ``categorie`` in days after the end of the action (checked at start)."""
    duree = DUREES[Categorie(categorie)]
    if duree.reglage is None:
        return duree.maximum
    valeur = int(getattr(settings, duree.reglage, duree.maximum))
    # The system check refuses a value outside the range; held inside it all the same.
    return max(duree.minimum, min(valeur, duree.maximum))


def exception_plafond(fin: date) -> date:
    """The last day an exception may run: the configured days after the end, and never past
    the same date three years on (R6313-7; 29 February → 28 February)."""
    try:
        trois_ans = fin.replace(year=fin.year + 3)
    except ValueError:
        trois_ans = fin.replace(year=fin.year + 3, day=28)
    return min(fin + timedelta(days=duree_jours(Categorie.EXCEPTION_SUIVI)), trois_ans)


def exception_echeance(*, fin: date, accord_fin: date | None) -> date:
    """When an ``EXCEPTION_SUIVI`` row goes: the agreement's end, never past the ceiling."""
    plafond = exception_plafond(fin)
    if accord_fin is None:
        return fin
    return max(fin, min(accord_fin, plafond))


def accord_fin_verifier(*, fin_action: date, accord_fin: date) -> None:
    """Refuse a written agreement ending more than 3 years (or the configured ceiling) after
    the end of the action (R6313-7): for the app that records the agreement."""
    plafond = exception_plafond(fin_action)
    if accord_fin > plafond:
        raise ConservationError(
            "accord_trop_long",
            _(
                "L'accord de conservation ne peut pas dépasser le %(date)s (3 ans au plus "
                "après la fin du bilan, article R6313-7)."
            )
            % {"date": f"{plafond:%d/%m/%Y}"},
        )
    if accord_fin < fin_action:
        raise ConservationError(
            "accord_avant_fin", _("La fin de l'accord ne peut pas précéder la fin du bilan.")
        )


def _verifier(duree: Duree) -> list[checks.CheckMessage]:
    if duree.reglage is None or not hasattr(settings, duree.reglage):
        return []
    valeur = getattr(settings, duree.reglage)
    if not isinstance(valeur, int) or not duree.minimum <= valeur <= duree.maximum:
        if duree.minimum == duree.maximum:
            attendu = f"la loi la fixe à {duree.maximum} jours"
        else:
            attendu = f"entre {duree.minimum} et {duree.maximum} jours"
        return [
            checks.Error(
                f"{duree.reglage} = {valeur!r} : durée de conservation refusée, "
                f"{attendu} ({duree.loi}). Aucun réglage ne prolonge la conservation "
                "au-delà de la loi.",
                id="conservation.E001",
            )
        ]
    return []


def durees_legales(**kwargs: Any) -> list[checks.CheckMessage]:
    """System check: every retention setting inside the law (domain.md: no override)."""
    erreurs: list[checks.CheckMessage] = []
    for duree in (*DUREES.values(), AUDIT):
        erreurs.extend(_verifier(duree))
    return erreurs
