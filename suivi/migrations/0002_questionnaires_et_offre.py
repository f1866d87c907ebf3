"""The default satisfaction questionnaires and the provider's offer (seed 003: questionnaire
à chaud, questionnaire à froid entre 3 et 6 mois; Qualiopi indicators 1, 2 and 30).

``create`` is also called by :func:`suivi.demo.seed_ensure` (a flushed test database loses
data migrations' rows); it leaves existing rows alone.
"""

from django.db import migrations

QUESTIONNAIRES = {
    "chaud": (
        "Votre avis à la fin du bilan",
        [
            ("echelle", "Dans l'ensemble, êtes-vous satisfait(e) de votre bilan ?", "", True),
            ("echelle", "L'accompagnement de votre consultant vous a-t-il aidé(e) ?", "", False),
            (
                "choix",
                "Le bilan a-t-il répondu à vos objectifs de départ ?",
                "Tout à fait\nEn partie\nPas du tout",
                False,
            ),
            ("texte", "Que pourrions-nous améliorer ?", "", False),
        ],
    ),
    "froid": (
        "Votre avis quelques mois après le bilan",
        [
            ("echelle", "Avec le recul, êtes-vous satisfait(e) de votre bilan ?", "", True),
            (
                "choix",
                "Où en est votre projet professionnel ?",
                "Réalisé\nEn cours de réalisation\nPas encore engagé\nAbandonné",
                False,
            ),
            ("echelle", "Le plan d'action vous a-t-il été utile ?", "", False),
            ("texte", "Souhaitez-vous ajouter quelque chose ?", "", False),
        ],
    ),
}

OFFRE = {
    "slug": "bilan-de-competences",
    "intitule": "Bilan de compétences – 24 heures",
    "objectifs": (
        "Permettre au bénéficiaire de valider, sécuriser et structurer un projet "
        "professionnel abouti, en définissant un plan d'action cohérent, réaliste et "
        "durable, aligné avec ses compétences, ses ressources et les leviers mobilisables.\n"
        "Analyser la cohérence entre le parcours, les compétences acquises et le projet "
        "envisagé ; identifier les écarts de compétences ; étudier la faisabilité du projet ; "
        "recenser les ressources (formations, financements, réseau) ; coconstruire un plan "
        "de transition."
    ),
    "public_prerequis": (
        "Toute personne souhaitant clarifier un projet professionnel, sécuriser une évolution "
        "ou envisager une reconversion. Aucun prérequis. À distance : un équipement "
        "informatique adapté, une connexion stable et un lieu permettant la confidentialité."
    ),
    "duree": (
        "24 heures : 18 heures d'accompagnement individuel (restitution comprise) et 6 heures "
        "de travail personnel guidé, sur 3 semaines à 4 mois. Entretien de suivi environ "
        "six mois après la fin, en dehors des 24 heures."
    ),
    "acces_delais": (
        "Un entretien préalable gratuit et sans engagement est systématiquement proposé. "
        "L'entrée dans le dispositif est confirmée à son issue ; la première séance a lieu "
        "en général dans les 15 jours qui suivent l'accord de financement."
    ),
    "tarifs": (
        "Tarif communiqué sur devis. Financement possible par le CPF (1 600 € au plus, reste "
        "à charge légal en vigueur), le plan de développement des compétences, un OPCO, "
        "France Travail ou un autofinancement (rétractation de 10 jours)."
    ),
    "contacts": "Accueil de l'organisme : à compléter par l'administration.",
    "methodes": (
        "Entretiens individuels en présentiel, à distance ou mixtes ; analyse du parcours ; "
        "cartographie des compétences et analyse des écarts ; questionnaires d'intérêts et "
        "de personnalité ; outils d'aide à la décision ; plan d'action. Évaluation continue, "
        "questionnaire de satisfaction à chaud et à froid (entre 3 et 6 mois)."
    ),
    "accessibilite": (
        "Le dispositif est accessible à tous. Des adaptations peuvent être mises en place "
        "selon les besoins du bénéficiaire, avec son accord."
    ),
    "referent_handicap": "Référent handicap : à désigner par l'administration.",
    "principale": True,
}


def create(apps, schema_editor):
    Questionnaire = apps.get_model("suivi", "Questionnaire")
    Question = apps.get_model("suivi", "Question")
    Offre = apps.get_model("suivi", "Offre")
    for moment, (titre, questions) in QUESTIONNAIRES.items():
        questionnaire, created = Questionnaire.objects.get_or_create(
            moment=moment, defaults={"titre": titre}
        )
        if not created:
            continue
        for ordre, (type_, libelle, choix, satisfaction) in enumerate(questions, start=1):
            Question.objects.create(
                questionnaire=questionnaire,
                ordre=ordre,
                libelle=libelle,
                type=type_,
                choix=choix,
                satisfaction=satisfaction,
                obligatoire=satisfaction,
            )
    if not Offre.objects.filter(slug=OFFRE["slug"]).exists():
        Offre.objects.create(**OFFRE)


def remove(apps, schema_editor):
    apps.get_model("suivi", "Offre").objects.filter(slug=OFFRE["slug"]).delete()


class Migration(migrations.Migration):
    dependencies = [("suivi", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
