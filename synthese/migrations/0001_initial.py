# The app's first migration, empty: the synthèse and the action plan each add their own.
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies: list = []
    operations: list = []
