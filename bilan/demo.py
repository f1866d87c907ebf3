"""The demo data of `make run`: idempotent, printed logins, nothing real.

Apps add their own steps (bilans in several states...) with :func:`register_step`, from
their ``apps.py``; the cross-cutting part never imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from bilan.comptes.models import Role, User

DEMO_PASSWORD = "essai-plateforme-2026"  # noqa: S105  (demo data, printed on purpose)


@dataclass(frozen=True)
class DemoPerson:
    email: str
    first_name: str
    last_name: str
    role: str
    totp_secret: str = ""


PEOPLE = [
    DemoPerson(
        "admin@exemple.test", "Alice", "Admin", Role.ADMINISTRATEUR, "JBSWY3DPEHPK3PXPADMINAAA"
    ),
    DemoPerson(
        "claire.martin@exemple.test",
        "Claire",
        "Martin",
        Role.CONSULTANT,
        "JBSWY3DPEHPK3PXPCLAIREAA",
    ),
    DemoPerson(
        "julien.bernard@exemple.test",
        "Julien",
        "Bernard",
        Role.CONSULTANT,
        "JBSWY3DPEHPK3PXPJULIENAA",
    ),
    DemoPerson("sophie.durand@exemple.test", "Sophie", "Durand", Role.BENEFICIAIRE),
    DemoPerson("karim.benali@exemple.test", "Karim", "Benali", Role.BENEFICIAIRE),
    DemoPerson("lea.petit@exemple.test", "Léa", "Petit", Role.BENEFICIAIRE),
]

Step = Callable[[dict[str, User]], list[str]]
_steps: list[Step] = []


def register_step(step: Step) -> None:
    """Add a demo step; it receives the demo users by e-mail and returns lines to print."""
    if step not in _steps:
        _steps.append(step)


def load_demo() -> list[str]:
    users = {p.email: _person(p) for p in PEOPLE}
    lines = []
    for step in _steps:
        lines.extend(step(users))
    return lines


def _person(p: DemoPerson) -> User:
    user = User.objects.filter(email=p.email).first()
    if user is None:
        user = User.objects.create_user(
            email=p.email,
            password=DEMO_PASSWORD,
            first_name=p.first_name,
            last_name=p.last_name,
            role=p.role,
        )
    EmailAddress.objects.get_or_create(
        user=user, email=p.email, defaults={"verified": True, "primary": True}
    )
    if (
        p.totp_secret
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    ):
        TOTP.activate(user, p.totp_secret)
    return user
