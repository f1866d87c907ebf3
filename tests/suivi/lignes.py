"""Matrix rows of the suivi screens (domain.md, Confidentiality; point 10).

The interview record is content: the beneficiary and the assigned consultant only; another
consultant's or beneficiary's id answers 404; administrators see results and offers only.
POSTs are sent empty: the owner gets the form back with its errors (200), nothing changes.
The survey link and the offers' pages are public.
"""

from tests.matrice import Ligne, Vers, reserve, tous

CONSULTANT = reserve({"consultant": 200, "autre_consultant": 404})
BENEFICIAIRE = reserve({"beneficiaire": 200, "autre_beneficiaire": 404})
CONSULTANTS = reserve({"consultant": 200, "autre_consultant": 200})
ADMIN = reserve({"admin": 200, "superuser": 200})


def _pk(p, fixture: str) -> dict[str, int]:
    try:
        return {"pk": p[fixture].pk}
    except KeyError:
        return {"pk": 1}


def _bilan(p):
    return _pk(p, "suivi_bilan_termine")


def _entretien_bilan(p):
    # Any pk where the caller gives no such fixture (the MFA set-up test walks every URL
    # with a user standing for every object: its middleware answers before the view).
    try:
        return {"pk": getattr(p["suivi_entretien"], "bilan_id", 1)}
    except KeyError:
        return {"pk": 1}


def _creneau(p):
    return _pk(p, "suivi_creneau")


def _question(p):
    return _pk(p, "suivi_question")


def _offre(p):
    return _pk(p, "suivi_offre")


def _moment(p):
    try:
        p["suivi_seed"]  # the questionnaires of migration 0002, back after a flush
    except KeyError:
        pass
    return {"moment": "chaud"}


def _question_moment(p):
    return {"moment": "chaud"}


def _slug(p):
    try:
        return {"slug": p["suivi_offre"].slug}
    except KeyError:
        return {"slug": "bilan-de-competences"}


def _jeton(p):
    try:
        return {"jeton": p["suivi_jeton"]}
    except KeyError:
        return {"jeton": "x"}


LIGNES: list[Ligne] = [
    # The consultant's space.
    Ligne("backoffice:suivi_bilan", CONSULTANT, kwargs=_bilan),
    Ligne("backoffice:suivi_planifier", CONSULTANT, methode="POST", kwargs=_bilan),
    Ligne("backoffice:suivi_entretien", CONSULTANT, kwargs=_entretien_bilan),
    Ligne("backoffice:suivi_entretien", CONSULTANT, methode="POST", kwargs=_entretien_bilan),
    Ligne("backoffice:suivi_creneaux", CONSULTANTS),
    Ligne("backoffice:suivi_creneaux", CONSULTANTS, methode="POST"),
    Ligne(
        "backoffice:suivi_creneau_retirer",
        reserve({"consultant": Vers("backoffice:suivi_creneaux"), "autre_consultant": 404}),
        methode="POST",
        kwargs=_creneau,
    ),
    # The beneficiary's portal.
    Ligne("portail:suivi_bilan", BENEFICIAIRE, kwargs=_bilan),
    Ligne("portail:suivi_decision", BENEFICIAIRE, methode="POST", kwargs=_bilan),
    Ligne("portail:suivi_reserver", BENEFICIAIRE, methode="POST", kwargs=_bilan),
    Ligne("portail:suivi_avis", BENEFICIAIRE, kwargs=_bilan),
    Ligne("portail:suivi_avis", BENEFICIAIRE, methode="POST", kwargs=_bilan),
    # The administrators: results, offers, questions (no content).
    Ligne("administration:suivi_resultats", ADMIN),
    Ligne("administration:suivi_offres", ADMIN),
    Ligne("administration:suivi_offre_modifier", ADMIN, kwargs=_offre),
    Ligne("administration:suivi_offre_modifier", ADMIN, methode="POST", kwargs=_offre),
    Ligne("administration:suivi_questionnaire", ADMIN, kwargs=_moment),
    Ligne("administration:suivi_questionnaire", ADMIN, methode="POST", kwargs=_moment),
    Ligne(
        "administration:suivi_question_retirer",
        reserve(
            {
                "admin": Vers("administration:suivi_questionnaire", _question_moment),
                "superuser": Vers("administration:suivi_questionnaire", _question_moment),
            }
        ),
        methode="POST",
        kwargs=_question,
    ),
    # Public: the single-use survey link (the link is the credential) and the offers.
    Ligne("avis:avis_froid", tous(200), kwargs=_jeton),
    Ligne("avis:avis_froid", tous(200), methode="POST", kwargs=_jeton),
    Ligne("offres:offre_liste", tous(200)),
    Ligne("offres:offre_detail", tous(200), kwargs=_slug),
]
