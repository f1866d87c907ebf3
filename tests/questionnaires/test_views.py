"""The questionnaires' screens in every space (issue 11, point 5): the one-page answer form,
the results (SVG chart with attributes only, and its table), the 360° pages and link,
the administrators' editor; refusals shown in French, nothing changed; query counts."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seances.questionnaires.models import (
    Invitation360,
    Passation,
    Questionnaire,
    Reponse360,
    Restitution,
)
from seances.questionnaires.services import (
    invitation_creer,
    passation_attribuer,
    questionnaires_remettre,
    reponse360_enregistrer,
)
from tests.questionnaires.fixtures import NOTES_360, reponses_toutes

pytestmark = pytest.mark.django_db

STYLE = re.compile(r"\sstyle\s*=|<style", re.IGNORECASE)


def _post_reponses(questionnaire, valeur=3, **changes):
    data = {f"item_{pk}": str(v) for pk, v in reponses_toutes(questionnaire, valeur).items()}
    data.update(changes)
    return data


def test_repondre_page_groups_items_by_dimension(client_de, beneficiaire, passation_a_remplir):
    url = reverse("portail:questionnaire_repondre", args=[passation_a_remplir.pk])
    html = client_de(beneficiaire).get(url).content.decode()
    assert html.count('<fieldset class="dimension">') == 6
    assert "<legend>Concret et technique</legend>" in html
    assert html.count('type="radio"') == 24 * 5
    assert not STYLE.search(html)


def test_repondre_then_result_with_chart_and_table(client_de, beneficiaire, passation_a_remplir):
    client = client_de(beneficiaire)
    questionnaire = passation_a_remplir.questionnaire
    response = client.post(
        reverse("portail:questionnaire_repondre", args=[passation_a_remplir.pk]),
        _post_reponses(questionnaire, 4),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse(
        "portail:questionnaire_resultat", args=[passation_a_remplir.pk]
    )
    html = response.content.decode()
    assert "Merci : vos réponses sont enregistrées." in html
    assert html.count('class="scores-barre"') == 6
    assert '<svg viewBox="0 0 580 210"' in html
    assert 'width="195"' in html  # 4 on a 1-5 scale: 3/4 of the 260 units
    assert "<caption>Mes scores par dimension (tableau)</caption>" in html
    assert not STYLE.search(html)
    assert Passation.objects.get().repondu_le is not None


def test_repondre_missing_answer_shows_the_error_and_keeps_the_choices(
    client_de, beneficiaire, passation_a_remplir
) -> None:
    questionnaire = passation_a_remplir.questionnaire
    data = _post_reponses(questionnaire, 2)
    premier = min(reponses_toutes(questionnaire))
    del data[f"item_{premier}"]
    response = client_de(beneficiaire).post(
        reverse("portail:questionnaire_repondre", args=[passation_a_remplir.pk]), data
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Il manque la réponse à 1 énoncé" in html
    assert html.count('value="2" checked') == 23
    assert Passation.objects.get().repondu_le is None


def test_repondre_out_of_range_is_refused(client_de, beneficiaire, passation_a_remplir) -> None:
    questionnaire = passation_a_remplir.questionnaire
    premier = min(reponses_toutes(questionnaire))
    response = client_de(beneficiaire).post(
        reverse("portail:questionnaire_repondre", args=[passation_a_remplir.pk]),
        _post_reponses(questionnaire, 3, **{f"item_{premier}": "9"}),
    )
    assert "de 1 à 5" in response.content.decode()
    assert Passation.objects.get().repondu_le is None


def test_repondre_twice_is_refused_with_a_message(
    client_de, beneficiaire, passation_remplie
) -> None:
    avant = Passation.objects.get(pk=passation_remplie.pk).reponses
    response = client_de(beneficiaire).post(
        reverse("portail:questionnaire_repondre", args=[passation_remplie.pk]),
        _post_reponses(passation_remplie.questionnaire, 1),
        follow=True,
    )
    html = response.content.decode()
    assert "Vous avez déjà répondu à ce questionnaire" in html
    assert "vos réponses n&#x27;ont pas changé" in html
    assert Passation.objects.get(pk=passation_remplie.pk).reponses == avant


def test_another_beneficiary_gets_404_and_the_admin_403(
    client_de, autre_beneficiaire, admin, superuser, passation_remplie
) -> None:
    for nom in ("portail:questionnaire_repondre", "portail:questionnaire_resultat"):
        url = reverse(nom, args=[passation_remplie.pk])
        assert client_de(autre_beneficiaire).get(url).status_code == 404
    url = reverse("backoffice:questionnaire_resultat", args=[passation_remplie.pk])
    for user in (admin, superuser):
        assert client_de(user).get(url).status_code == 403


def test_admin_screens_never_show_answers(client_de, admin, passation_remplie) -> None:
    questionnaire = passation_remplie.questionnaire
    for url in (
        reverse("administration:questionnaire_liste"),
        reverse("administration:questionnaire_modifier", args=[questionnaire.pk]),
    ):
        html = client_de(admin).get(url).content.decode()
        assert passation_remplie.bilan.reference not in html
        assert "Sophie" not in html
        assert "graphique" not in html


def test_admin_creates_a_questionnaire(client_de, admin) -> None:
    response = client_de(admin).post(
        reverse("administration:questionnaire_creer"),
        {
            "nom": "Environnement de travail",
            "theme": "autre",
            "echelle": "Non\nOui",
            "calcul": "somme",
            "actif": "on",
            "contenu": "# Cadre\nBureau calme\nTravail en extérieur",
        },
    )
    assert response.status_code == 302
    questionnaire = Questionnaire.objects.get(nom="Environnement de travail")
    assert questionnaire.calcul == "somme"
    assert questionnaire.dimensions.get().items.count() == 2


def test_admin_editor_shows_the_refusal(client_de, admin) -> None:
    response = client_de(admin).post(
        reverse("administration:questionnaire_creer"),
        {"nom": "X", "theme": "autre", "echelle": "Non\nOui", "calcul": "moyenne", "contenu": "x"},
    )
    assert "doit suivre une ligne « # Dimension »" in response.content.decode()
    assert not Questionnaire.objects.filter(nom="X").exists()


def test_consultant_assigns_from_the_bilan_page(
    client_de, consultant, bilan_en_cours, questionnaire_interets
) -> None:
    client = client_de(consultant)
    page = client.get(reverse("backoffice:questionnaire_bilan", args=[bilan_en_cours.pk]))
    assert "Intérêts professionnels" in page.content.decode()
    response = client.post(
        reverse("backoffice:questionnaire_attribuer", args=[bilan_en_cours.pk]),
        {"questionnaire": questionnaire_interets.pk},
        follow=True,
    )
    assert "Le questionnaire est proposé au bénéficiaire" in response.content.decode()
    assert Passation.objects.filter(bilan=bilan_en_cours).count() == 1


def test_consultant_records_a_restitution_future_date_refused(
    client_de, consultant, bilan_en_cours
) -> None:
    response = client_de(consultant).post(
        reverse("backoffice:questionnaire_restitution_creer", args=[bilan_en_cours.pk]),
        {"test_nom": "MBTI", "date": "2999-01-01", "notes": "Notes"},
    )
    assert "ne peut pas être dans le futur" in response.content.decode()
    assert not Restitution.objects.exists()


# --- The 360° survey


def test_portail_invite_invalid_email_and_too_many(client_de, beneficiaire, enquete_360) -> None:
    client = client_de(beneficiaire)
    url = reverse("portail:questionnaire_entourage_inviter", args=[enquete_360.bilan_id])
    response = client.post(url, {"email": "pas-une-adresse"})
    assert "Saisissez une adresse e-mail valide" in response.content.decode()
    assert not Invitation360.objects.exists()
    for n in range(10):
        assert client.post(url, {"email": f"p{n}@exemple.test"}).status_code == 302
    response = client.post(url, {"email": "onze@exemple.test"})
    assert "c&#x27;est le maximum" in response.content.decode()
    assert Invitation360.objects.count() == 10


def test_portail_open_the_survey_then_results_only_once_handed_over(
    client_de, beneficiaire, consultant, bilan_en_cours
) -> None:
    client = client_de(beneficiaire)
    client.post(
        reverse("portail:questionnaire_entourage_ouvrir", args=[bilan_en_cours.pk]),
        {"anonyme": "oui"},
    )
    enquete = bilan_en_cours.enquete_360
    token = invitation_creer(
        enquete=enquete, beneficiaire_user=beneficiaire, email="a@exemple.test"
    )
    reponse360_enregistrer(token=token, notes=NOTES_360, textes={"forces": "Texte secret"})
    url = reverse("portail:questionnaire_entourage", args=[bilan_en_cours.pk])
    html = client.get(url).content.decode()
    assert "Texte secret" not in html
    assert "Votre consultant vous présentera les résultats" in html
    consultant_html = (
        client_de(consultant)
        .get(reverse("backoffice:questionnaire_entourage", args=[bilan_en_cours.pk]))
        .content.decode()
    )
    assert "Texte secret" in consultant_html
    assert "a@exemple.test" not in consultant_html  # anonymous: nobody is named
    questionnaires_remettre(bilan_en_cours, consultant)
    html = client.get(url).content.decode()
    assert "Texte secret" in html
    assert 'class="scores-barre"' in html
    assert not STYLE.search(html)


def test_public_link_answers_once_then_410(client, jeton_360) -> None:
    url = reverse("entourage:entourage_repondre", args=[jeton_360])
    page = client.get(url)
    assert page["Cache-Control"] == "no-store"
    assert page["Referrer-Policy"] == "same-origin"
    assert "Votre regard sur Sophie" in page.content.decode()
    data = {f"note_{k}": str(v) for k, v in NOTES_360.items()} | {"texte_forces": "Fiable"}
    response = client.post(url, data)
    assert "Merci pour votre réponse" in response.content.decode()
    again = client.post(url, data)
    assert again.status_code == 410
    assert "Ce lien a déjà servi" in again.content.decode()
    assert Reponse360.objects.count() == 1


def test_public_link_missing_answer_shows_error(client, jeton_360) -> None:
    url = reverse("entourage:entourage_repondre", args=[jeton_360])
    response = client.post(url, {"note_organisation": "4"})
    assert response.status_code == 200
    assert "Répondez à chacune des affirmations" in response.content.decode()
    assert not Reponse360.objects.exists()


def test_public_link_expired_410_unknown_404(client, jeton_360) -> None:
    with time_machine.travel(time.time(), tick=False) as t:
        t.shift(timedelta(days=22))
        response = client.get(reverse("entourage:entourage_repondre", args=[jeton_360]))
    assert response.status_code == 410
    assert "le délai pour répondre est passé" in response.content.decode()
    inconnu = client.get(reverse("entourage:entourage_repondre", args=["x" * 43]))
    assert inconnu.status_code == 404
    assert "Lien introuvable" in inconnu.content.decode()


# --- Query counts: a list costs the same for 1 item as for 3


def _queries(client, url) -> int:
    client.get(url)  # warm: the session's and the content types' first reads
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_query_count_portail_list(client_de, beneficiaire, consultant, passation_a_remplir):
    client = client_de(beneficiaire)
    url = reverse("portail:questionnaire_liste")
    un = _queries(client, url)
    for nom in ("Valeurs professionnelles", "Motivations"):
        passation_attribuer(
            bilan=passation_a_remplir.bilan,
            consultant=consultant,
            questionnaire=Questionnaire.objects.get(nom=nom),
        )
    assert _queries(client, url) == un


def test_query_count_backoffice_bilan(client_de, consultant, passation_a_remplir, restitution_test):
    client = client_de(consultant)
    url = reverse("backoffice:questionnaire_bilan", args=[passation_a_remplir.bilan_id])
    # A fourth questionnaire keeps the assignment form on the page in both cases.
    Questionnaire.objects.create(nom="Quatrième", theme="autre", echelle=["Non", "Oui"])
    un = _queries(client, url)
    for nom in ("Valeurs professionnelles", "Motivations"):
        passation_attribuer(
            bilan=passation_a_remplir.bilan,
            consultant=consultant,
            questionnaire=Questionnaire.objects.get(nom=nom),
        )
    assert _queries(client, url) == un


def test_query_count_admin_list(client_de, admin, questionnaire_interets) -> None:
    client = client_de(admin)
    url = reverse("administration:questionnaire_liste")
    trois = _queries(client, url)
    Questionnaire.objects.exclude(pk=questionnaire_interets.pk).delete()
    assert _queries(client, url) == trois


def test_query_count_survey_results(client_de, consultant, enquete_360) -> None:
    client = client_de(consultant)
    url = reverse("backoffice:questionnaire_entourage", args=[enquete_360.bilan_id])

    def repondre(n: int) -> None:
        token = invitation_creer(
            enquete=enquete_360,
            beneficiaire_user=enquete_360.bilan.beneficiaire.user,
            email=f"p{n}@exemple.test",
        )
        reponse360_enregistrer(token=token, notes=NOTES_360, textes={"forces": f"T{n}"})

    repondre(0)
    un = _queries(client, url)
    repondre(1)
    repondre(2)
    assert _queries(client, url) == un


def test_consultant_reads_are_audited_without_values(
    client_de, consultant, passation_remplie, enquete_360, restitution_test
) -> None:
    from bilan.audit.models import AuditEvent

    client = client_de(consultant)
    client.get(reverse("backoffice:questionnaire_resultat", args=[passation_remplie.pk]))
    client.get(reverse("backoffice:questionnaire_entourage", args=[enquete_360.bilan_id]))
    client.get(reverse("backoffice:questionnaire_restitution_modifier", args=[restitution_test.pk]))
    lus = AuditEvent.objects.filter(event__endswith=".viewed").order_by("pk")
    assert [(e.event, e.target_id) for e in lus] == [
        ("questionnaire.viewed", str(passation_remplie.pk)),
        ("entourage.viewed", str(enquete_360.pk)),
        ("restitution.viewed", str(restitution_test.pk)),
    ]
    assert {e.actor_id for e in lus} == {consultant.pk}
