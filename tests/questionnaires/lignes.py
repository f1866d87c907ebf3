"""Matrix rows of the questionnaires screens (domain.md, Confidentiality: answers, scores,
360° answers and restitution notes for the beneficiary and the assigned consultant only;
someone else's id answers 404; administrators edit the definitions and never read answers).

POSTs are sent with empty data: the owner gets the form back with its errors (200) or the
page with a message, and nothing changes; everyone else is stopped before.
"""

from tests.matrice import (
    ADMINISTRATEURS,
    BENEFICIAIRES,
    Ligne,
    Vers,
    pour,
    reserve,
    tous,
)

CONSULTANT = reserve({"consultant": 200, "autre_consultant": 404})
BENEFICIAIRE = reserve({"beneficiaire": 200, "autre_beneficiaire": 404})
ADMIN = reserve(pour(ADMINISTRATEURS, 200))


def _pk(fixture: str, attr: str = "pk"):
    def kwargs(p):
        # A caller without the fixture (the MFA walk gives any object): any pk.
        try:
            return {"pk": getattr(p[fixture], attr, 1)}
        except KeyError:
            return {"pk": 1}

    return kwargs


_bilan = _pk("bilan_en_cours")
_bilan_enquete = _pk("enquete_360", "bilan_id")
_a_remplir = _pk("passation_a_remplir")
_remplie = _pk("passation_remplie")
_restitution = _pk("restitution_test")


def _get_post(nom, attendu, kwargs, note=""):
    return [
        Ligne(nom, attendu, kwargs=kwargs, note=note),
        Ligne(nom, attendu, methode="POST", kwargs=kwargs, note=note),
    ]


BACKOFFICE = [
    Ligne("backoffice:questionnaire_bilan", CONSULTANT, kwargs=_bilan),
    Ligne(
        "backoffice:questionnaire_attribuer",
        reserve(
            {
                "consultant": Vers("backoffice:questionnaire_bilan", _bilan),
                "autre_consultant": 404,
            }
        ),
        methode="POST",
        kwargs=_bilan,
    ),
    Ligne("backoffice:questionnaire_entourage", CONSULTANT, kwargs=_bilan_enquete),
    *_get_post("backoffice:questionnaire_restitution_creer", CONSULTANT, _bilan),
    Ligne("backoffice:questionnaire_resultat", CONSULTANT, kwargs=_remplie),
    *_get_post("backoffice:questionnaire_restitution_modifier", CONSULTANT, _restitution),
]

PORTAIL = [
    Ligne("portail:questionnaire_liste", reserve(pour(BENEFICIAIRES, 200))),
    *_get_post("portail:questionnaire_repondre", BENEFICIAIRE, _a_remplir),
    Ligne(
        "portail:questionnaire_repondre",
        reserve(
            {
                "beneficiaire": Vers("portail:questionnaire_resultat", _remplie),
                "autre_beneficiaire": 404,
            }
        ),
        kwargs=_remplie,
        note="déjà répondu",
    ),
    Ligne("portail:questionnaire_resultat", BENEFICIAIRE, kwargs=_remplie),
    Ligne("portail:questionnaire_entourage", BENEFICIAIRE, kwargs=_bilan_enquete),
    Ligne("portail:questionnaire_entourage_ouvrir", BENEFICIAIRE, methode="POST", kwargs=_bilan),
    Ligne(
        "portail:questionnaire_entourage_inviter",
        BENEFICIAIRE,
        methode="POST",
        kwargs=_bilan_enquete,
    ),
]

ADMINISTRATION = [
    Ligne("administration:questionnaire_liste", ADMIN),
    *_get_post("administration:questionnaire_creer", ADMIN, lambda p: {}),
    *_get_post("administration:questionnaire_modifier", ADMIN, _pk("questionnaire_interets")),
    Ligne(
        "administration:questionnaire_modifier",
        reserve(pour(ADMINISTRATEURS, 404)),
        kwargs=lambda p: {"pk": 999_999},
        note="inconnu",
    ),
]


def _jeton(fixture: str):
    def kwargs(p):
        try:
            jeton = p[fixture]
        except KeyError:
            jeton = None
        return {"token": jeton if isinstance(jeton, str) else "inconnu"}

    return kwargs


PUBLIC = [
    *_get_post("entourage:entourage_repondre", tous(200), _jeton("jeton_360")),
    *_get_post(
        "entourage:entourage_repondre", tous(410), _jeton("jeton_360_utilise"), note="utilisé"
    ),
    *_get_post(
        "entourage:entourage_repondre", tous(404), lambda p: {"token": "inconnu"}, note="inconnu"
    ),
]

LIGNES = [*BACKOFFICE, *PORTAIL, *ADMINISTRATION, *PUBLIC]
