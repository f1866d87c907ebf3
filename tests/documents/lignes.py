"""Matrix rows of the documents screens (domain.md, Confidentiality: the beneficiary and
the assigned consultant only; someone else's id answers 404; administrators read no
content, not even the list).

POSTs of the upload are sent empty: the owner gets the form back with its errors (200)
and nothing is stored; everyone else is stopped before (login, 403 or 404).
"""

from tests.matrice import Ligne, Vers, reserve

CONSULTANT = reserve({"consultant": 200, "autre_consultant": 404})
BENEFICIAIRE = reserve({"beneficiaire": 200, "autre_beneficiaire": 404})


def _pk(p, fixture: str, attr: str = "pk") -> dict[str, int]:
    """The fixture's pk; any pk where the caller gives no such fixture (the MFA set-up test
    walks every URL with a beneficiary only: its middleware answers before the view)."""
    try:
        return {"pk": getattr(p[fixture], attr)}
    except KeyError:
        return {"pk": 1}


def _bilan(p):
    return _pk(p, "bilan_en_cours")


def _remis(p):
    return _pk(p, "document_remis")


def _prive(p):
    return _pk(p, "document_prive")


def _du_beneficiaire(p):
    return _pk(p, "document_beneficiaire")


def _retour(espace: str, fixture: str) -> Vers:
    return Vers(f"{espace}:document_liste", lambda p: _pk(p, fixture, "bilan_id"))


BACKOFFICE = [
    Ligne("backoffice:document_liste", CONSULTANT, kwargs=_bilan),
    Ligne("backoffice:document_liste", CONSULTANT, methode="POST", kwargs=_bilan),
    Ligne("backoffice:document_telecharger", CONSULTANT, kwargs=_remis),
    Ligne("backoffice:document_apercu", CONSULTANT, kwargs=_remis),
    Ligne("backoffice:document_supprimer", CONSULTANT, kwargs=_du_beneficiaire),
    Ligne(
        "backoffice:document_supprimer",
        reserve(
            {"consultant": _retour("backoffice", "document_beneficiaire"), "autre_consultant": 404}
        ),
        methode="POST",
        kwargs=_du_beneficiaire,
    ),
    Ligne(
        "backoffice:document_remettre",
        reserve({"consultant": _retour("backoffice", "document_prive"), "autre_consultant": 404}),
        methode="POST",
        kwargs=_prive,
    ),
]

PORTAIL = [
    Ligne("portail:document_liste", BENEFICIAIRE, kwargs=_bilan),
    Ligne("portail:document_liste", BENEFICIAIRE, methode="POST", kwargs=_bilan),
    Ligne("portail:document_telecharger", BENEFICIAIRE, kwargs=_remis),
    Ligne(
        "portail:document_telecharger",
        reserve({"beneficiaire": 404, "autre_beneficiaire": 404}),
        kwargs=_prive,
        note="pas encore remis",
    ),
    Ligne("portail:document_apercu", BENEFICIAIRE, kwargs=_remis),
    Ligne(
        "portail:document_apercu",
        reserve({"beneficiaire": 404, "autre_beneficiaire": 404}),
        kwargs=_prive,
        note="pas encore remis",
    ),
    Ligne("portail:document_supprimer", BENEFICIAIRE, kwargs=_du_beneficiaire),
    Ligne(
        "portail:document_supprimer",
        reserve(
            {"beneficiaire": _retour("portail", "document_beneficiaire"), "autre_beneficiaire": 404}
        ),
        methode="POST",
        kwargs=_du_beneficiaire,
    ),
]

LIGNES = [*BACKOFFICE, *PORTAIL]
