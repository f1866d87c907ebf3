from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bilan.crypto import decrypt_text


class Command(BaseCommand):
    help = "Affiche le code de double authentification courant d'un compte (hors production)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Cette commande n'existe pas en production.")
        auth = Authenticator.objects.filter(
            user__email__iexact=email, type=Authenticator.Type.TOTP
        ).first()
        if auth is None:
            raise CommandError(f"Aucune double authentification active pour {email}.")
        import time

        from allauth.mfa import app_settings

        secret = decrypt_text(auth.data["secret"])
        counter = int(time.time()) // app_settings.TOTP_PERIOD
        self.stdout.write(format_hotp_value(hotp_value(secret, counter)))
