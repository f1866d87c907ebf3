"""The default plan template gets a name for its readers: « (seed) » was the developers' word
for where it came from (the seed programme, seed 004). Migration 0002 stays as it was."""

from django.db import migrations

ANCIEN = "Programme standard (seed)"
NOM = "Programme standard (8 séances)"


def renommer(apps, schema_editor, de=ANCIEN, vers=NOM):
    PlanModele = apps.get_model("seances", "PlanModele")
    if not PlanModele.objects.filter(nom=vers).exists():
        PlanModele.objects.filter(nom=de).update(nom=vers)


def annuler(apps, schema_editor):
    renommer(apps, schema_editor, de=NOM, vers=ANCIEN)


class Migration(migrations.Migration):
    dependencies = [("seances", "0005_emargement_permit_index")]

    operations = [migrations.RunPython(renommer, annuler)]
