from django.apps import AppConfig


class OutilsConfig(AppConfig):
    """The investigation tools of the seed programme (parcours, competences, gaps, scenarios)."""

    name = "seances.outils"
    label = "outils"
    verbose_name = "Outils d'investigation"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from beneficiaires.services import register_consultant_change
        from bilan import retention
        from bilan.demo import register_step
        from synthese.sources import Section, register_source

        from . import models, synthese_textes
        from .demo import demo_outils
        from .remise import register_remise
        from .services import outils_consultant_change, outils_remettre

        # domain.md, Confidentiality: "a change of consultant moves the access".
        register_consultant_change(outils_consultant_change)
        # Seed 004, Document de synthèse: every result of the investigation is handed over.
        register_remise(
            libelle="Outils d'investigation (parcours, compétences, écarts, scénarios)",
            remettre=outils_remettre,
        )
        # Issue 11, point 7: offered as starting text, copied only on the consultant's action.
        for section, libelle, texte, vide in (
            (
                Section.COMPETENCES,
                "Inventaire des compétences",
                synthese_textes.source_competences,
                _("L'inventaire des compétences est vide : renseignez-le dans les outils."),
            ),
            (
                Section.PROJET,
                "Scénario retenu et alternatives",
                synthese_textes.source_projet,
                _(
                    "Aucun scénario n'est encore retenu : choisissez-en un dans l'outil "
                    "« Scénarios » pour l'insérer ici."
                ),
            ),
            (
                Section.FORMATION,
                "Écarts à combler par la formation",
                synthese_textes.source_formation,
                _("Aucun écart à combler par la formation n'est encore noté dans les outils."),
            ),
            (
                Section.ETAPES,
                "Matrices d'écart : moyens de combler",
                synthese_textes.source_etapes,
                _("Aucun moyen de combler un écart n'est encore noté dans les outils."),
            ),
        ):
            register_source(section=section, libelle=libelle, texte=texte, vide=vide)
        # R6313-7 (domain.md, Destruction): all of it is bilan content.
        for model, path in (
            (models.DossierOutils, "bilan"),
            (models.EntreeParcours, "dossier__bilan"),
            (models.Competence, "dossier__bilan"),
            (models.Matrice, "dossier__bilan"),
            (models.Exigence, "matrice__dossier__bilan"),
            (models.Scenario, "dossier__bilan"),
            (models.Critere, "dossier__bilan"),
            (models.Note, "scenario__dossier__bilan"),
        ):
            retention.register(model=model, categorie=retention.Categorie.CONTENU, bilan_path=path)
        # The beneficiary's data export (RGPD art. 15, 20): what the portal shows them, i.e.
        # the consultant's results only once handed over (services/remise.py).
        from django.db.models import Q

        remis = "dossier__remis_le__isnull"
        retention.register_export(model=models.Matrice, filtre=Q(**{remis: False}))
        retention.register_export(model=models.Exigence, filtre=Q(**{f"matrice__{remis}": False}))
        retention.register_export(model=models.Scenario, filtre=Q(**{remis: False}))
        retention.register_export(model=models.Note, filtre=Q(**{f"scenario__{remis}": False}))
        register_step(demo_outils)
