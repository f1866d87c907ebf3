from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bilan.demo import DEMO_PASSWORD, PEOPLE, load_demo


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent) et affiche les identifiants."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Les données de démonstration sont refusées en production.")
        with transaction.atomic():
            extra = load_demo()
        out = self.stdout
        out.write(self.style.SUCCESS("Données de démonstration prêtes."))
        out.write(f"Mot de passe de tous les comptes : {DEMO_PASSWORD}")
        for p in PEOPLE:
            line = f"  {p.role:<15} {p.email}"
            if p.totp_secret:
                line += f"   (code à 6 chiffres : make code-mfa EMAIL={p.email})"
            out.write(line)
        for line in extra:
            out.write(line)
