"""The convention's pages (domain.md, Funding; The people: the employer or funder sees nothing
but what they must sign; administrators see the convention, administrative proof, never the
bilan's content)."""

from __future__ import annotations

import datetime
import html
import io
import re
import time

import pytest
import time_machine
from django.core import mail
from django.test import Client
from pypdf import PdfReader

from beneficiaires.convention import (
    convention_sign_beneficiaire,
    convention_sign_employer,
    conventions_expire,
)
from beneficiaires.models import Bilan, Convention, LienSignature, SignatureConvention
from beneficiaires.tasks import convention_lien_send_task
from tests.beneficiaires.factories import (
    CONVENTION,
    ENTRETIEN,
    bilan_engage,
    convention_record,
)

NOMBRE = 6

pytestmark = pytest.mark.django_db


def _url(espace: str, bilan: Bilan, suffixe: str = "") -> str:
    return f"/{espace}/bilans/{bilan.pk}/convention/{suffixe}"


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _donnees(**overrides) -> dict[str, str]:
    return {key: str(value) for key, value in {**CONVENTION, **overrides}.items()}


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# --- Back office -------------------------------------------------------------------------


def test_backoffice_convention_shows_the_empty_state(bilan, consultant, client_de) -> None:
    response = client_de(consultant).get(_url("espace", bilan_engage(bilan)))
    assert response.status_code == 200
    assert "Aucune convention n'est encore établie pour ce bilan." in response.content.decode()
    assert (
        response.context["form"]
        .initial["modalites_restitution"]
        .endswith("le document de synthèse est remis au seul bénéficiaire.")
    )


def test_backoffice_convention_post_saves_and_redirects(bilan, consultant, client_de) -> None:
    bilan_engage(bilan)
    client = client_de(consultant)
    response = client.post(_url("espace", bilan), _donnees(financement="conge_reclassement"))
    assert (response.status_code, response["Location"]) == (302, _url("espace", bilan))
    convention = Convention.objects.get(bilan=bilan)
    assert (convention.intitule, convention.prix, convention.signataire_email) == (
        "Bilan de compétences",
        CONVENTION["prix"],
        "rh@transports-riviere.test",
    )
    assert Bilan.objects.get(pk=bilan.pk).financement == "conge_reclassement"
    page = client.get(_url("espace", bilan))
    assert _messages(page) == ["La convention est enregistrée."]
    assert "Signer la convention pour l'organisme" in page.content.decode()


def test_backoffice_convention_post_missing_field_shows_it(bilan, consultant, client_de) -> None:
    bilan_engage(bilan)
    response = client_de(consultant).post(_url("espace", bilan), _donnees(objectif=""))
    assert response.status_code == 200
    assert response.context["form"].errors == {"objectif": ["Ce champ est obligatoire."]}
    assert Convention.objects.count() == 0


def test_backoffice_convention_post_too_long_shows_the_rule(bilan, consultant, client_de) -> None:
    bilan_engage(bilan)
    response = client_de(consultant).post(_url("espace", bilan), _donnees(duree_heures="30"))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "duree_heures": [
            "La durée doit être comprise entre 0 et 24 heures : un bilan de compétences dure "
            "au plus 24 heures (article L6313-4 du Code du travail)."
        ]
    }
    assert Convention.objects.count() == 0


def test_backoffice_convention_post_after_signature_is_refused(
    bilan_convention, consultant, client_de
) -> None:
    response = client_de(consultant).post(
        _url("espace", bilan_convention), _donnees(intitule="Autre")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["__all__"] == [
        "La convention a déjà été signée : elle ne peut plus être modifiée. Toute modification "
        "annulerait les signatures recueillies."
    ]
    assert Convention.objects.get().intitule == "Bilan de compétences"


def test_backoffice_convention_signer_signs_for_the_provider(bilan, consultant, client_de):
    convention_record(bilan_engage(bilan))
    client = client_de(consultant)
    response = client.post(_url("espace", bilan, "signer/"), HTTP_USER_AGENT="Firefox/140")
    assert (response.status_code, response["Location"]) == (302, _url("espace", bilan))
    signature = SignatureConvention.objects.get()
    assert (signature.role, signature.signataire_id, signature.ip, signature.user_agent) == (
        "prestataire",
        consultant.pk,
        "127.0.0.1",
        "Firefox/140",
    )
    page = client.get(_url("espace", bilan))
    assert _messages(page) == ["Vous avez signé la convention pour l'organisme."]
    assert "Envoyer le lien de signature" in page.content.decode()
    assert 'id="id_intitule"' not in page.content.decode()  # no form once signed


def test_backoffice_convention_lien_sends_the_link(
    bilan_convention, consultant, client_de, django_capture_on_commit_callbacks
) -> None:
    client = client_de(consultant)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(_url("espace", bilan_convention, "lien/"))
    assert (response.status_code, response["Location"]) == (302, _url("espace", bilan_convention))
    assert len(callbacks) == 1
    page = client.get(_url("espace", bilan_convention))
    assert _messages(page) == [
        "Le lien de signature a été envoyé à rh@transports-riviere.test ; il est valable 15 jours."
    ]
    assert "Envoyer un nouveau lien (l'ancien ne fonctionnera plus)" in page.content.decode()


def test_backoffice_convention_lien_email_opens_the_employer_page(
    bilan_convention, consultant, client_de, django_capture_on_commit_callbacks
) -> None:
    from beneficiaires import tasks

    sent: list[dict] = []
    original = tasks.convention_lien_send_task.delay
    tasks.convention_lien_send_task.delay = lambda **kw: sent.append(kw)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            client_de(consultant).post(_url("espace", bilan_convention, "lien/"))
    finally:
        tasks.convention_lien_send_task.delay = original
    assert len(sent) == 1
    convention_lien_send_task(**sent[0])  # tasks are called directly (style.md)
    assert len(mail.outbox) == 1
    link = re.search(r"http://127\.0\.0\.1:8000(/signature/convention/\S+/)", mail.outbox[0].body)
    response = client_de(None).get(link.group(1))
    assert response.status_code == 200
    assert "Convention de bilan de compétences à signer" in response.content.decode()


def test_backoffice_convention_pdf_has_the_title_and_the_signers(
    bilan_convention, consultant, client_de
) -> None:
    response = client_de(consultant).get(_url("espace", bilan_convention, "pdf/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="convention-{bilan_convention.reference}.pdf"'
    )
    text = _pdf_text(response.content)
    assert "Convention tripartite de bilan de compétences" in text
    assert "Signée par Claire Martin le" in text
    assert "Transports Rivière" in text
    assert text.count("Signature en attente") == 2
    assert ENTRETIEN["besoin"] not in text  # no bilan content in administrative proof


def test_convention_pdf_shows_the_three_signatures(lien_employeur, bilan_convention, client_de):
    convention_sign_employer(token=lien_employeur, signataire_nom="Marc Rivière")
    convention_sign_beneficiaire(bilan=bilan_convention, user=bilan_convention.beneficiaire.user)
    response = client_de(bilan_convention.beneficiaire.user).get(
        _url("portail", bilan_convention, "pdf/")
    )
    # Signed by all three: the sealed document, served as a file (issue 6, point 3).
    text = _pdf_text(b"".join(response.streaming_content))
    for nom in ("Claire Martin", "Marc Rivière", "Sophie Durand"):
        assert f"Signée par {nom} le" in text
    assert "Signature en attente" not in text
    empreinte = SignatureConvention.objects.get(role="employeur").empreinte
    assert empreinte[:20] in text.replace("\n", "")


# --- Employer link -----------------------------------------------------------------------


def test_employeur_convention_shows_only_the_convention_privately(lien_employeur, client_de):
    response = client_de(None).get(f"/signature/convention/{lien_employeur}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Cache-Control"] == "no-store"
    assert '<meta name="robots" content="noindex, nofollow">' in body
    assert "Votre signature vaut transmission de la convention au salarié." in body
    assert "Bilan de compétences" in body
    for texte in ENTRETIEN.values():
        assert texte not in body
    assert 'id="id_signataire_nom"' in body and 'id="id_lu"' in body


def test_employeur_convention_never_makes_the_browser_post_a_null_origin(
    lien_employeur, client_de
) -> None:
    """Under a "no-referrer" policy the browser posts the form with ``Origin: null`` and
    Django's CSRF check refuses it: the employer could not sign (seen in the browser test,
    tests/navigateur/test_parcours_dossier.py). "same-origin" keeps the token on the site."""
    body = client_de(None).get(f"/signature/convention/{lien_employeur}/").content.decode()
    assert '<meta name="referrer" content="same-origin">' in body
    assert "no-referrer" not in body
    refused = Client(enforce_csrf_checks=True)
    refused.get(f"/signature/convention/{lien_employeur}/")
    response = refused.post(
        f"/signature/convention/{lien_employeur}/",
        {
            "signataire_nom": "Marc Rivière",
            "lu": "on",
            "csrfmiddlewaretoken": refused.cookies["csrftoken"].value,
        },
        headers={"Origin": "null"},
    )
    assert response.status_code == 403
    assert not SignatureConvention.objects.filter(role="employeur").exists()


def test_employeur_convention_post_signs_and_thanks(lien_employeur, client_de) -> None:
    client = client_de(None)
    url = f"/signature/convention/{lien_employeur}/"
    response = client.post(url, {"signataire_nom": "Marc Rivière", "lu": "on"})
    assert response.status_code == 200
    assert "Merci, la convention est signée" in response.content.decode()
    assert response["Referrer-Policy"] == "same-origin"
    assert SignatureConvention.objects.get(role="employeur").signataire_nom == "Marc Rivière"
    again = client.get(url)
    assert again.status_code == 410
    assert "Ce lien de signature a déjà été utilisé : il ne sert qu&#x27;une seule fois." in (
        again.content.decode()
    )


def test_employeur_convention_post_without_the_checkbox_is_refused(lien_employeur, client_de):
    response = client_de(None).post(
        f"/signature/convention/{lien_employeur}/", {"signataire_nom": "Marc Rivière"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "lu": ["Cochez la case pour confirmer que vous avez lu la convention."]
    }
    assert LienSignature.objects.get().used_at is None
    assert SignatureConvention.objects.filter(role="employeur").count() == 0


def test_employeur_convention_expired_link_says_so(bilan_convention, client_de) -> None:
    from beneficiaires.convention import convention_link_issue

    with time_machine.travel(time.time(), tick=False) as traveller:
        token = convention_link_issue(bilan=bilan_convention, user=bilan_convention.consultant)
        traveller.shift(datetime.timedelta(days=16))
        response = client_de(None).get(f"/signature/convention/{token}/")
    assert response.status_code == 410
    assert "Ce lien de signature n&#x27;est plus valable." in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_employeur_convention_of_an_ended_bilan_says_only_not_signed(
    lien_employeur, bilan_convention, client_de
) -> None:
    from beneficiaires.services import bilan_transition

    bilan_transition(bilan=bilan_convention, vers="refuse", by=bilan_convention.consultant)
    response = client_de(None).get(f"/signature/convention/{lien_employeur}/")
    body = response.content.decode()
    assert response.status_code == 410
    assert "La convention n&#x27;a pas été signée." in body
    assert "refus" not in body.lower()


def test_employeur_convention_unknown_link_is_404(client_de) -> None:
    response = client_de(None).get("/signature/convention/inconnu/")
    assert response.status_code == 404
    assert "Ce lien de signature n&#x27;existe pas." in response.content.decode()
    assert response["Referrer-Policy"] == "same-origin"


# --- Portal ------------------------------------------------------------------------------


def test_portail_convention_shows_the_empty_state(bilan, beneficiaire, client_de) -> None:
    response = client_de(beneficiaire).get(_url("portail", bilan))
    assert response.status_code == 200
    assert "Votre convention est en cours de préparation par votre consultant." in (
        response.content.decode()
    )


def test_portail_convention_waits_for_the_employer(bilan_convention, beneficiaire, client_de):
    response = client_de(beneficiaire).get(_url("portail", bilan_convention))
    body = response.content.decode()
    assert "Votre employeur doit signer la convention avant vous." in body
    assert 'id="id_lu"' not in body


def test_portail_convention_signs_with_the_checkbox(
    lien_employeur, bilan_convention, beneficiaire, client_de
) -> None:
    with time_machine.travel(time.time(), tick=False):
        convention_sign_employer(token=lien_employeur, signataire_nom="Marc Rivière")
        client = client_de(beneficiaire)
        page = client.get(_url("portail", bilan_convention))
        transmise = Convention.objects.get().transmise_at
        dernier = (
            datetime.datetime.fromtimestamp(transmise.timestamp()).date()
            + datetime.timedelta(days=10)
        ).strftime("%d/%m/%Y")
        assert f"Vous avez jusqu'au {dernier} inclus pour signer" in page.content.decode()
        refused = client.post(_url("portail", bilan_convention), {})
        assert refused.context["form"].errors == {
            "lu": ["Cochez la case pour confirmer que vous avez lu la convention."]
        }
        assert SignatureConvention.objects.filter(role="beneficiaire").count() == 0
        response = client.post(_url("portail", bilan_convention), {"lu": "on"})
    assert (response.status_code, response["Location"]) == (302, _url("portail", bilan_convention))
    assert SignatureConvention.objects.get(role="beneficiaire").signataire_id == beneficiaire.pk
    page = client.get(_url("portail", bilan_convention))
    assert _messages(page) == ["Vous avez signé la convention."]


def test_portail_convention_after_day_11_says_why_it_cannot_be_signed(
    lien_employeur, bilan_convention, beneficiaire, client_de
) -> None:
    """domain.md, Funding: silence is a refusal on day 11; the page says so instead of an
    unexplained missing form."""
    depart = datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC).timestamp()
    with time_machine.travel(depart, tick=False) as traveller:
        convention_sign_employer(token=lien_employeur, signataire_nom="Marc Rivière")
        traveller.shift(datetime.timedelta(days=11))
        assert conventions_expire() == 1
        response = client_de(beneficiaire).get(_url("portail", bilan_convention))
    body = response.content.decode()
    assert (
        "Le délai de 10 jours pour signer la convention est dépassé : depuis le 12/12/2026, "
        "elle est considérée comme refusée (article R6313-8 du Code du travail) et ne peut "
        "plus être signée."
    ) in body
    assert 'id="id_lu"' not in body


def test_backoffice_convention_after_day_11_says_it_is_refused(
    lien_employeur, bilan_convention, consultant, client_de
) -> None:
    """The consultant's page no longer says the convention waits for a signature."""
    depart = datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC).timestamp()
    with time_machine.travel(depart, tick=False) as traveller:
        convention_sign_employer(token=lien_employeur, signataire_nom="Marc Rivière")
        traveller.shift(datetime.timedelta(days=11))
        assert conventions_expire() == 1
        response = client_de(consultant).get(_url("espace", bilan_convention))
    body = html.unescape(response.content.decode())
    assert (
        "Le bénéficiaire n'a pas signé dans les 10 jours : depuis le 12/12/2026, la convention "
        "est considérée comme refusée et le bilan est refusé (article R6313-8 du Code du "
        "travail)."
    ) in body
    assert "La convention attend la signature du bénéficiaire" not in body


def test_portail_convention_post_out_of_order_shows_the_reason(
    bilan_convention, beneficiaire, client_de
) -> None:
    response = client_de(beneficiaire).post(_url("portail", bilan_convention), {"lu": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "__all__": ["Votre employeur doit signer la convention avant vous."]
    }


# --- Administration ----------------------------------------------------------------------


def test_administration_convention_shows_the_proof_not_the_content(
    bilan_convention, admin, client_de
) -> None:
    response = client_de(admin).get(_url("administration", bilan_convention))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Organisme prestataire</strong> :" in body
    assert re.search(r"signée par Claire Martin le \d\d/\d\d/\d{4} à \d\d:\d\d", body)
    assert body.count("en attente") == 2
    assert "Bilan de compétences" in body
    for texte in ENTRETIEN.values():
        assert texte not in body


def test_administration_convention_signer_signs_for_the_provider(bilan, admin, client_de):
    convention_record(bilan_engage(bilan))
    client = client_de(admin)
    response = client.post(_url("administration", bilan, "signer/"))
    assert (response.status_code, response["Location"]) == (302, _url("administration", bilan))
    assert SignatureConvention.objects.get().signataire_id == admin.pk
    page = client.get(_url("administration", bilan))
    assert _messages(page) == ["Vous avez signé la convention pour l'organisme."]


def test_administration_convention_signer_twice_shows_the_refusal(
    bilan_convention, admin, client_de
) -> None:
    client = client_de(admin)
    client.post(_url("administration", bilan_convention, "signer/"))
    page = client.get(_url("administration", bilan_convention))
    [message] = _messages(page)
    assert message.startswith("Cette partie a déjà signé la convention, le ")
    assert SignatureConvention.objects.count() == 1


def test_backoffice_convention_reads_the_convention_once(
    bilan_convention, consultant, client_de, django_assert_num_queries
) -> None:
    client = client_de(consultant)
    client.get(_url("espace", bilan_convention))
    # Session, user, bilan, convention, signatures, live link: the page reads the convention
    # once.
    with django_assert_num_queries(NOMBRE):
        assert client.get(_url("espace", bilan_convention)).status_code == 200


def test_administration_convention_shows_the_empty_state(bilan, admin, client_de) -> None:
    response = client_de(admin).get(_url("administration", bilan))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Aucune convention n'est encore établie pour ce bilan" in body
    assert "État du bilan : Préalable. Consultant : Claire Martin." in body


# --- Reads and exports in the audit log (domain.md, Confidentiality and data) -------------


def _lectures(event: str) -> list[tuple]:
    from bilan.audit.models import AuditEvent

    return list(
        AuditEvent.objects.filter(event=event)
        .order_by("pk")
        .values_list("actor_id", "target_type", "target_id", "ip")
    )


@pytest.mark.parametrize("espace", ["espace", "portail", "administration"])
def test_convention_pdf_download_is_audited_as_an_export(
    bilan_convention, consultant, admin, client_de, espace
) -> None:
    user = {
        "espace": consultant,
        "portail": bilan_convention.beneficiaire.user,
        "administration": admin,
    }[espace]
    response = client_de(user).get(_url(espace, bilan_convention, "pdf/"))
    assert response.status_code == 200
    assert _lectures("convention.exported") == [
        (user.pk, "beneficiaires.convention", str(bilan_convention.convention.pk), "127.0.0.1")
    ]


def test_convention_pdf_of_someone_else_is_not_audited(
    bilan_convention, autre_consultant, client_de
) -> None:
    response = client_de(autre_consultant).get(_url("espace", bilan_convention, "pdf/"))
    assert response.status_code == 404
    assert _lectures("convention.exported") == []


def test_employeur_convention_view_is_audited_without_actor(lien_employeur, client_de) -> None:
    convention = Convention.objects.get()
    client_de(None).get(f"/signature/convention/{lien_employeur}/")
    assert _lectures("convention.viewed_by_link") == [
        (None, "beneficiaires.convention", str(convention.pk), "127.0.0.1")
    ]


def test_employeur_convention_dead_link_is_not_audited_as_a_view(client_de) -> None:
    response = client_de(None).get("/signature/convention/inconnu/")
    assert response.status_code == 404
    assert _lectures("convention.viewed_by_link") == []
