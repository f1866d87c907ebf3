from typing import Any

from django.core.management.base import BaseCommand

from bilan.crypto import rotate_all


class Command(BaseCommand):
    help = (
        "Rechiffre tous les contenus confidentiels avec la première clé de "
        "CONTENT_ENCRYPTION_KEYS (à lancer après avoir ajouté une nouvelle clé en tête)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = rotate_all()
        self.stdout.write(self.style.SUCCESS(f"{count} ligne(s) rechiffrée(s)."))
