"""The three default questionnaires: intérêts, valeurs professionnelles, motivations
(issue 11, point 5; written for this platform, see seances.questionnaires.defauts)."""

from django.db import migrations


def create(apps, schema_editor):
    from seances.questionnaires.defauts import creer

    creer(
        apps.get_model("questionnaires", "Questionnaire"),
        apps.get_model("questionnaires", "Dimension"),
        apps.get_model("questionnaires", "Item"),
    )


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
