"""Factories for the tests: users of each role, with a second factor where required."""

from __future__ import annotations

import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from bilan.comptes.models import Role, User

PASSWORD = "un-mot-de-passe-assez-long"  # noqa: S105
TOTP_SECRET = "JBSWY3DPEHPK3PXPTESTSAAA"


def totp_code(secret: str = TOTP_SECRET, *, at: float | None = None) -> str:
    """The code an authenticator app would show now (or at ``at``)."""
    return format_hotp_value(hotp_value(secret, int(at or time.time()) // 30))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.test")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    role = Role.BENEFICIAIRE

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def mfa(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        wanted = self.requires_mfa if extracted is None else extracted
        if create and wanted:
            TOTP.activate(self, TOTP_SECRET)


class BeneficiaireFactory(UserFactory):
    role = Role.BENEFICIAIRE


class ConsultantFactory(UserFactory):
    role = Role.CONSULTANT


class AdministrateurFactory(UserFactory):
    role = Role.ADMINISTRATEUR
