"""The next step of a bilan, as the consultant's back office shows it (domain.md, The life of a
bilan).

Computed from the state and the progress marks of
:func:`beneficiaires.selectors.bilans_with_progress` (a bilan) or
:func:`beneficiaires.selectors.bilans_tableau_page` (a dashboard row) only: no query, so a list
of bilans costs the same whatever its length.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .financement import DELAI_RETRACTATION_JOURS
from .models import FINANCEMENTS_CONVENTION, Bilan, Decision, Etat, Financement, RoleSignataire

if TYPE_CHECKING:
    from .selectors import LigneTableau

    Avancement = Bilan | LigneTableau

# What the button that moves a bilan to each state says.
TRANSITION_LABELS: dict[str, Promise] = {
    Etat.ENGAGEMENT: _("Passer en engagement"),
    Etat.EN_COURS: _("Démarrer le bilan"),
    Etat.CONCLUSION: _("Passer en conclusion"),
    Etat.TERMINE: _("Terminer le bilan"),
    Etat.SUIVI: _("Passer au suivi"),
    Etat.CLOS: _("Clore le bilan"),
    Etat.ABANDONNE: _("Abandonner le bilan"),
    Etat.REFUSE: _("Enregistrer le refus du bénéficiaire"),
}
# Final states cannot be undone; the conclusion cannot be left backwards and opens the
# synthèse's signature and delivery: the back office asks for a confirmation before each.
ETATS_FINAUX_A_CONFIRMER = frozenset({Etat.CLOS, Etat.ABANDONNE, Etat.REFUSE})
TRANSITIONS_A_CONFIRMER = ETATS_FINAUX_A_CONFIRMER | {Etat.CONCLUSION}


@dataclass(frozen=True)
class Etape:
    """What to do next: a sentence, and either a page (``url_name``) or a transition."""

    texte: str
    url_name: str = ""
    libelle: str = ""
    vers: str = ""

    @property
    def en_attente(self) -> bool:
        """Nothing for the consultant to do but wait (the beneficiary, a deadline)."""
        return not (self.url_name or self.vers)


def prochaine_etape(bilan: Avancement, *, today: datetime.date | None = None) -> Etape:
    """The next step of ``bilan``, annotated by ``bilans_with_progress`` or a dashboard row."""
    etat = bilan.etat
    if etat == Etat.PREALABLE:
        return _etape_prealable(bilan)
    if etat == Etat.ENGAGEMENT:
        return _etape_engagement(bilan, today=today or timezone.localdate())
    if etat == Etat.CONCLUSION and marque(bilan, "synthese_remise"):
        return _transition(
            _("La synthèse est signée et remise au bénéficiaire : terminer le bilan."),
            Etat.TERMINE,
        )
    return _etape_suite(etat)


def marque(bilan: Avancement, name: str) -> Any:
    """A progress mark registered by a later app
    (:func:`beneficiaires.selectors.register_progress_annotation`); None when absent."""
    marques = getattr(bilan, "marques", None)
    if isinstance(marques, dict):
        return marques.get(name)
    return getattr(bilan, name, None)


def _transition(texte: Promise, vers: str) -> Etape:
    return Etape(texte=str(texte), vers=vers, libelle=str(TRANSITION_LABELS[vers]))


def _etape_prealable(bilan: Avancement) -> Etape:
    if not bilan.a_entretien:
        return Etape(
            texte=str(_("Mener et enregistrer l'entretien préalable.")),
            url_name="backoffice:entretien",
            libelle=str(_("Enregistrer l'entretien préalable")),
        )
    if bilan.consentement_decision != Decision.DONNE:
        return Etape(
            texte=str(
                _(
                    "En attente du consentement du bénéficiaire, qu'il donne dans son portail "
                    "(article L6313-4 du Code du travail)."
                )
            )
        )
    return _transition(_("Le bénéficiaire a consenti : passer en engagement."), Etat.ENGAGEMENT)


def _etape_engagement(bilan: Avancement, *, today: datetime.date) -> Etape:
    if not bilan.financement:
        return Etape(
            texte=str(_("Choisir le financement du bilan.")),
            url_name="backoffice:financement",
            libelle=str(_("Choisir le financement")),
        )
    if bilan.financement in FINANCEMENTS_CONVENTION:
        if (bilan.convention_signatures or 0) < len(RoleSignataire.values):
            return Etape(
                texte=str(
                    _(
                        "Faire signer la convention par les trois parties : aucune séance ne "
                        "peut être planifiée avant."
                    )
                ),
                url_name="backoffice:convention",
                libelle=str(_("Suivre la convention")),
            )
    if bilan.financement == Financement.AUTOFINANCEMENT:
        signe_le = bilan.autofinancement_signe_le
        if signe_le is None:
            return Etape(
                texte=str(_("Enregistrer le contrat d'autofinancement et son échéancier.")),
                url_name="backoffice:financement_autofinancement",
                libelle=str(_("Enregistrer le contrat")),
            )
        fin = signe_le + datetime.timedelta(days=DELAI_RETRACTATION_JOURS)
        if today <= fin:
            return Etape(
                texte=str(
                    _(
                        "Délai de rétractation de 10 jours en cours jusqu'au %(fin)s inclus : "
                        "le bilan pourra démarrer ensuite (article L6353-5 du Code du travail)."
                    )
                    % {"fin": fin.strftime("%d/%m/%Y")}
                )
            )
    elif bilan.financement == Financement.CPF and not bilan.a_financement_cpf:
        return Etape(
            texte=str(_("Enregistrer le financement CPF.")),
            url_name="backoffice:financement_cpf",
            libelle=str(_("Enregistrer le financement CPF")),
        )
    return _transition(_("Le financement est complet : démarrer le bilan."), Etat.EN_COURS)


# Later states: one sentence and the transition that follows (final states: none).
_SUITES: dict[str, tuple[Promise, str]] = {
    Etat.EN_COURS: (
        _("Mener les séances des trois phases, puis passer en conclusion."),
        Etat.CONCLUSION,
    ),
    Etat.CONCLUSION: (
        _("Remettre la synthèse au bénéficiaire, puis terminer le bilan."),
        Etat.TERMINE,
    ),
    Etat.TERMINE: (
        _("Proposer l'entretien de suivi à six mois (article R6313-4 du Code du travail)."),
        Etat.SUIVI,
    ),
    Etat.SUIVI: (_("Après l'entretien de suivi, clore le bilan."), Etat.CLOS),
}


def _etape_suite(etat: str) -> Etape:
    if etat in _SUITES:
        texte, vers = _SUITES[etat]
        return _transition(texte, vers)
    return Etape(texte=str(_FINS.get(etat, _("Aucune étape à venir."))))


_FINS: dict[str, Promise] = {
    Etat.CLOS: _("Aucune : le bilan est clos."),
    Etat.ABANDONNE: _("Aucune : le bilan a été abandonné."),
    Etat.REFUSE: _(
        "Aucune : le bilan est refusé (refus du bénéficiaire, ou convention non signée "
        "dans les 10 jours)."
    ),
}
