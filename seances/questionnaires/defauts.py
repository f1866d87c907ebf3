"""The three default questionnaires (migration 0002), written for this platform: they do
not reproduce any published test's items. Administrators change them or add others.

Each entry: name, theme, instructions, scale labels (values 1..n), scoring, and the
dimensions with their items (``(-)`` in front of an item scored the other way round).
"""

from __future__ import annotations

from typing import Any

ACCORD = [
    "Pas du tout d'accord",
    "Plutôt pas d'accord",
    "Ni d'accord ni pas d'accord",
    "Plutôt d'accord",
    "Tout à fait d'accord",
]

DEFAUTS: list[dict[str, Any]] = [
    {
        "nom": "Intérêts professionnels",
        "theme": "interets",
        "consigne": (
            "Pour chaque activité, indiquez combien elle vous attire, sans vous demander si "
            "vous savez la faire. Il n'y a pas de bonne ou de mauvaise réponse."
        ),
        "echelle": [
            "Ne m'attire pas du tout",
            "M'attire peu",
            "M'attire moyennement",
            "M'attire beaucoup",
            "M'attire énormément",
        ],
        "calcul": "moyenne",
        "dimensions": [
            (
                "Concret et technique",
                [
                    "Réparer, monter ou entretenir un équipement",
                    "Travailler en extérieur, sur un chantier ou sur le terrain",
                    "Utiliser des outils, des machines ou des véhicules",
                    "Voir le résultat concret de mon travail à la fin de la journée",
                ],
            ),
            (
                "Analyse et recherche",
                [
                    "Analyser des données pour comprendre un problème",
                    "Me documenter en profondeur sur un sujet nouveau",
                    "Mener une enquête, un diagnostic ou une expérience",
                    "Résoudre des problèmes qui demandent une longue réflexion",
                ],
            ),
            (
                "Création et expression",
                [
                    "Imaginer ou concevoir quelque chose qui n'existe pas encore",
                    "Écrire, dessiner, photographier, composer ou mettre en scène",
                    "Travailler avec une grande liberté dans la façon de faire",
                    "Soigner l'esthétique d'un document, d'un lieu ou d'un objet",
                ],
            ),
            (
                "Relation d'aide et transmission",
                [
                    "Aider quelqu'un à surmonter une difficulté",
                    "Former, expliquer, transmettre un savoir-faire",
                    "Écouter et conseiller des personnes",
                    "Travailler au contact d'un public toute la journée",
                ],
            ),
            (
                "Initiative et influence",
                [
                    "Convaincre un interlocuteur ou mener une négociation",
                    "Prendre la tête d'un projet ou d'une équipe",
                    "Développer une activité et trouver de nouveaux clients",
                    "Prendre des décisions rapides et en assumer les risques",
                ],
            ),
            (
                "Organisation et méthode",
                [
                    "Classer des dossiers, tenir des plannings ou des procédures",
                    "Vérifier l'exactitude de chiffres ou de documents",
                    "Suivre des règles claires et des méthodes éprouvées",
                    "Tenir un budget, des stocks ou une comptabilité",
                ],
            ),
        ],
    },
    {
        "nom": "Valeurs professionnelles",
        "theme": "valeurs",
        "consigne": (
            "Pour chaque affirmation, indiquez l'importance qu'elle a pour vous dans votre "
            "futur travail."
        ),
        "echelle": [
            "Sans importance",
            "Peu important",
            "Assez important",
            "Très important",
            "Essentiel",
        ],
        "calcul": "moyenne",
        "dimensions": [
            (
                "Autonomie",
                [
                    "Organiser mon travail comme je l'entends",
                    "Décider moi-même de mes priorités",
                    "Travailler sans contrôle permanent",
                ],
            ),
            (
                "Sécurité",
                [
                    "Avoir un emploi stable sur la durée",
                    "Connaître à l'avance mes horaires et mes missions",
                    "Travailler dans une structure solide",
                ],
            ),
            (
                "Reconnaissance",
                [
                    "Voir mon travail apprécié et remercié",
                    "Être rémunéré(e) à la hauteur de mon investissement",
                    "Pouvoir évoluer vers plus de responsabilités",
                ],
            ),
            (
                "Utilité",
                [
                    "Me sentir utile aux autres ou à la société",
                    "Travailler pour une cause à laquelle je crois",
                    "Voir l'effet de mon travail sur la vie des gens",
                ],
            ),
            (
                "Équilibre de vie",
                [
                    "Garder du temps pour ma vie personnelle",
                    "Travailler près de chez moi",
                    "Pouvoir aménager mon temps de travail",
                ],
            ),
            (
                "Relations",
                [
                    "Travailler dans une bonne ambiance d'équipe",
                    "Partager des projets avec des collègues",
                    "Rencontrer des personnes variées",
                ],
            ),
        ],
    },
    {
        "nom": "Motivations",
        "theme": "motivations",
        "consigne": (
            "Pensez à ce qui vous donne envie de vous lever le matin pour travailler, et "
            "indiquez votre accord avec chaque affirmation."
        ),
        "echelle": ACCORD,
        "calcul": "moyenne",
        "dimensions": [
            (
                "Défi et accomplissement",
                [
                    "J'aime me fixer des objectifs difficiles",
                    "Réussir une tâche compliquée me donne beaucoup d'énergie",
                    "(-) Je préfère les tâches que je maîtrise déjà parfaitement",
                ],
            ),
            (
                "Apprendre et progresser",
                [
                    "J'ai besoin d'apprendre régulièrement des choses nouvelles",
                    "Je m'ennuie vite quand mon travail ne change pas",
                    "Je cherche les occasions de me former",
                ],
            ),
            (
                "Sens du travail",
                [
                    "J'ai besoin de comprendre à quoi sert ce que je fais",
                    "Je m'engage davantage quand le travail a un but qui me parle",
                    "(-) Peu m'importe l'utilité de mon travail s'il est bien payé",
                ],
            ),
            (
                "Influence et responsabilités",
                [
                    "J'aime avoir mon mot à dire dans les décisions",
                    "Être responsable d'un résultat me motive",
                    "J'aime coordonner le travail d'autres personnes",
                ],
            ),
            (
                "Stabilité et cadre",
                [
                    "Un cadre clair m'aide à donner le meilleur de moi-même",
                    "Je suis plus à l'aise quand les changements sont annoncés à l'avance",
                    "Je recherche un environnement de travail prévisible",
                ],
            ),
        ],
    },
]


def creer(questionnaire_model: Any, dimension_model: Any, item_model: Any) -> None:
    """Create the default questionnaires that do not exist yet (by name); idempotent.

    Takes the models so that the data migration can pass its historical ones.
    """
    for definition in DEFAUTS:
        if questionnaire_model.objects.filter(nom=definition["nom"]).exists():
            continue
        questionnaire = questionnaire_model.objects.create(
            nom=definition["nom"],
            theme=definition["theme"],
            consigne=definition["consigne"],
            echelle=definition["echelle"],
            calcul=definition["calcul"],
        )
        for ordre, (libelle, items) in enumerate(definition["dimensions"], start=1):
            dimension = dimension_model.objects.create(
                questionnaire=questionnaire, ordre=ordre, libelle=libelle
            )
            for n, texte in enumerate(items, start=1):
                inverse = texte.startswith("(-)")
                item_model.objects.create(
                    dimension=dimension,
                    ordre=n,
                    texte=texte[3:].strip() if inverse else texte,
                    inverse=inverse,
                )


def questionnaires_seed_ensure() -> None:
    """Recreate the defaults if they are gone (a flushed database in transactional tests)."""
    from .models import Dimension, Item, Questionnaire

    creer(Questionnaire, Dimension, Item)
