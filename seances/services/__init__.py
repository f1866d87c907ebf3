"""Every write of the sessions app (style.md: services own the transaction, the audit entry
and the mail). One module per concern; the names are re-exported here for the screens."""

from .agenda import (
    plan_avertissements,
    seance_absence_record,
    seance_cancel,
    seance_connexion_record,
    seance_reschedule,
    seance_schedule,
)
from .cloture import seances_cloture_motifs, seances_cloture_possible
from .emargement import (
    demi_journees,
    emargement_code_request,
    emargement_code_send,
    emargement_donnees,
    emargement_sign,
    emargement_verifier,
    emargements_purge,
    seances_tenues,
)
from .ics import flux_consultant, flux_create, flux_revoke, ics_flux, ics_seance
from .notes import note_seance_set
from .plan import (
    SeancePrevue,
    plan_create,
    plan_modele_save,
    plan_travail_set,
    seance_add,
    seance_remove,
    seance_update,
)
from .travail import travail_assign, travail_report, travail_validate

__all__ = [
    "SeancePrevue",
    "demi_journees",
    "emargement_code_request",
    "emargement_code_send",
    "emargement_donnees",
    "emargement_sign",
    "emargement_verifier",
    "emargements_purge",
    "flux_consultant",
    "flux_create",
    "flux_revoke",
    "ics_flux",
    "ics_seance",
    "note_seance_set",
    "plan_avertissements",
    "plan_create",
    "plan_modele_save",
    "plan_travail_set",
    "seance_absence_record",
    "seance_add",
    "seance_cancel",
    "seance_connexion_record",
    "seance_remove",
    "seance_reschedule",
    "seance_schedule",
    "seance_update",
    "seances_cloture_motifs",
    "seances_cloture_possible",
    "seances_tenues",
    "travail_assign",
    "travail_report",
    "travail_validate",
]
