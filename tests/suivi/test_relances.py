"""The daily reminders (issue 7, point 3): due mails found by querying the database,
stamped before sending, never twice, never lost; nothing for a bilan that no longer calls
for them, and nothing fails."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import override_settings

from beneficiaires.services import bilan_transition
from suivi import relances, services
from suivi.models import EtatRelance, Relance
from tests.beneficiaires.factories import BilanFactory
from tests.seances.outils import paris
from tests.suivi.conftest import jour

INVITATION = "[Horizon Compétences] Votre entretien de suivi : choisissez votre rendez-vous"


def test_the_job_sends_nothing_twice(fini, horloge, job) -> None:
    horloge(152)
    assert job() == [INVITATION]
    assert job() == []
    horloge(153)
    assert job() == []
    assert Relance.objects.get(bilan=fini, type="invitation").etat == EtatRelance.ENVOYEE


def test_a_day_without_worker_is_caught_up_the_next_day(fini, horloge, job) -> None:
    # Redis down on day 152 and 153: no run. Day 154: the invitation leaves, once.
    horloge(154)
    assert job() == [INVITATION]


@override_settings(SUIVI_INVITATION_APRES_JOURS=120)
def test_the_invitation_offset_is_a_setting(fini, horloge, job) -> None:
    horloge(119)
    assert job() == []
    horloge(120)
    assert job() == [INVITATION]


def test_an_abandoned_or_refused_bilan_gets_nothing(horloge, job, consultant, suivi_seed) -> None:
    abandonne = BilanFactory(consultant=consultant, etat="en_cours")
    bilan_transition(bilan=abandonne, vers="abandonne", by=consultant)
    BilanFactory(consultant=consultant, etat="refuse")
    for n in (152, 175, 200):
        horloge(n)
        assert job() == []
    assert not Relance.objects.exists()


def test_a_bilan_closed_after_its_mail_was_stamped_gets_nothing_and_nothing_fails(
    fini, horloge, job, consultant
) -> None:
    horloge(152)
    relances.relances_planifier()
    bilan_transition(bilan=fini, vers="clos", by=consultant)
    assert relances.relances_envoyer() == 0
    assert mail.outbox == []
    assert Relance.objects.get(bilan=fini).etat == EtatRelance.ANNULEE


def test_a_purged_bilan_gets_nothing_and_nothing_fails(fini, horloge, job) -> None:
    horloge(152)
    relances.relances_planifier()
    pk = Relance.objects.get(bilan=fini).pk
    # The purge removes the bilan's rows while the row waits: the row goes with them.
    Relance.objects.filter(pk=pk).delete()
    fini.__class__.objects.filter(pk=fini.pk).update(etat="clos")
    assert job() == []


def test_a_declined_follow_up_gets_no_invitation_but_the_survey(
    fini, horloge, job, beneficiaire
) -> None:
    horloge(10)
    services.suivi_decider(
        bilan=fini,
        beneficiaire_user=beneficiaire,
        accepte=False,
        conservation=False,
        organisation="Horizon Compétences",
    )
    horloge(152)
    assert job() == []
    horloge(175)
    assert job() == ["[Horizon Compétences] Votre avis quelques mois après votre bilan"]


def _message_ids() -> list[str]:
    return [m.message()["Message-ID"] for m in mail.outbox]


def test_a_worker_killed_between_sending_and_marking_resends_that_mail_after_the_delay(
    fini, horloge, job, monkeypatch
) -> None:
    """The one window left (suivi.relances): the server accepted the mail, the worker died
    before its mark. The row stays « en cours »; a run before the delay leaves it (a live
    worker may be sending it), a run after sends it again, with the same Message-ID."""
    horloge(152)
    relances.relances_planifier()
    vrai = relances._envoyer

    def envoie_puis_meurt(relance, contexte, connexion=None):
        vrai(relance, contexte, connexion)
        raise SystemExit("worker tué")

    monkeypatch.setattr(relances, "_envoyer", envoie_puis_meurt)
    with pytest.raises(SystemExit):
        relances.relances_envoyer()
    premier = _message_ids()
    assert len(premier) == 1
    assert Relance.objects.get(bilan=fini).etat == EtatRelance.EN_COURS
    monkeypatch.setattr(relances, "_envoyer", vrai)
    mail.outbox.clear()
    horloge(152, "08:44")
    assert job() == []
    horloge(152, "08:46")
    relances.relances_envoyer()
    assert _message_ids() == premier == [f"<relance-{Relance.objects.get().pk}@bilan.localhost>"]
    relance = Relance.objects.get(bilan=fini)
    assert (relance.etat, relance.tentatives) == (EtatRelance.ENVOYEE, 2)


def test_a_worker_killed_mid_batch_never_resends_a_mail_already_marked(
    horloge, consultant, suivi_seed, monkeypatch
) -> None:
    """Each mail is marked as soon as the server accepted it: a worker killed while the
    third mail is in flight leaves the first two sent, and only the third (not accepted)
    and the rest of the batch are sent, once, after the delay."""
    horloge(152)
    bilans = [BilanFactory(consultant=consultant, etat="termine") for _ in range(5)]
    Relance.objects.bulk_create(
        [Relance(bilan=b, type="invitation", echeance=jour(0)) for b in bilans]
    )
    vrai = relances._envoyer

    def meurt_au_troisieme(relance, contexte, connexion=None):
        if len(mail.outbox) == 2:
            raise SystemExit("worker tué")
        return vrai(relance, contexte, connexion)

    monkeypatch.setattr(relances, "_envoyer", meurt_au_troisieme)
    with pytest.raises(SystemExit):
        relances.relances_envoyer()
    monkeypatch.setattr(relances, "_envoyer", vrai)
    etats = dict(Relance.objects.values_list("bilan_id", "etat"))
    assert [etats[b.pk] for b in bilans] == [
        "envoyee",
        "envoyee",
        "en_cours",
        "a_envoyer",
        "a_envoyer",
    ]
    assert relances.relances_envoyer() == 2  # the rest of the batch, given back at once
    horloge(152, "08:46")
    assert relances.relances_envoyer() == 1  # the one in flight, after the delay
    assert relances.relances_envoyer() == 0
    destinataires = [m.to[0] for m in mail.outbox]
    assert sorted(destinataires) == sorted(b.beneficiaire.user.email for b in bilans)
    assert len(set(_message_ids())) == 5
    assert set(Relance.objects.values_list("etat", flat=True)) == {EtatRelance.ENVOYEE}


def test_an_smtp_failure_loses_nothing(fini, horloge, job, monkeypatch) -> None:
    horloge(152)

    def panne(*args, **kwargs):
        raise ConnectionRefusedError("SMTP injoignable")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", panne)
    # Logged, nothing fails: the mail stays due for the next run.
    assert relances.relances_quotidiennes()["envoyees"] == 0
    assert Relance.objects.get(bilan=fini).etat == EtatRelance.A_ENVOYER
    monkeypatch.undo()
    horloge(153)
    assert job() == [INVITATION]


def test_the_reminder_follows_a_moved_interview(fini, horloge, job, consultant) -> None:
    import datetime

    from suivi.models import EntretienSuivi

    horloge(140)
    entretien = services.entretien_planifier(
        bilan=fini,
        consultant=consultant,
        debut=datetime.datetime.fromtimestamp(paris(jour(160), "10:00"), tz=datetime.UTC),
        duree_minutes=60,
        modalite="telephone",
    )
    horloge(158)
    EntretienSuivi.objects.filter(pk=entretien.pk).update(
        debut=datetime.datetime.fromtimestamp(paris(jour(165), "10:00"), tz=datetime.UTC)
    )
    horloge(159)
    assert job() == []
    horloge(164)
    assert len(job()) == 2


def test_mails_are_french_text_and_html(fini, horloge) -> None:
    horloge(152)
    relances.relances_quotidiennes()
    (message,) = mail.outbox
    assert "entretien de suivi" in message.body
    assert f"/portail/suivi/{fini.pk}/" in message.body
    html, type_ = message.alternatives[0]
    assert type_ == "text/html" and "Choisir mon rendez-vous de suivi" in html
    assert message.to == [fini.beneficiaire.user.email]


def test_a_bilan_closed_after_its_interview_still_gets_the_survey(
    fini, horloge, job, consultant
) -> None:
    horloge(171)
    bilan_transition(bilan=fini, vers="clos", by=consultant)
    horloge(175)
    assert job() == ["[Horizon Compétences] Votre avis quelques mois après votre bilan"]
