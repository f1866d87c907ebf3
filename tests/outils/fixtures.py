"""Fixtures of the outils tests that the permission matrix also uses.

Imported by tests/conftest.py. All of them live on the personas' running bilan
(``bilan_en_cours``: the beneficiary's, assigned to ``consultant``).
"""

from __future__ import annotations

import datetime as _dt

import pytest


@pytest.fixture
def outils_entree(bilan_en_cours, consultant):
    from seances.outils.services import entree_parcours_add

    return entree_parcours_add(
        bilan=bilan_en_cours,
        consultant=consultant,
        type="poste",
        intitule="Agente d'exploitation",
        structure="Transports du Val",
        debut=_dt.date(2012, 9, 1),
        fin=_dt.date(2018, 6, 30),
        experiences="Réorganisation des tournées.",
        enseignements="À l'aise dans l'urgence.",
    )


@pytest.fixture
def outils_competence(outils_entree, beneficiaire):
    from seances.outils.services import competence_add

    return competence_add(
        bilan=outils_entree.dossier.bilan,
        beneficiaire_user=beneficiaire,
        intitule="Planification des tournées",
        type="technique",
        niveau_auto=3,
        entree=outils_entree,
        preuves="Outil de planification déployé.",
        transferabilite="forte",
    )


@pytest.fixture
def outils_matrice(outils_competence, consultant):
    from seances.outils.services import matrice_create

    return matrice_create(
        bilan=outils_competence.dossier.bilan,
        consultant=consultant,
        cible="Responsable logistique",
        ressources="Réseau dans le transport.",
        contraintes="Mobilité limitée.",
    )


@pytest.fixture
def outils_exigence(outils_matrice, consultant):
    from seances.outils.services import exigence_add

    return exigence_add(
        matrice=outils_matrice,
        consultant=consultant,
        intitule="Tableaux de bord",
        niveau_requis=3,
        niveau_saisi=1,
        moyen="formation",
        moyen_detail="Formation courte.",
    )


@pytest.fixture
def outils_scenario(bilan_en_cours, consultant):
    from seances.outils.services import critere_add, scenario_add

    critere_add(bilan=bilan_en_cours, consultant=consultant, libelle="Intérêt du travail")
    return scenario_add(
        bilan=bilan_en_cours, consultant=consultant, intitule="Logistique d'entrepôt"
    )
