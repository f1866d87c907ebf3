"""French labels of the audit log for the administrators' viewer (domain.md, Audit log: who
did what to which object, when, from where; never a value).

An event code reads as a sentence through :data:`EVENEMENTS`, with the code itself as the
fallback for one not listed yet; an object reads as its model's name and its number
(« Bilan n° 2 »), from the model registry: the reference says which row, nothing of its
content.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_l = gettext_lazy

EVENEMENTS: dict[str, Promise] = {
    # Accounts and sign-in
    "auth.login": _l("Connexion"),
    "auth.login_failed": _l("Échec de connexion"),
    "auth.logout": _l("Déconnexion"),
    "auth.lockout": _l("Compte bloqué après des échecs de connexion"),
    "auth.mfa_changed": _l("Double authentification modifiée"),
    "auth.mfa_failed": _l("Échec de la double authentification"),
    "auth.password_changed": _l("Mot de passe modifié"),
    "user.created": _l("Compte créé"),
    "user.deactivated": _l("Compte désactivé"),
    "user.reactivated": _l("Compte réactivé"),
    # Dossiers, entretien, consent, funding, convention
    "beneficiaire.created": _l("Bénéficiaire créé"),
    "bilan.created": _l("Bilan ouvert"),
    "bilan.state_changed": _l("État du bilan modifié"),
    "bilan.consultant_changed": _l("Consultant du bilan changé"),
    "entretien.recorded": _l("Entretien préalable enregistré"),
    "entretien.viewed": _l("Entretien préalable consulté"),
    "consentement.given": _l("Consentement donné"),
    "consentement.refused": _l("Consentement refusé"),
    "financement.cpf_set": _l("Financement CPF enregistré"),
    "financement.autofinancement_set": _l("Contrat d'autofinancement enregistré"),
    "convention.saved": _l("Convention enregistrée"),
    "convention.signed": _l("Convention signée"),
    "convention.link_issued": _l("Lien de signature de la convention émis"),
    "convention.viewed_by_link": _l("Convention consultée par son lien"),
    "convention.exported": _l("Convention exportée"),
    "convention.expired": _l("Convention expirée sans signature"),
    # Sessions and attendance
    "plan.created": _l("Plan des séances créé"),
    "plan.travail_set": _l("Travail personnel prévu modifié"),
    "plan_modele.saved": _l("Modèle de plan enregistré"),
    "seance.added": _l("Séance ajoutée au plan"),
    "seance.updated": _l("Séance modifiée"),
    "seance.removed": _l("Séance retirée du plan"),
    "seance.scheduled": _l("Séance planifiée"),
    "seance.rescheduled": _l("Séance reportée"),
    "seance.cancelled": _l("Séance annulée"),
    "seance.absence_recorded": _l("Absence enregistrée"),
    "seance.connection_recorded": _l("Heures de connexion enregistrées"),
    "seance_note.saved": _l("Notes de séance enregistrées"),
    "emargement.code_requested": _l("Code d'émargement demandé"),
    "emargement.signed": _l("Émargement signé"),
    "travail.assigned": _l("Travail personnel assigné"),
    "travail.reported": _l("Travail personnel rendu"),
    "travail.validated": _l("Travail personnel validé"),
    "flux_agenda.created": _l("Flux d'agenda créé"),
    "flux_agenda.revoked": _l("Flux d'agenda révoqué"),
    # Synthèse, action plan, documents, shares
    "synthese.created": _l("Synthèse ouverte"),
    "synthese.updated": _l("Synthèse modifiée"),
    "synthese.previewed": _l("Aperçu de la synthèse"),
    "synthese.submitted": _l("Synthèse soumise au bénéficiaire"),
    "synthese.observed": _l("Observations du bénéficiaire sur la synthèse"),
    "synthese.finalised": _l("Synthèse finalisée"),
    "synthese.reopened": _l("Synthèse remise en rédaction"),
    "synthese.code_requested": _l("Code de signature de la synthèse demandé"),
    "synthese.signed": _l("Synthèse signée"),
    "synthese.delivered": _l("Synthèse remise au bénéficiaire"),
    "plan_action.created": _l("Plan d'action créé"),
    "plan_action.projet_saved": _l("Projet du plan d'action enregistré"),
    "plan_action.objectif_saved": _l("Objectif du plan d'action enregistré"),
    "plan_action.objectif_deleted": _l("Objectif du plan d'action supprimé"),
    "plan_action.action_saved": _l("Action du plan d'action enregistrée"),
    "plan_action.action_deleted": _l("Action du plan d'action supprimée"),
    "plan_action.contribution_added": _l("Contribution au plan d'action"),
    "plan_action.verrouille": _l("Plan d'action figé"),
    "plan_action.deverrouille": _l("Plan d'action rouvert"),
    "document.depose": _l("Document déposé"),
    "document.telecharge": _l("Document téléchargé"),
    "document.supprime": _l("Document supprimé"),
    "document.remis": _l("Document remis"),
    "document.scelle": _l("Document scellé"),
    "documents.purges": _l("Documents détruits"),
    "partage.created": _l("Partage créé"),
    "partage.revoked": _l("Partage révoqué"),
    "partage.link_issued": _l("Lien de partage émis"),
    "partage.link_used": _l("Lien de partage utilisé"),
    # Investigation tools and questionnaires
    "outils.parcours_added": _l("Étape de parcours ajoutée"),
    "outils.parcours_deleted": _l("Étape de parcours supprimée"),
    "outils.competence_added": _l("Compétence ajoutée"),
    "outils.competence_updated": _l("Compétence modifiée"),
    "outils.competence_reviewed": _l("Compétence revue"),
    "outils.matrice_created": _l("Matrice d'écart créée"),
    "outils.matrice_updated": _l("Matrice d'écart modifiée"),
    "outils.exigence_added": _l("Exigence ajoutée"),
    "outils.exigence_deleted": _l("Exigence supprimée"),
    "outils.scenario_added": _l("Scénario ajouté"),
    "outils.scenario_chosen": _l("Scénario retenu"),
    "outils.critere_added": _l("Critère ajouté"),
    "outils.criteres_weighted": _l("Critères pondérés"),
    "outils.scores_set": _l("Notes des scénarios enregistrées"),
    "outils.results_handed_over": _l("Résultats des outils remis"),
    "questionnaire.assigned": _l("Questionnaire assigné"),
    "questionnaire.saved": _l("Questionnaire enregistré"),
    "questionnaire.answered": _l("Questionnaire rempli"),
    "questionnaire.viewed": _l("Questionnaire consulté"),
    "questionnaires.handed_over": _l("Résultats des questionnaires remis"),
    "restitution.saved": _l("Restitution enregistrée"),
    "restitution.viewed": _l("Restitution consultée"),
    "entourage.invited": _l("Personne de l'entourage invitée"),
    "entourage.opened": _l("Invitation de l'entourage ouverte"),
    "entourage.answered": _l("Réponse de l'entourage reçue"),
    "entourage.viewed": _l("Réponses de l'entourage consultées"),
    # Follow-up
    "suivi.accepte": _l("Entretien de suivi accepté"),
    "suivi.accord_conservation": _l("Accord de conservation pour le suivi"),
    "suivi.creneau_propose": _l("Créneau de suivi proposé"),
    "suivi.creneau_retire": _l("Créneau de suivi retiré"),
    "suivi.entretien_reserve": _l("Entretien de suivi réservé"),
    "suivi.entretien_planifie": _l("Entretien de suivi planifié"),
    "suivi.entretien_redige": _l("Compte rendu de suivi rédigé"),
    "suivi.enquete_repondue": _l("Enquête de satisfaction remplie"),
    "suivi.offre_modifiee": _l("Offre modifiée"),
    "suivi.question_ajoutee": _l("Question d'enquête ajoutée"),
    "suivi.question_retiree": _l("Question d'enquête retirée"),
    # Retention, data subject rights, the log itself
    "conservation.purge": _l("Destruction à l'échéance de conservation"),
    "conservation.registre_exporte": _l("Registre des destructions exporté"),
    "rgpd.demande_enregistree": _l("Demande RGPD enregistrée"),
    "rgpd.demande_prolongee": _l("Délai de la demande RGPD prolongé"),
    "rgpd.demande_repondue": _l("Demande RGPD traitée"),
    "rgpd.effacement": _l("Effacement RGPD"),
    "rgpd.export_demande": _l("Export des données demandé"),
    "rgpd.export_pret": _l("Export des données prêt"),
    "rgpd.export_telecharge": _l("Export des données téléchargé"),
    "journal.consulte": _l("Journal d'audit consulté"),
    "journal.exporte": _l("Journal d'audit exporté"),
}


# Models whose own name is not a French noun yet (no verbose_name): the viewer's name.
OBJETS: dict[str, Promise] = {
    "comptes.usersession": _l("session de connexion"),
    "scelles.documentscelle": _l("document scellé"),
    "conservation.demandedroit": _l("demande RGPD"),
    "conservation.exportdonnees": _l("export de données"),
    "conservation.destructionlot": _l("lot de destruction"),
    "conservation.execution": _l("exécution de la purge"),
    "seances.noteseance": _l("note de séance"),
    "seances.fluxagenda": _l("flux d'agenda"),
    "seances.planmodeleseance": _l("séance de modèle de plan"),
    "outils.entreeparcours": _l("étape de parcours"),
    "outils.competence": _l("compétence"),
    "outils.matrice": _l("matrice d'écart"),
    "outils.scenario": _l("scénario"),
    "outils.critere": _l("critère"),
    "outils.note": _l("note de scénario"),
    "questionnaires.reponse360": _l("réponse 360°"),
    "synthese.syntheseversion": _l("version de la synthèse"),
    "synthese.syntheseobservation": _l("observation sur la synthèse"),
}


def evenement_libelle(code: str) -> str:
    """The French label of an event code; the code itself when none is known yet."""
    libelle = EVENEMENTS.get(code)
    return str(libelle) if libelle is not None else code


def objet_libelle(target_type: str, target_id: str) -> str:
    """« Bilan n° 2 »: the model's French name and the row's number, never its content;
    the raw type when the model is unknown (an app removed since)."""
    if not target_type:
        return ""
    if target_type in OBJETS:
        nom = capfirst(str(OBJETS[target_type]))
    else:
        try:
            model = apps.get_model(target_type)
        except (LookupError, ValueError):
            return f"{target_type} {target_id}".strip()
        nom = capfirst(str(model._meta.verbose_name))
    return _("%(nom)s n° %(id)s") % {"nom": nom, "id": target_id} if target_id else nom
