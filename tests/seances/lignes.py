"""Matrix rows of the sessions' screens (domain.md, Confidentiality: content for the
beneficiary and the assigned consultant only; someone else's id answers 404; administrators
see metadata only).

POSTs are sent with incomplete data: the owner gets the form back with its errors (200) and
nothing changes; everyone else is stopped before (login, 403 or 404).
"""

from tests.matrice import (
    ADMINISTRATEURS,
    BENEFICIAIRES,
    CONSULTANTS,
    Ligne,
    Vers,
    pour,
    reserve,
    tous,
)

# The assigned consultant only; another consultant does not learn the object exists.
CONSULTANT = reserve({"consultant": 200, "autre_consultant": 404})
BENEFICIAIRE = reserve({"beneficiaire": 200, "autre_beneficiaire": 404})


def _pk(p, fixture: str) -> dict[str, int]:
    """The fixture's pk; any pk where the caller gives no such fixture (the MFA set-up test
    walks every URL with a beneficiary only: its middleware answers before the view)."""
    try:
        return {"pk": p[fixture].pk}
    except KeyError:
        return {"pk": 1}


def _bilan(p):
    return _pk(p, "bilan")


def _planifiee(p):
    return _pk(p, "seance_planifiee")


def _a_planifier(p):
    return _pk(p, "seance_a_planifier")


def _travail(p):
    return _pk(p, "travail_assigne")


def _modele_par_defaut(p):
    from seances.demo import programme_seed_ensure
    from seances.models import PlanModele

    programme_seed_ensure()
    return {"pk": PlanModele.objects.get(par_defaut=True).pk}


def _get_post(nom, attendu, kwargs, donnees=lambda p: {}):
    return [
        Ligne(nom, attendu, kwargs=kwargs),
        Ligne(nom, attendu, methode="POST", kwargs=kwargs, donnees=donnees),
    ]


BACKOFFICE = [
    Ligne("backoffice:plan", CONSULTANT, kwargs=_bilan),
    Ligne("backoffice:plan_creer", CONSULTANT, methode="POST", kwargs=_bilan),
    Ligne("backoffice:plan_travail", CONSULTANT, methode="POST", kwargs=_bilan),
    *_get_post("backoffice:seance_ajouter", CONSULTANT, _bilan),
    *_get_post("backoffice:travail_liste", CONSULTANT, _bilan),
    Ligne(
        "backoffice:travail_valider",
        CONSULTANT,
        methode="POST",
        kwargs=_travail,
        note="pas encore rendu",
    ),
    Ligne("backoffice:seance", CONSULTANT, kwargs=_planifiee),
    *_get_post("backoffice:seance_modifier", CONSULTANT, _a_planifier),
    Ligne("backoffice:seance_retirer", CONSULTANT, kwargs=_a_planifier),
    Ligne(
        "backoffice:seance_retirer",
        CONSULTANT,
        methode="POST",
        kwargs=_planifiee,
        note="planifiée : refus",
    ),
    *_get_post("backoffice:seance_planifier", CONSULTANT, _a_planifier),
    *_get_post("backoffice:seance_reporter", CONSULTANT, _planifiee),
    *_get_post("backoffice:seance_annuler", CONSULTANT, _planifiee),
    *_get_post("backoffice:seance_absence", CONSULTANT, _planifiee),
    *_get_post("backoffice:seance_connexion", CONSULTANT, _planifiee),
    Ligne("backoffice:seance_note", CONSULTANT, methode="POST", kwargs=_planifiee),
    Ligne("backoffice:seance_ics", CONSULTANT, kwargs=_planifiee),
    *_get_post("backoffice:emargement", CONSULTANT, _planifiee),
    Ligne(
        "backoffice:emargement_code",
        CONSULTANT,
        methode="POST",
        kwargs=_planifiee,
        donnees=lambda p: {"demi_journee": "matin"},
        note="trop tôt",
    ),
    Ligne(
        "backoffice:emargement_verifier",
        CONSULTANT,
        kwargs=lambda p: _pk(p, "emargement_signe"),
    ),
    Ligne("backoffice:agenda", reserve(pour(CONSULTANTS, 200))),
    Ligne("backoffice:agenda_flux_creer", reserve(pour(CONSULTANTS, 200)), methode="POST"),
    Ligne(
        "backoffice:agenda_flux_revoquer",
        reserve(pour(CONSULTANTS, Vers("backoffice:agenda"))),
        methode="POST",
    ),
]

PORTAIL = [
    Ligne("portail:seance_liste", reserve(pour(BENEFICIAIRES, 200))),
    Ligne("portail:seance_ics", BENEFICIAIRE, kwargs=_planifiee),
    *_get_post("portail:emargement", BENEFICIAIRE, _planifiee),
    Ligne(
        "portail:emargement_code",
        BENEFICIAIRE,
        methode="POST",
        kwargs=_planifiee,
        donnees=lambda p: {"demi_journee": "matin"},
        note="trop tôt",
    ),
    Ligne("portail:travail_liste", reserve(pour(BENEFICIAIRES, 200))),
    *_get_post("portail:travail_rendre", BENEFICIAIRE, _travail),
]

ADMINISTRATION = [
    Ligne("administration:plan_modeles", reserve(pour(ADMINISTRATEURS, 200))),
    *_get_post(
        "administration:plan_modele_creer",
        reserve(pour(ADMINISTRATEURS, 200)),
        lambda p: {},
    ),
    *_get_post(
        "administration:plan_modele_modifier",
        reserve(pour(ADMINISTRATEURS, 200)),
        _modele_par_defaut,
    ),
    Ligne(
        "administration:seance_metadonnees",
        reserve(pour(ADMINISTRATEURS, 200)),
        kwargs=lambda p: {"pk": p["seance_planifiee"].bilan_id},
        note="bilan en cours",
    ),
    Ligne(
        "administration:seance_metadonnees",
        reserve(pour(ADMINISTRATEURS, 404)),
        kwargs=lambda p: {"pk": 999_999},
        note="inconnu",
    ),
]

PUBLIC = [
    Ligne("agenda:flux", tous(200), kwargs=lambda p: {"jeton": p["jeton_flux"]}),
    Ligne("agenda:flux", tous(404), kwargs=lambda p: {"jeton": "inconnu"}, note="inconnu"),
]

LIGNES = [*BACKOFFICE, *PORTAIL, *ADMINISTRATION, *PUBLIC]
