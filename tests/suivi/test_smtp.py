"""E-mail delivery (issue 7, point 7): the daily job's mail goes through a real SMTP server
(aiosmtpd, started by the test on a free port) and arrives whole, text and HTML."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email import policy

from aiosmtpd.controller import Controller
from django.test import override_settings

from suivi.relances import relances_quotidiennes


class _Boite:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's API)
        self.messages.append(envelope.content)
        return "250 OK"


@contextmanager
def serveur_smtp(boite: _Boite) -> Iterator[None]:
    """A real SMTP server (aiosmtpd) on a free port, and the platform sending through it."""
    port = _port_libre()
    controller = Controller(boite, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
        ):
            yield
    finally:
        controller.stop()


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_invitation_goes_through_a_real_smtp_server(fini, horloge) -> None:
    boite = _Boite()
    horloge(152)
    with serveur_smtp(boite):
        assert relances_quotidiennes()["envoyees"] == 1
    (brut,) = boite.messages
    message = email.message_from_bytes(brut, policy=policy.default)
    assert message["To"] == fini.beneficiaire.user.email
    assert "entretien de suivi" in str(message["Subject"])
    texte = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f"/portail/suivi/{fini.pk}/" in texte
    assert "Choisir mon rendez-vous de suivi" in html


class _BoiteEnPanne(_Boite):
    """Refuses every message (451) while ``en_panne``."""

    en_panne = True

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's API)
        if self.en_panne:
            return "451 Réessayez plus tard"
        return await super().handle_DATA(server, session, envelope)


def test_a_refusing_server_delays_the_mail_and_it_goes_once_later(fini, horloge) -> None:
    """Issue 7: a mail server that refuses delays the reminder, loses none, sends none twice."""
    from suivi.models import EtatRelance, Relance

    boite = _BoiteEnPanne()
    horloge(152)
    with serveur_smtp(boite):
        assert relances_quotidiennes()["envoyees"] == 0
        assert Relance.objects.get().etat == EtatRelance.A_ENVOYER
        boite.en_panne = False
        assert relances_quotidiennes()["envoyees"] == 1
        assert relances_quotidiennes()["envoyees"] == 0
    assert len(boite.messages) == 1
    assert Relance.objects.get().etat == EtatRelance.ENVOYEE


class _BoiteQuiRefuseUneAdresse(_Boite):
    """Refuses one recipient (550 at RCPT), accepts the others."""

    def __init__(self, refusee: str) -> None:
        super().__init__()
        self.refusee = refusee

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address == self.refusee:
            return "550 Adresse inconnue"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_a_refused_address_cancels_its_row_and_the_others_still_go(fini, horloge) -> None:
    """One refused address must not stop every reminder queued behind it (domain.md, 10)."""
    from suivi.models import EtatRelance, Relance
    from tests.beneficiaires.factories import BilanFactory, DossierFactory
    from tests.factories import BeneficiaireFactory

    autre = BilanFactory(
        beneficiaire=DossierFactory(user=BeneficiaireFactory()),
        consultant=fini.consultant,
        etat="termine",
    )
    boite = _BoiteQuiRefuseUneAdresse(fini.beneficiaire.user.email)
    horloge(152)
    with serveur_smtp(boite):
        relances_quotidiennes()
    assert len(boite.messages) >= 1
    assert {r.bilan_id: r.etat for r in Relance.objects.filter(bilan__in=[fini, autre])} == {
        fini.pk: EtatRelance.ANNULEE,
        autre.pk: EtatRelance.ENVOYEE,
    }


def test_a_row_that_failed_too_often_no_longer_stops_the_run(fini, horloge, job) -> None:
    from suivi.models import EtatRelance, Relance
    from suivi.relances import TENTATIVES_MAX, relances_abandonnees

    horloge(152)
    job()
    Relance.objects.update(etat=EtatRelance.A_ENVOYER, tentatives=TENTATIVES_MAX)
    assert job() == []
    assert relances_abandonnees() == Relance.objects.count() > 0
