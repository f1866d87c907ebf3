"""Matrix rows of the outils screens (domain.md, Confidentiality: content for the beneficiary
and the assigned consultant only; someone else's id answers 404; administrators and
superusers see nothing of it).

POSTs are sent empty: the owner gets the form back with its errors (200) and nothing changes,
or, for the actions that need no data, is sent back to the page; everyone else is stopped
before (login, 403 or 404).
"""

from tests.matrice import Ligne, Vers, reserve

CONSULTANT = reserve({"consultant": 200, "autre_consultant": 404})
BENEFICIAIRE = reserve({"beneficiaire": 200, "autre_beneficiaire": 404})


def _vers_consultant(nom: str, kwargs) -> dict:
    return reserve({"consultant": Vers(nom, kwargs), "autre_consultant": 404})


def _pk(fixture: str):
    def kwargs(p) -> dict[str, int]:
        try:
            return {"pk": p[fixture].pk}
        except KeyError:  # the MFA set-up test walks every URL with a beneficiary only
            return {"pk": 1}

    return kwargs


_bilan = _pk("bilan_en_cours")


def _bilan_avec(fixture: str):
    """The running bilan's pk, once ``fixture`` has filled its tools."""

    def kwargs(p) -> dict[str, int]:
        try:
            p[fixture]
            return {"pk": p["bilan_en_cours"].pk}
        except KeyError:
            return {"pk": 1}

    return kwargs


_bilan_parcours = _bilan_avec("outils_entree")
_bilan_scenarios = _bilan_avec("outils_scenario")
_entree = _pk("outils_entree")
_competence = _pk("outils_competence")
_matrice = _pk("outils_matrice")
_exigence = _pk("outils_exigence")
_scenario = _pk("outils_scenario")


def _get_post(nom, attendu, kwargs):
    return [Ligne(nom, attendu, kwargs=kwargs), Ligne(nom, attendu, methode="POST", kwargs=kwargs)]


BACKOFFICE = [
    Ligne("backoffice:outils_accueil", CONSULTANT, kwargs=_bilan),
    *_get_post("backoffice:outils_parcours", CONSULTANT, _bilan_parcours),
    Ligne(
        "backoffice:outils_parcours_supprimer",
        _vers_consultant("backoffice:outils_parcours", lambda p: {"pk": p["bilan_en_cours"].pk}),
        methode="POST",
        kwargs=_entree,
    ),
    Ligne("backoffice:outils_competences", CONSULTANT, kwargs=_bilan),
    *_get_post("backoffice:outils_competence_revue", CONSULTANT, _competence),
    *_get_post("backoffice:outils_matrices", CONSULTANT, _bilan),
    *_get_post("backoffice:outils_matrice", CONSULTANT, _matrice),
    Ligne("backoffice:outils_exigence_ajouter", CONSULTANT, methode="POST", kwargs=_matrice),
    Ligne(
        "backoffice:outils_exigence_supprimer",
        _vers_consultant("backoffice:outils_matrice", lambda p: {"pk": p["outils_matrice"].pk}),
        methode="POST",
        kwargs=_exigence,
    ),
    *_get_post("backoffice:outils_scenarios", CONSULTANT, _bilan_scenarios),
    Ligne("backoffice:outils_critere_ajouter", CONSULTANT, methode="POST", kwargs=_bilan),
    Ligne("backoffice:outils_ponderation", CONSULTANT, methode="POST", kwargs=_bilan_scenarios),
    Ligne(
        "backoffice:outils_notes",
        _vers_consultant("backoffice:outils_scenarios", lambda p: {"pk": p["bilan_en_cours"].pk}),
        methode="POST",
        kwargs=_bilan_scenarios,
        note="grille vide",
    ),
    Ligne("backoffice:outils_scenario_retenir", CONSULTANT, methode="POST", kwargs=_scenario),
    Ligne("backoffice:outils_remise", CONSULTANT, kwargs=_bilan),
    Ligne(
        "backoffice:outils_remise",
        _vers_consultant("backoffice:outils_accueil", lambda p: {"pk": p["bilan_en_cours"].pk}),
        methode="POST",
        kwargs=_bilan,
    ),
]

PORTAIL = [
    Ligne("portail:outils_portail", BENEFICIAIRE, kwargs=_bilan_parcours),
    *_get_post("portail:outils_portail_competences", BENEFICIAIRE, _bilan),
    *_get_post("portail:outils_portail_competence", BENEFICIAIRE, _competence),
    *_get_post("portail:outils_portail_ponderation", BENEFICIAIRE, _bilan_scenarios),
]

LIGNES: list[Ligne] = [*BACKOFFICE, *PORTAIL]
