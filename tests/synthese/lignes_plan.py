"""Matrix rows of the action plan (domain.md, Confidentiality: content for the beneficiary
and the assigned consultant only; someone else's id answers 404; administrators and
superusers get 403, they see no content).

POSTs to forms are sent empty: the owner gets the form back with its errors (200) and
nothing changes. The beneficiary's tick is refused on a running bilan (back to the plan
with the message); everyone else is stopped before (login, 403 or 404).
"""

from tests.matrice import Ligne, Vers, reserve

CONSULTANT = reserve({"consultant": 200, "autre_consultant": 404})
BENEFICIAIRE = reserve({"beneficiaire": 200, "autre_beneficiaire": 404})


def _pk(p, fixture: str) -> dict[str, int]:
    """The fixture's pk; any pk where the caller gives no such fixture (the MFA set-up test
    walks every URL with a beneficiary only)."""
    try:
        return {"pk": p[fixture].pk}
    except KeyError:
        return {"pk": 1}


def _bilan(p):
    return _pk(p, "bilan_en_cours")


def _bilan_avec_action(p):
    """The running bilan, its plan holding an objective and an action (the pages show them)."""
    try:
        p["plan_action_action"]
    except KeyError:
        pass
    return _bilan(p)


def _objectif(p):
    return _pk(p, "plan_action_objectif")


def _action(p):
    return _pk(p, "plan_action_action")


VERS_EDITEUR = reserve(
    {"consultant": Vers("backoffice:plan_action_editeur", _bilan), "autre_consultant": 404}
)
VERS_PORTAIL = reserve(
    {"beneficiaire": Vers("portail:plan_action_portail", _bilan), "autre_beneficiaire": 404}
)


def _get_post(nom, kwargs):
    return [
        Ligne(nom, CONSULTANT, kwargs=kwargs),
        Ligne(nom, CONSULTANT, methode="POST", kwargs=kwargs, note="vide"),
    ]


LIGNES: list[Ligne] = [
    Ligne("backoffice:plan_action_editeur", CONSULTANT, kwargs=_bilan_avec_action),
    Ligne("backoffice:plan_action_calendrier", CONSULTANT, kwargs=_bilan_avec_action),
    Ligne("backoffice:plan_action_projet", VERS_EDITEUR, methode="POST", kwargs=_bilan),
    *_get_post("backoffice:plan_action_objectif_ajouter", _bilan),
    *_get_post("backoffice:plan_action_objectif_modifier", _objectif),
    Ligne(
        "backoffice:plan_action_objectif_supprimer",
        VERS_EDITEUR,
        methode="POST",
        kwargs=_objectif,
    ),
    *_get_post("backoffice:plan_action_action_ajouter", _bilan),
    *_get_post("backoffice:plan_action_action_modifier", _action),
    Ligne("backoffice:plan_action_action_supprimer", VERS_EDITEUR, methode="POST", kwargs=_action),
    Ligne("portail:plan_action_portail", BENEFICIAIRE, kwargs=_bilan_avec_action),
    Ligne("portail:plan_action_proposer", BENEFICIAIRE, methode="POST", kwargs=_bilan),
    Ligne(
        "portail:plan_action_cocher",
        VERS_PORTAIL,
        methode="POST",
        kwargs=_action,
        note="bilan en cours : refus",
    ),
]
