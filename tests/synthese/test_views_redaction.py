"""The synthèse's screens (issue 6, point 6): the editor and its autosave, the starting text
inserted only on the consultant's click, the unsealed preview, the portal's reading and
observations, the signing pages, the download; query counts for the editor and the portal."""

from __future__ import annotations

from html import escape
from io import BytesIO

import pytest
from django.core import mail
from django.urls import reverse

from bilan.audit.models import AuditEvent
from bilan.scelles.models import DocumentScelle
from synthese import services, sources
from synthese.models import Synthese, SyntheseSignature
from tests.synthese.fixtures import SENTINELLE, TEXTES

pytestmark = pytest.mark.django_db


def _url(nom: str, synthese) -> str:
    return reverse(nom, args=[synthese.bilan_id])


@pytest.fixture
def source_test(monkeypatch: pytest.MonkeyPatch) -> str:
    """One starting text for the competences, as an investigation tool would offer it."""
    monkeypatch.setattr(sources, "_sources", [])
    texte = "Inventaire : gestion de projet, animation d'équipe."
    sources.register_source(
        section=sources.Section.COMPETENCES,
        libelle="Inventaire des compétences",
        texte=lambda bilan: texte,
    )
    return texte


# --- editor -------------------------------------------------------------------------------


def test_editeur_offers_autosave_with_htmx(client_de, consultant, synthese) -> None:
    html = client_de(consultant).get(_url("backoffice:synthese_editeur", synthese)).content
    html = html.decode()
    assert f'hx-post="{_url("backoffice:synthese_enregistrer", synthese)}"' in html
    assert 'hx-trigger="input delay:3s, change, synthese-source from:body"' in html
    assert 'id="etat-enregistrement" role="status"' in html
    assert escape(TEXTES["projet"]) in html


def _tours_d_observations(synthese, beneficiaire, consultant, n: int) -> None:
    """``n`` rounds: submitted, observed (the synthèse ends with its observations back)."""
    for i in range(n):
        services.synthese_submit(synthese=synthese, consultant=consultant)
        services.synthese_observe(
            synthese=synthese, beneficiaire_user=beneficiaire, texte=f"Observation {i}"
        )


@pytest.mark.parametrize("count", [1, 3])
def test_editeur_uses_constant_queries(
    client_de, consultant, beneficiaire, synthese, count, django_assert_num_queries
):
    """style.md: every list has a query-count test for 1 and 3 items (the observations)."""
    _tours_d_observations(synthese, beneficiaire, consultant, count)
    client = client_de(consultant)
    client.get(_url("backoffice:synthese_editeur", synthese))
    # session and user (2), the MFA check's authenticator (1), the synthèse with its
    # bilan, beneficiary and consultant (1), observations with their versions, signatures.
    with django_assert_num_queries(5):
        response = client.get(_url("backoffice:synthese_editeur", synthese))
    assert response.content.decode().count("Observation ") == count


def test_autosave_saves_and_says_when(client_de, consultant, synthese) -> None:
    response = client_de(consultant).post(
        _url("backoffice:synthese_enregistrer", synthese), {"projet": "Nouveau projet"}
    )
    assert response.status_code == 200
    assert "Enregistré à" in response.content.decode()
    synthese.refresh_from_db()
    assert synthese.projet == "Nouveau projet"
    assert synthese.contexte == TEXTES["contexte"]  # sections not posted are left alone


def test_autosave_after_a_signature_is_refused_in_french(
    client_de, consultant, beneficiaire, synthese_finale
) -> None:
    from tests.synthese.fixtures import signer

    signer(synthese_finale, beneficiaire)
    response = client_de(consultant).post(
        _url("backoffice:synthese_enregistrer", synthese_finale), {"projet": "Changé"}
    )
    assert "La synthèse est finale : son texte ne change plus" in response.content.decode()
    assert Synthese.objects.get(pk=synthese_finale.pk).projet == TEXTES["projet"]


def test_editeur_post_after_a_signature_changes_nothing(
    client_de, consultant, beneficiaire, synthese_finale
) -> None:
    from tests.synthese.fixtures import signer

    signer(synthese_finale, beneficiaire)
    response = client_de(consultant).post(
        _url("backoffice:synthese_editeur", synthese_finale), {"projet": "Changé"}
    )
    assert response.status_code == 200
    assert "son texte ne change plus" in response.content.decode()
    assert Synthese.objects.get(pk=synthese_finale.pk).projet == TEXTES["projet"]


def test_source_button_is_offered_and_nothing_is_copied_without_a_click(
    client_de, consultant, synthese, source_test
) -> None:
    html = client_de(consultant).get(_url("backoffice:synthese_editeur", synthese)).content
    html = html.decode()
    assert "Insérer : Inventaire des compétences" in html
    assert escape(source_test) not in html
    assert source_test not in Synthese.objects.get(pk=synthese.pk).competences


def test_source_click_inserts_the_text_at_the_end_of_the_section(
    client_de, consultant, synthese, source_test
) -> None:
    response = client_de(consultant).post(
        _url("backoffice:synthese_source", synthese),
        {"section": "competences", "source": "0", "competences": "Mon texte."},
    )
    assert response.status_code == 200
    assert response["HX-Trigger-After-Swap"] == "synthese-source"  # the autosave then saves it
    html = response.content.decode()
    assert f"Mon texte.\n\n{escape(source_test)}</textarea>" in html


def test_preview_is_a_pdf_marked_projet_neither_sealed_nor_stored(
    client_de, consultant, synthese
) -> None:
    from pypdf import PdfReader

    response = client_de(consultant).get(_url("backoffice:synthese_apercu", synthese))
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    texte = "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "PROJET" in texte and SENTINELLE in texte
    assert not DocumentScelle.objects.exists()
    assert AuditEvent.objects.filter(event="synthese.previewed").count() == 1


def test_submit_then_finalise_from_the_editor(client_de, consultant, synthese) -> None:
    client = client_de(consultant)
    client.post(_url("backoffice:synthese_soumettre", synthese))
    response = client.post(_url("backoffice:synthese_finaliser", synthese), follow=True)
    assert "La synthèse est finale" in response.content.decode()
    assert Synthese.objects.get(pk=synthese.pk).etat == "finale"


# --- portal -------------------------------------------------------------------------------


def test_portal_shows_the_submitted_version_not_the_live_draft(
    client_de, beneficiaire, consultant, synthese_soumise
) -> None:
    services.synthese_observe(
        synthese=synthese_soumise, beneficiaire_user=beneficiaire, texte="Mes observations."
    )
    services.synthese_update_sections(
        synthese=synthese_soumise, consultant=consultant, sections={"projet": "Brouillon neuf"}
    )
    html = client_de(beneficiaire).get(_url("portail:synthese_lecture", synthese_soumise))
    html = html.content.decode()
    assert escape(TEXTES["projet"]) in html
    assert "Brouillon neuf" not in html
    assert "Mes observations." in html


def test_portal_draft_not_yet_submitted_shows_nothing_of_it(
    client_de, beneficiaire, synthese
) -> None:
    html = client_de(beneficiaire).get(_url("portail:synthese_lecture", synthese)).content
    assert "Votre consultant rédige votre synthèse" in html.decode()
    assert SENTINELLE not in html.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_portal_uses_constant_queries(
    client_de, beneficiaire, consultant, synthese, count, django_assert_num_queries
) -> None:
    _tours_d_observations(synthese, beneficiaire, consultant, count)
    client = client_de(beneficiaire)
    client.get(_url("portail:synthese_lecture", synthese))
    # session and user (2), the synthèse with its bilan (1), its last version,
    # observations, signatures (3).
    with django_assert_num_queries(6):
        response = client.get(_url("portail:synthese_lecture", synthese))
    assert response.content.decode().count("Observation ") == count


def test_portal_observations_go_back_to_the_consultant(
    client_de, beneficiaire, consultant, synthese_soumise
) -> None:
    response = client_de(beneficiaire).post(
        _url("portail:synthese_observer", synthese_soumise),
        {"texte": "Ajouter mon expérience associative."},
        follow=True,
    )
    assert "Vos observations sont transmises à votre consultant." in response.content.decode()
    html = client_de(consultant).get(_url("backoffice:synthese_editeur", synthese_soumise))
    assert "Ajouter mon expérience associative." in html.content.decode()


def test_portal_observing_a_draft_is_refused_in_french(client_de, beneficiaire, synthese):
    response = client_de(beneficiaire).post(
        _url("portail:synthese_observer", synthese), {"texte": "Trop tôt"}
    )
    assert "La synthèse ne vous est pas soumise en ce moment" in response.content.decode()
    assert not synthese.observations.exists()


# --- signing and download -----------------------------------------------------------------


def test_signing_in_the_portal_with_the_code_received(
    client_de, beneficiaire, synthese_finale
) -> None:
    from synthese.tasks import synthese_code_send_task

    client = client_de(beneficiaire)
    response = client.post(_url("portail:synthese_signature_code", synthese_finale), follow=True)
    assert "Un code de signature vient de vous être envoyé" in response.content.decode()
    code = synthese_finale.bilan.beneficiaire.user.codes_signature.get(used_at__isnull=True)
    synthese_code_send_task(code_id=code.pk)
    saisi = mail.outbox[-1].body.split("\n\n")[2].strip()
    response = client.post(
        _url("portail:synthese_signer", synthese_finale), {"code": saisi}, follow=True
    )
    assert "Votre signature de la synthèse est enregistrée." in response.content.decode()
    assert SyntheseSignature.objects.get().role == "beneficiaire"


def test_signing_with_a_wrong_code_says_so_and_signs_nothing(
    client_de, consultant, synthese_finale
) -> None:
    client = client_de(consultant)
    client.post(_url("backoffice:synthese_signature_code", synthese_finale))
    code = consultant.codes_signature.get(used_at__isnull=True).code
    faux = "000000" if code != "000000" else "111111"
    response = client.post(_url("backoffice:synthese_signer", synthese_finale), {"code": faux})
    assert "Code incorrect. Il vous reste 4 essai(s)." in response.content.decode()
    assert not SyntheseSignature.objects.exists()


def test_requesting_a_code_for_a_draft_is_refused_in_french(client_de, consultant, synthese):
    response = client_de(consultant).post(_url("backoffice:synthese_signature_code", synthese))
    assert "Seule la synthèse finale se signe" in response.content.decode()
    assert mail.outbox == []


def test_download_is_the_sealed_pdf_never_cached_and_audited(
    client_de, beneficiaire, synthese_remise
) -> None:
    response = client_de(beneficiaire).get(_url("portail:synthese_telecharger", synthese_remise))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    data = b"".join(response.streaming_content)
    assert data == synthese_remise.document.fichier.open("rb").read()
    assert AuditEvent.objects.filter(
        event="synthese.telechargee", actor_id=beneficiaire.pk
    ).exists()


def test_bilan_page_and_portal_home_link_to_the_synthese(
    client_de, consultant, beneficiaire, synthese
) -> None:
    bilan_page = client_de(consultant).get(reverse("backoffice:bilan", args=[synthese.bilan_id]))
    assert _url("backoffice:synthese_editeur", synthese) in bilan_page.content.decode()
    accueil = client_de(beneficiaire).get(reverse("portail:accueil"))
    assert _url("portail:synthese_lecture", synthese) in accueil.content.decode()


def test_portal_observations_need_the_comment_permission(
    client_de, beneficiaire, synthese_soumise
) -> None:
    from bilan.permissions import content_revoke

    content_revoke(user=beneficiaire, obj=synthese_soumise, perms=["synthese.comment_synthese"])
    response = client_de(beneficiaire).post(
        _url("portail:synthese_observer", synthese_soumise), {"texte": "Remarque"}
    )
    assert response.status_code == 404
    assert not synthese_soumise.observations.exists()


@pytest.mark.parametrize("etat", ["termine", "clos", "abandonne"])
def test_portal_after_the_end_without_a_synthese_promises_none(
    client_de, beneficiaire, dossier, consultant, etat
) -> None:
    """Found by the complete journey: after the purge of a finished bilan, the page said the
    consultant was writing the synthèse (R6313-7: it was destroyed at the end)."""
    from tests.beneficiaires.factories import BilanFactory

    bilan = BilanFactory(beneficiaire=dossier, consultant=consultant, etat=etat)
    html = client_de(beneficiaire).get(reverse("portail:synthese_lecture", args=[bilan.pk]))
    html = html.content.decode()
    assert "Votre consultant rédige votre synthèse" not in html
    assert "les documents d'un bilan sont détruits à la fin de l'action" in html


def test_source_with_nothing_to_insert_says_why(client_de, consultant, synthese) -> None:
    """No scenario chosen yet: the click explains it instead of changing nothing silently."""
    from synthese.sources import Section, sources_for

    [index] = [
        i
        for i, s in enumerate(sources_for(Section.PROJET))
        if s.libelle == "Scénario retenu et alternatives"
    ]
    response = client_de(consultant).post(
        _url("backoffice:synthese_source", synthese),
        {"section": "projet", "source": str(index), "projet": "Mon texte."},
    )
    assert response.status_code == 200
    assert "HX-Trigger-After-Swap" not in response  # nothing new: no autosave triggered
    html = response.content.decode()
    assert "Mon texte.</textarea>" in html
    assert (
        "Aucun scénario n&#x27;est encore retenu : choisissez-en un dans l&#x27;outil "
        "« Scénarios » pour l&#x27;insérer ici." in html
    )


def test_source_without_its_own_message_names_itself(
    client_de, consultant, synthese, monkeypatch
) -> None:
    monkeypatch.setattr(sources, "_sources", [])
    sources.register_source(
        section=sources.Section.COMPETENCES, libelle="Inventaire", texte=lambda bilan: ""
    )
    response = client_de(consultant).post(
        _url("backoffice:synthese_source", synthese),
        {"section": "competences", "source": "0", "competences": ""},
    )
    assert "« Inventaire » n&#x27;a encore rien à insérer." in response.content.decode()
