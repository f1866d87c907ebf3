"""Every write of the questionnaires app (style.md: services own the rules, the audit log
and the permissions, in one transaction)."""

from .definitions import questionnaire_contenu, questionnaire_save
from .entourage import (
    enquete_ouvrir,
    invitation_creer,
    invitation_envoyer,
    invitation_pour_jeton,
    reponse360_enregistrer,
)
from .passations import passation_attribuer, passation_repondre, passation_scores
from .remise import questionnaires_consultant_change, questionnaires_remettre
from .restitutions import restitution_enregistrer

__all__ = [
    "enquete_ouvrir",
    "invitation_creer",
    "invitation_envoyer",
    "invitation_pour_jeton",
    "passation_attribuer",
    "passation_repondre",
    "passation_scores",
    "questionnaire_contenu",
    "questionnaire_save",
    "questionnaires_consultant_change",
    "questionnaires_remettre",
    "reponse360_enregistrer",
    "restitution_enregistrer",
]
