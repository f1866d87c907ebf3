"""``manage.py retention [--dry-run]``: the daily purge, run by hand (domain.md: no override).

With ``--dry-run`` it lists what would go (counts per category and bilan reference) and
changes nothing; without it runs the same job as the nightly beat. There is no flag to keep,
postpone or skip anything.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bilan.conservation.echeances import previsions
from bilan.conservation.errors import ConservationError
from bilan.conservation.models import Execution
from bilan.conservation.services import conservation_purger


class Command(BaseCommand):
    help = "Détruit ce qui a dépassé sa durée de conservation (--dry-run : liste sans détruire)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Lister ce qui serait détruit (par catégorie et référence de bilan).",
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        from django.utils import timezone

        if dry_run:
            lignes = previsions(jusqua=timezone.now())
            for p in lignes:
                self.stdout.write(f"{p.categorie}\t{p.reference}\t{p.lignes}")
            total = sum(p.lignes for p in lignes)
            self.stdout.write(f"Total : {total} ligne(s) à détruire, rien n'a été modifié.")
            return
        try:
            execution = conservation_purger(mode=Execution.Mode.COMMANDE)
        except ConservationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Purge terminée : {execution.lignes} ligne(s), {execution.fichiers} fichier(s), "
            f"{execution.evenements_audit} événement(s) du journal, "
            f"{len(execution.erreurs)} erreur(s)."
        )
        for erreur in execution.erreurs:
            self.stderr.write(erreur)
