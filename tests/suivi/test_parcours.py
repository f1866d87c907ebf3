"""Done when (issue 7): the clock moves through the six months of a finished bilan; in
order the invitation, the booking, the reminder, the interview record and the à-froid
survey, each mail once (domain.md, 10: the follow-up about six months after the end)."""

from __future__ import annotations

import datetime
import re

from django.core import mail
from django.utils import timezone

from suivi import services
from suivi.models import EntretienSuivi, EtatRelance, Relance, Reponse
from tests.seances.outils import paris
from tests.suivi.conftest import jour


def _a(heure: str, n: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(paris(jour(n), heure), tz=datetime.UTC)


def test_six_months_of_follow_up_send_each_mail_once_in_order(
    fini, horloge, job, beneficiaire, consultant, client_de
) -> None:
    # Nothing is due in the first five months, however often the job runs.
    for n in (0, 1, 30, 90, 151):
        horloge(n)
        assert job() == []

    # Day 150: the consultant offers a slot on day 170 at 10:00.
    horloge(150, "09:00")
    creneau = services.creneau_proposer(
        consultant=consultant, debut=_a("10:00", 170), duree_minutes=60, modalite="distanciel"
    )

    # Day 152 (SUIVI_INVITATION_APRES_JOURS): the invitation to book, once.
    horloge(152)
    assert job() == [
        "[Horizon Compétences] Votre entretien de suivi : choisissez votre rendez-vous"
    ]
    horloge(153)
    assert job() == []

    # The beneficiary books the slot from the portal.
    horloge(153, "12:00")
    reponse = client_de(beneficiaire).post(
        f"/portail/suivi/{fini.pk}/reserver/", {"creneau": creneau.pk}
    )
    assert reponse.status_code == 302
    entretien = EntretienSuivi.objects.get(bilan=fini)
    assert entretien.creneau == creneau and entretien.reserve_par_beneficiaire

    # Day 169: the reminder the day before, to both; once.
    horloge(168)
    assert job() == []
    horloge(169)
    sujets = job()
    assert sorted(sujets) == [
        "[Horizon Compétences] Rappel : entretien de suivi demain",
        "[Horizon Compétences] Rappel : votre entretien de suivi demain",
    ]
    horloge(169, "18:00")
    assert job() == []

    # Day 170, after the interview: the consultant writes the record.
    horloge(170, "11:00")
    reponse = client_de(consultant).post(
        f"/espace/bilans/{fini.pk}/suivi/compte-rendu/",
        {
            "avancement": "Formation de technicienne logistique commencée en mars.",
            "obstacles": "Financement du permis CACES à trouver.",
            "ajustements": "Demander l'abondement de l'OPCO.",
            "suites": "Point téléphonique dans trois mois.",
        },
    )
    assert reponse.status_code == 302
    entretien.refresh_from_db()
    assert entretien.redige_le is not None
    assert job() == []

    # Day 175 (SUIVI_ENQUETE_FROID_APRES_JOURS): the à-froid survey, once, with its link.
    horloge(174)
    assert job() == []
    horloge(175)
    mail.outbox.clear()
    from suivi.tasks import suivi_relances_task

    suivi_relances_task()
    suivi_relances_task()
    assert [m.subject for m in mail.outbox] == [
        "[Horizon Compétences] Votre avis quelques mois après votre bilan"
    ]
    lien = re.search(r"http://\S+/avis/(\S+)/", mail.outbox[0].body)
    assert lien is not None
    mail.outbox.clear()
    horloge(176)
    assert job() == []

    # The link works once, without logging in, and leaves an anonymous answer.
    public = client_de(None)
    url = f"/avis/{lien.group(1)}/"
    page = public.get(url)
    assert page.status_code == 200
    champs = _reponses_valides(page.content.decode())
    assert public.post(url, champs).status_code == 200
    assert Reponse.objects.filter(moment="froid").count() == 1
    assert public.get(url).status_code == 410

    # Every row was sent once; nothing is left to send.
    assert set(Relance.objects.filter(bilan=fini).values_list("type", "etat")) == {
        ("invitation", EtatRelance.ENVOYEE),
        ("rappel_beneficiaire", EtatRelance.ENVOYEE),
        ("rappel_consultant", EtatRelance.ENVOYEE),
        ("enquete_froid", EtatRelance.ENVOYEE),
    }
    assert timezone.localdate() == jour(176)


def _reponses_valides(html: str) -> dict[str, str]:
    """A 5 on every scale, the first choice of every list, a text for free questions."""
    donnees: dict[str, str] = {}
    for nom, valeur in re.findall(r'type="radio" name="(q\d+)" value="([^"]+)"', html):
        donnees.setdefault(nom, valeur)
    for nom in re.findall(r'<textarea name="(q\d+)"', html):
        donnees[nom] = "Très utile."
    for nom in re.findall(r'type="radio" name="(q\d+)" value="5"', html):
        donnees[nom] = "5"
    return donnees
