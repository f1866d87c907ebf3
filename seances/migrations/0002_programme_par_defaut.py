"""The default plan template: the seed programme (domain.md, Duration; seed 004).

Séance 1 (2 h) in the préliminaire phase; séances 2-3 compétences et aptitudes, 4-5
motivations et dynamique personnelle, 6-7 projet(s) professionnel(s) in investigation;
séance 8 plan d'action in conclusion; 6 h of guided personal work. 22 h in all.
"""

from django.db import migrations

NOM = "Programme standard (seed)"
SEANCES = [
    ("preliminaire", "Séance 1 – Engagement, besoins et déroulement du bilan"),
    ("investigation", "Séance 2 – Compétences clés et aptitudes"),
    ("investigation", "Séance 3 – Compétences clés et aptitudes"),
    ("investigation", "Séance 4 – Motivations et dynamique personnelle"),
    ("investigation", "Séance 5 – Motivations et dynamique personnelle"),
    ("investigation", "Séance 6 – Projet(s) professionnel(s)"),
    ("investigation", "Séance 7 – Projet(s) professionnel(s)"),
    ("conclusion", "Séance 8 – Plan d'action"),
]


def create(apps, schema_editor):
    PlanModele = apps.get_model("seances", "PlanModele")
    PlanModeleSeance = apps.get_model("seances", "PlanModeleSeance")
    if PlanModele.objects.filter(nom=NOM).exists():
        return
    modele = PlanModele.objects.create(
        nom=NOM, par_defaut=not PlanModele.objects.filter(par_defaut=True).exists(),
        minutes_travail_personnel=6 * 60,
    )
    for numero, (phase, intitule) in enumerate(SEANCES, start=1):
        PlanModeleSeance.objects.create(
            modele=modele, numero=numero, phase=phase, intitule=intitule, duree_minutes=120
        )


def remove(apps, schema_editor):
    apps.get_model("seances", "PlanModele").objects.filter(nom=NOM).delete()


class Migration(migrations.Migration):
    dependencies = [("seances", "0001_plan_seances_emargements")]

    operations = [migrations.RunPython(create, remove)]
