"""Helpers of the sessions tests: Paris time, scheduling and signing through the services."""

from __future__ import annotations

import datetime

from django.utils import timezone

from beneficiaires.models import Bilan
from bilan.comptes.models import User
from seances.models import Emargement, Seance
from seances.services import emargement_code_request, emargement_sign, seance_schedule

# A Tuesday; every test starts on it at 08:00, Europe/Paris.
JOUR_0 = datetime.date(2026, 12, 1)


def paris(jour: datetime.date, heure: str) -> float:
    h, m = (int(x) for x in heure.split(":"))
    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time(h, m))).timestamp()


def jour(n: int) -> datetime.date:
    return JOUR_0 + datetime.timedelta(days=n)


def t(heure: str) -> datetime.time:
    h, m = (int(x) for x in heure.split(":"))
    return datetime.time(h, m)


def seance_n(bilan: Bilan, numero: int) -> Seance:
    return Seance.objects.get(bilan=bilan, numero=numero)


def planifier(
    seance: Seance, day: datetime.date, debut: str = "09:00", fin: str = "11:00"
) -> Seance:
    return seance_schedule(
        seance=seance,
        consultant=seance.bilan.consultant,
        date=day,
        debut=t(debut),
        fin=t(fin),
        modalite="presentiel",
        lieu="12 rue des Lilas, Nantes",
    )


def signer(seance: Seance, user: User, demi_journee: str = "matin") -> Emargement:
    code = emargement_code_request(seance=seance, signataire=user, demi_journee=demi_journee)
    return emargement_sign(
        seance=seance,
        signataire=user,
        demi_journee=demi_journee,
        code=code.code,
        ip="203.0.113.9",
        user_agent="Firefox",
    )


def tenir(seance: Seance) -> None:
    """Both sign every half-day of the session, on its day (the clock is moved there)."""
    from seances.services import demi_journees

    for demi in demi_journees(seance):
        signer(seance, seance.bilan.beneficiaire.user, demi)
        signer(seance, seance.consultant, demi)


class Connecte:
    """A test client logged in again before each request: the clock of these tests jumps
    days ahead, past the 30-minute idle limit of a session."""

    def __init__(self, user: User) -> None:
        from django.test import Client

        self.user, self.client = user, Client()

    def get(self, *args, **kwargs):
        self.client.force_login(self.user)
        return self.client.get(*args, **kwargs)

    def post(self, *args, **kwargs):
        self.client.force_login(self.user)
        return self.client.post(*args, **kwargs)
