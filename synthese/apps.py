from django.apps import AppConfig


class SyntheseConfig(AppConfig):
    name = "synthese"
    verbose_name = "Synthèse"

    def ready(self) -> None:
        from .plan_action.setup import plan_action_ready

        plan_action_ready()
        _ready_redaction()
        from .demo import documents_fin_register

        # The end-of-bilan documents and the shares: retention and demo (issue 6).
        documents_fin_register()


def _ready_redaction() -> None:
    """The synthèse's registrations: retention, the consultant change, the demo."""
    from beneficiaires.demo import register_preparation
    from beneficiaires.models import Etat
    from beneficiaires.services import register_consultant_change
    from bilan import retention
    from bilan.demo import register_step

    from . import models
    from .demo_redaction import demo_synthese, demo_synthese_remise
    from .services import synthese_consultant_change

    # domain.md, Confidentiality: "a change of consultant moves the access".
    register_consultant_change(synthese_consultant_change)
    # R6313-7: the synthèse, its versions, observations and signatures are bilan content.
    for model, path in (
        (models.Synthese, "bilan"),
        (models.SyntheseVersion, "synthese__bilan"),
        (models.SyntheseObservation, "synthese__bilan"),
        (models.SyntheseSignature, "synthese__bilan"),
    ):
        retention.register(model=model, categorie=retention.Categorie.CONTENU, bilan_path=path)
    # The beneficiary's data export (RGPD art. 15, 20): the synthèse once final (the drafts
    # reach them as the submitted versions), signatures without the IP address or browser
    # (a consultant's are a third party's data).
    from django.db.models import Q

    retention.register_export(model=models.Synthese, filtre=Q(etat__in=("finale", "remise")))
    retention.register_export(model=models.SyntheseSignature, champs_exclus={"ip", "user_agent"})
    register_preparation(Etat.TERMINE, demo_synthese)
    # After the action plan's demo step (plan_action_ready runs first): it is printed with it.
    register_step(demo_synthese_remise)
    # The dossier's next step knows when the synthèse is delivered (a state, no content).
    from beneficiaires.selectors import register_progress_annotation

    register_progress_annotation(name="synthese_remise", expression=_synthese_remise)


def _synthese_remise() -> object:
    from django.db.models import Exists, OuterRef

    from .models import EtatSynthese, Synthese

    remises = Synthese.objects.filter(bilan=OuterRef("pk"), etat=EtatSynthese.REMISE)
    return Exists(remises)
