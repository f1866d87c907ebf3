"""Matrix rows of the conservation and RGPD screens (domain.md, Confidentiality and data).

Administrators' screens: metadata only, administrators and superusers; consultants and
beneficiaries 403. The portal's "Mes données": beneficiaries only; another beneficiary's
export token answers 404.
"""

from tests.matrice import (
    ADMINISTRATEURS,
    BENEFICIAIRES,
    Ligne,
    Vers,
    pour,
    reserve,
)

ADMIN_200 = reserve(pour(ADMINISTRATEURS, 200))
ADMIN_405 = reserve(pour(ADMINISTRATEURS, 405))
VERS_DEMANDE = Vers("administration:rgpd_demande", lambda p: {"pk": p["demande_rgpd"].pk})
VERS_EFFACEMENT = Vers("administration:rgpd_demande", lambda p: {"pk": p["demande_effacement"].pk})
VERS_MES_DONNEES = Vers("portail:rgpd_mes_donnees")
DEMANDE = {"kwargs": lambda p: {"pk": p["demande_rgpd"].pk}}
JETON = {"kwargs": lambda p: {"jeton": p["jeton_export"]}}

_ADMINISTRATION = [
    Ligne("administration:conservation_tableau", ADMIN_200),
    Ligne("administration:conservation_tableau", ADMIN_405, methode="POST"),
    Ligne("administration:conservation_registre", ADMIN_200),
    Ligne(
        "administration:conservation_registre",
        ADMIN_200,
        donnees=lambda p: {"categorie": "contenu", "reference": "BC-", "du": "2026-01-01"},
        note="filtré",
    ),
    Ligne("administration:conservation_registre", ADMIN_405, methode="POST"),
    Ligne("administration:conservation_registre_csv", ADMIN_200),
    Ligne("administration:conservation_registre_csv", ADMIN_405, methode="POST"),
    Ligne("administration:journal_liste", ADMIN_200),
    Ligne(
        "administration:journal_liste",
        ADMIN_200,
        donnees=lambda p: {"evenement": "rgpd.", "objet_type": "conservation.demandedroit"},
        note="filtré",
    ),
    Ligne("administration:journal_liste", ADMIN_405, methode="POST"),
    Ligne("administration:journal_csv", ADMIN_200),
    Ligne("administration:journal_csv", ADMIN_405, methode="POST"),
    Ligne("administration:rgpd_demandes", ADMIN_200),
    Ligne("administration:rgpd_demandes", ADMIN_405, methode="POST"),
    Ligne("administration:rgpd_demande_creer", ADMIN_200),
    Ligne(
        "administration:rgpd_demande_creer",
        reserve(pour(ADMINISTRATEURS, Vers("administration:rgpd_demandes"))),
        methode="POST",
        donnees=lambda p: {
            "personne": p["autre_beneficiaire"].pk,
            "type": "rectification",
            "recue_le": "2026-11-02",
        },
    ),
    Ligne("administration:rgpd_demande", ADMIN_200, **DEMANDE),
    Ligne(
        "administration:rgpd_demande",
        reserve(pour(ADMINISTRATEURS, 404)),
        kwargs=lambda p: {"pk": 999_999},
        note="inconnue",
    ),
    Ligne("administration:rgpd_demande", ADMIN_405, methode="POST", **DEMANDE),
    Ligne(
        "administration:rgpd_demande_prolonger",
        reserve(pour(ADMINISTRATEURS, VERS_DEMANDE)),
        methode="POST",
        donnees=lambda p: {"motif": "Demande complexe : plusieurs bilans."},
        **DEMANDE,
    ),
    Ligne("administration:rgpd_demande_prolonger", ADMIN_405, **DEMANDE),
    Ligne(
        "administration:rgpd_demande_repondre",
        reserve(pour(ADMINISTRATEURS, VERS_DEMANDE)),
        methode="POST",
        donnees=lambda p: {"repondue_le": "2026-11-20", "issue": "satisfaite"},
        **DEMANDE,
    ),
    Ligne("administration:rgpd_demande_repondre", ADMIN_405, **DEMANDE),
    Ligne(
        "administration:rgpd_demande_effacer",
        reserve(pour(ADMINISTRATEURS, VERS_EFFACEMENT)),
        methode="POST",
        kwargs=lambda p: {"pk": p["demande_effacement"].pk},
    ),
    Ligne("administration:rgpd_demande_effacer", ADMIN_405, **DEMANDE),
]

_PORTAIL = [
    Ligne("portail:rgpd_mes_donnees", reserve(pour(BENEFICIAIRES, 200))),
    Ligne("portail:rgpd_mes_donnees", reserve(pour(BENEFICIAIRES, 405)), methode="POST"),
    Ligne(
        "portail:rgpd_export_demander",
        reserve(pour(BENEFICIAIRES, VERS_MES_DONNEES)),
        methode="POST",
    ),
    Ligne("portail:rgpd_export_demander", reserve(pour(BENEFICIAIRES, 405))),
    Ligne(
        "portail:rgpd_export_etat",
        reserve({"beneficiaire": 200, "autre_beneficiaire": 404}),
        **JETON,
    ),
    Ligne(
        "portail:rgpd_export_etat",
        reserve(pour(BENEFICIAIRES, 405)),
        methode="POST",
        **JETON,
    ),
    Ligne(
        "portail:rgpd_export_telecharger",
        reserve({"beneficiaire": 200, "autre_beneficiaire": 404}),
        **JETON,
    ),
    Ligne(
        "portail:rgpd_export_telecharger",
        reserve(pour(BENEFICIAIRES, 405)),
        methode="POST",
        **JETON,
    ),
    Ligne(
        "portail:rgpd_effacement_demander",
        reserve(pour(BENEFICIAIRES, VERS_MES_DONNEES)),
        methode="POST",
    ),
    Ligne("portail:rgpd_effacement_demander", reserve(pour(BENEFICIAIRES, 405))),
]

LIGNES = [*_ADMINISTRATION, *_PORTAIL]
