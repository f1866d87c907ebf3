"""The action plan's URLs, per space.

``bilan.urls`` mounts each list in its namespace.
"""

from django.urls import URLPattern, path

from ..views import plan as v

backoffice: list[URLPattern] = [
    path("bilans/<int:pk>/plan-action/", v.editeur, name="plan_action_editeur"),
    path("bilans/<int:pk>/plan-action/projet/", v.projet, name="plan_action_projet"),
    path(
        "bilans/<int:pk>/plan-action/calendrier/",
        v.calendrier,
        name="plan_action_calendrier",
    ),
    path(
        "bilans/<int:pk>/plan-action/objectifs/ajouter/",
        v.objectif_ajouter,
        name="plan_action_objectif_ajouter",
    ),
    path(
        "plan-action/objectifs/<int:pk>/modifier/",
        v.objectif_modifier,
        name="plan_action_objectif_modifier",
    ),
    path(
        "plan-action/objectifs/<int:pk>/supprimer/",
        v.objectif_supprimer,
        name="plan_action_objectif_supprimer",
    ),
    path(
        "bilans/<int:pk>/plan-action/actions/ajouter/",
        v.action_ajouter,
        name="plan_action_action_ajouter",
    ),
    path(
        "plan-action/actions/<int:pk>/modifier/",
        v.action_modifier,
        name="plan_action_action_modifier",
    ),
    path(
        "plan-action/actions/<int:pk>/supprimer/",
        v.action_supprimer,
        name="plan_action_action_supprimer",
    ),
]
portail: list[URLPattern] = [
    path("bilans/<int:pk>/plan-action/", v.portail, name="plan_action_portail"),
    path("bilans/<int:pk>/plan-action/proposer/", v.proposer, name="plan_action_proposer"),
    path("plan-action/actions/<int:pk>/cocher/", v.cocher, name="plan_action_cocher"),
]
administration: list[URLPattern] = []
# Reached without a session (single-use links, public pages).
public: list[URLPattern] = []
