"""Satisfaction surveys (domain.md, 10; Qualiopi 30): à chaud in the portal, à froid by a
single-use link; answers kept apart, without identity, so the purge keeps them."""

from __future__ import annotations

import datetime
import html

import pytest
from django.utils import timezone

from bilan import retention
from suivi import services
from suivi.errors import SuiviError
from suivi.models import Invitation, Question, Reponse, Valeur
from suivi.selectors import textes_libres


def _questions(moment: str) -> dict[str, Question]:
    qs = Question.objects.filter(questionnaire__moment=moment, active=True)
    return {q.type: q for q in qs}


def _donnees(moment: str, note: str = "5", texte: str = "Merci.") -> dict[str, str]:
    """Every question answered: ``note`` on the scales, the first choice, ``texte``."""
    donnees = {}
    for q in Question.objects.filter(questionnaire__moment=moment, active=True):
        donnees[f"q{q.pk}"] = {"echelle": note, "choix": (q.options or [""])[0]}.get(q.type, texte)
    return donnees


def test_answers_carry_no_identity_and_are_not_purged() -> None:
    for model in (Reponse, Valeur):
        cibles = {f.related_model for f in model._meta.get_fields() if f.is_relation}
        assert {m._meta.label for m in cibles if m} <= {
            "suivi.Offre",
            "suivi.Question",
            "suivi.Reponse",
            "suivi.Valeur",
        }
    enregistres = {r.model for r in retention.registrations()}
    assert Reponse not in enregistres and Valeur not in enregistres
    assert Invitation in enregistres


def test_the_froid_link_works_once(suivi_jeton, suivi_bilan_termine) -> None:
    invitation = services.invitation_pour_jeton(token=suivi_jeton)
    services.enquete_repondre(
        bilan=suivi_bilan_termine, moment="froid", donnees=_donnees("froid"), invitation=invitation
    )
    reponse = Reponse.objects.get()
    assert reponse.periode == timezone.localdate().replace(day=1)
    with pytest.raises(SuiviError) as exc:
        services.invitation_pour_jeton(token=suivi_jeton)
    assert exc.value.code == "jeton_utilise"
    with pytest.raises(SuiviError):
        services.enquete_repondre(
            bilan=suivi_bilan_termine,
            moment="froid",
            donnees=_donnees("froid"),
            invitation=invitation,
        )
    assert Reponse.objects.count() == 1


def test_a_reused_link_says_so_in_french(suivi_jeton, client_de) -> None:
    client = client_de(None)
    url = f"/avis/{suivi_jeton}/"
    assert client.post(url, _donnees("froid")).status_code == 200
    r = client.get(url)
    assert r.status_code == 410 and "déjà répondu" in html.unescape(r.content.decode())
    assert client.post(url, _donnees("froid")).status_code == 410
    assert Reponse.objects.count() == 1


def test_an_expired_link_is_refused(suivi_jeton, client_de) -> None:
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    r = client_de(None).post(f"/avis/{suivi_jeton}/", _donnees("froid"))
    assert r.status_code == 410 and "expiré" in r.content.decode()
    assert not Reponse.objects.exists()


def test_an_unknown_link_is_404(suivi_seed, client_de) -> None:
    assert client_de(None).get("/avis/nimportequoi/").status_code == 404


def test_only_the_hash_of_the_token_is_stored(suivi_jeton) -> None:
    invitation = Invitation.objects.get()
    assert invitation.token_hash == services.token_hash(suivi_jeton)
    assert suivi_jeton not in str(Invitation.objects.values().get())


@pytest.mark.parametrize("note", ["0", "6", "-1", "trois", "4.5"])
def test_answers_out_of_range_are_refused(suivi_bilan_termine, note) -> None:
    with pytest.raises(SuiviError) as exc:
        services.enquete_repondre(
            bilan=suivi_bilan_termine, moment="chaud", donnees=_donnees("chaud", note=note)
        )
    assert exc.value.code == "hors_echelle"
    assert not Reponse.objects.exists()
    assert not Invitation.objects.filter(repondu_le__isnull=False).exists()


def test_an_unknown_choice_is_refused(suivi_bilan_termine) -> None:
    donnees = _donnees("chaud")
    donnees[f"q{_questions('chaud')['choix'].pk}"] = "Autre chose"
    with pytest.raises(SuiviError) as exc:
        services.enquete_repondre(bilan=suivi_bilan_termine, moment="chaud", donnees=donnees)
    assert exc.value.code == "choix_inconnu"


def test_a_missing_required_answer_is_refused(suivi_bilan_termine) -> None:
    donnees = _donnees("chaud")
    requise = Question.objects.get(questionnaire__moment="chaud", obligatoire=True)
    del donnees[f"q{requise.pk}"]
    with pytest.raises(SuiviError) as exc:
        services.enquete_repondre(bilan=suivi_bilan_termine, moment="chaud", donnees=donnees)
    assert exc.value.code == "reponse_manquante"


def test_the_portal_form_refuses_out_of_range_with_a_french_message(
    suivi_bilan_termine, beneficiaire, client_de
) -> None:
    url = f"/portail/suivi/{suivi_bilan_termine.pk}/avis/"
    r = client_de(beneficiaire).post(url, _donnees("chaud", note="9"))
    assert r.status_code == 200 and "Sélectionnez un choix valide" in r.content.decode()
    assert not Reponse.objects.exists()


def test_the_chaud_survey_in_the_portal_once(suivi_bilan_termine, beneficiaire, client_de) -> None:
    client = client_de(beneficiaire)
    url = f"/portail/suivi/{suivi_bilan_termine.pk}/avis/"
    assert client.post(url, _donnees("chaud")).status_code == 302
    assert client.post(url, _donnees("chaud")).status_code == 200
    assert Reponse.objects.filter(moment="chaud").count() == 1
    assert "déjà répondu" in html.unescape(client.get(url).content.decode())


def test_the_chaud_survey_waits_for_the_end(bilan, beneficiaire, suivi_seed) -> None:
    with pytest.raises(SuiviError) as exc:
        services.enquete_chaud_repondre(
            bilan=bilan, beneficiaire_user=beneficiaire, donnees=_donnees("chaud")
        )
    assert exc.value.code == "bilan_pas_termine"


def test_free_text_reaches_administrators_without_a_person(
    suivi_bilan_termine, admin, client_de
) -> None:
    services.enquete_repondre(
        bilan=suivi_bilan_termine, moment="chaud", donnees=_donnees("chaud", texte="Bravo.")
    )
    assert [v.texte for v in textes_libres()] == ["Bravo."]
    page = client_de(admin).get("/administration/suivi/resultats/").content.decode()
    assert "Bravo." in page
    assert suivi_bilan_termine.reference not in page
    assert suivi_bilan_termine.beneficiaire.user.last_name not in page


def test_administrators_add_and_retire_questions(suivi_seed, admin, client_de) -> None:
    client = client_de(admin)
    url = "/administration/suivi/questionnaires/froid/"
    r = client.post(url, {"libelle": "Recommanderiez-vous ?", "type": "choix", "choix": "Oui"})
    assert r.status_code == 200 and "au moins deux choix" in r.content.decode()
    r = client.post(url, {"libelle": "Recommanderiez-vous ?", "type": "choix", "choix": "Oui\nNon"})
    assert r.status_code == 302
    q = Question.objects.get(libelle="Recommanderiez-vous ?")
    assert q.options == ["Oui", "Non"]
    r = client.post(f"/administration/suivi/questions/{q.pk}/retirer/")
    q.refresh_from_db()
    assert not q.active
    r = client.post(url, {"libelle": "Texte", "type": "texte", "satisfaction": "on"})
    assert "Seule une question à échelle" in html.unescape(r.content.decode())
