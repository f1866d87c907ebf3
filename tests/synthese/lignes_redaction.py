"""Matrix rows of the synthèse's screens (domain.md, point 7 and Confidentiality: the
beneficiary, and the assigned consultant for the writing; nobody else, administrators and
superusers included: 403 by role; another consultant or beneficiary: 404).

POSTs are sent with incomplete or refused data: the owner gets the page back with the
French message (200), or the editor (302), and nothing else changes.
"""

from tests.matrice import Ligne, Vers, reserve

CONSULTANT = reserve({"consultant": 200, "autre_consultant": 404})
BENEFICIAIRE = reserve({"beneficiaire": 200, "autre_beneficiaire": 404})


def _bilan(fixture: str):
    def kwargs(p):
        try:
            objet = p[fixture]
            return {"pk": getattr(objet, "bilan_id", objet.pk)}
        except KeyError:  # the MFA set-up test walks every URL without these fixtures
            return {"pk": 1}

    return kwargs


_S = _bilan("synthese")
_F = _bilan("synthese_finale")
VERS_EDITEUR = Vers("backoffice:synthese_editeur", lambda p: {"pk": p["synthese"].bilan_id})


def _consultant(attendu):
    return reserve({"consultant": attendu, "autre_consultant": 404})


BACKOFFICE = [
    Ligne("backoffice:synthese_editeur", CONSULTANT, kwargs=_S),
    Ligne(
        "backoffice:synthese_editeur",
        CONSULTANT,
        kwargs=_bilan("bilan_en_cours"),
        note="pas encore commencée",
    ),
    Ligne(
        "backoffice:synthese_editeur",
        _consultant(VERS_EDITEUR),
        methode="POST",
        kwargs=_S,
        note="rien de changé",
    ),
    Ligne("backoffice:synthese_creer", CONSULTANT, methode="POST", kwargs=_S, note="existe déjà"),
    Ligne("backoffice:synthese_enregistrer", CONSULTANT, methode="POST", kwargs=_S),
    Ligne(
        "backoffice:synthese_source",
        _consultant(400),
        methode="POST",
        kwargs=_S,
        donnees=lambda p: {"section": "inconnue", "source": "0"},
        note="source inconnue",
    ),
    Ligne("backoffice:synthese_soumettre", _consultant(VERS_EDITEUR), methode="POST", kwargs=_S),
    Ligne(
        "backoffice:synthese_finaliser",
        CONSULTANT,
        methode="POST",
        kwargs=_S,
        note="brouillon : refus",
    ),
    Ligne(
        "backoffice:synthese_rouvrir",
        CONSULTANT,
        methode="POST",
        kwargs=_S,
        note="brouillon : refus",
    ),
    Ligne(
        "backoffice:synthese_rouvrir",
        _consultant(
            Vers("backoffice:synthese_editeur", lambda p: {"pk": p["synthese_finale"].bilan_id})
        ),
        methode="POST",
        kwargs=_F,
        note="finale sans signature",
    ),
    Ligne("backoffice:synthese_apercu", CONSULTANT, kwargs=_S),
    Ligne("backoffice:synthese_signer", CONSULTANT, kwargs=_F),
    Ligne("backoffice:synthese_signer", CONSULTANT, methode="POST", kwargs=_F, note="sans code"),
    Ligne(
        "backoffice:synthese_signature_code",
        CONSULTANT,
        methode="POST",
        kwargs=_S,
        note="brouillon : refus",
    ),
]

PORTAIL = [
    Ligne("portail:synthese_lecture", BENEFICIAIRE, kwargs=_bilan("synthese_soumise")),
    Ligne(
        "portail:synthese_lecture",
        BENEFICIAIRE,
        kwargs=_bilan("bilan_en_cours"),
        note="pas encore commencée",
    ),
    Ligne(
        "portail:synthese_observer",
        BENEFICIAIRE,
        methode="POST",
        kwargs=_bilan("synthese_soumise"),
        note="vide",
    ),
    Ligne("portail:synthese_signer", BENEFICIAIRE, kwargs=_F),
    Ligne("portail:synthese_signer", BENEFICIAIRE, methode="POST", kwargs=_F, note="sans code"),
    Ligne(
        "portail:synthese_signature_code",
        BENEFICIAIRE,
        methode="POST",
        kwargs=_S,
        note="brouillon : refus",
    ),
    Ligne(
        "portail:synthese_telecharger",
        reserve({"beneficiaire": 404, "autre_beneficiaire": 404}),
        kwargs=_S,
        note="pas encore remise",
    ),
]

LIGNES: list[Ligne] = [*BACKOFFICE, *PORTAIL]

LIGNES.append(
    Ligne(
        "portail:synthese_telecharger",
        BENEFICIAIRE,
        kwargs=_bilan("synthese_remise"),
        note="remise",
    )
)
