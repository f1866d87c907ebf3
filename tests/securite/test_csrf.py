"""Every POST of the matrix, sent without its CSRF token: refused, and nothing changed
(issue 9, point 2; domain.md, Confidentiality: content changes only at the hand of the
beneficiary or the assigned consultant, never of a page that borrows their session).

For every POST row of the permission matrix and every persona that row lets through (the
request reaches the view's work: a page, a redirect elsewhere than the login, a 400, a 410),
the same request is sent logged in the same way but with CSRF checks on and no token. The
answer is the French "Formulaire expiré" page (403) and the database is the same, table by
table. A new POST row is in this proof at once.

Views exempted from Django's CSRF middleware are listed below with their reason; each still
checks the token itself, as the tests at the end show.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from bilan.comptes.models import User
from seances.documents.models import Document
from tests.matrice import (
    PERSONAS,
    Ligne,
    PersonnesDe,
    passe,
    patterns_nommes,
    toutes_les_lignes,
)
from tests.securite.empreinte import empreinte_base, tables_changees

LIGNES = toutes_les_lignes()
POSTS = [
    (ligne, personas)
    for ligne in LIGNES
    if ligne.methode == "POST"
    and (personas := tuple(p for p in PERSONAS if passe(ligne.attendu[p])))
]

# Views that Django's CSRF middleware does not check, and why.
EXEMPTEES = {
    # The upload handler must be installed before anything reads the body (the middleware
    # would read it to find the token); csrf_protect then checks it inside the view.
    "backoffice:document_liste": "gestionnaire d'envoi installé avant la lecture du corps",
    "portail:document_liste": "gestionnaire d'envoi installé avant la lecture du corps",
    # The public page keeps the upload in memory up to its limit (bilan/scelles/upload.py).
    "verification:verification_accueil": "gestionnaire d'envoi installé avant la lecture du corps",
}


def client_sans_jeton(user: User | None) -> Client:
    """A client logged in as the matrix logs in (tests/conftest.py, client_de), CSRF checked."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def assert_formulaire_expire(response: Any) -> None:
    assert response.status_code == 403
    body = response.content.decode()
    assert "<h1>Formulaire expiré</h1>" in body
    assert "Rien n'a été enregistré." in body


@pytest.mark.parametrize(("ligne", "personas"), POSTS, ids=[ligne.ident for ligne, _ in POSTS])
def test_post_without_csrf_token_answers_the_expired_form_page_and_changes_nothing(
    ligne: Ligne, personas: tuple[str, ...], request: pytest.FixtureRequest, db: None
) -> None:
    personnes = PersonnesDe(request)
    url = reverse(ligne.nom, kwargs=ligne.kwargs(personnes))
    data = ligne.donnees(personnes)
    clients = {persona: client_sans_jeton(personnes[persona]) for persona in personas}
    avant = empreinte_base()

    for client in clients.values():
        assert_formulaire_expire(client.post(url, data=data))

    assert tables_changees(avant, empreinte_base()) == []


def test_csrf_exempt_views_are_the_listed_ones() -> None:
    exemptees = {
        nom
        for nom, pattern in patterns_nommes().items()
        if getattr(pattern.callback, "csrf_exempt", False)
    }

    assert exemptees == set(EXEMPTEES)


@pytest.mark.parametrize("espace", ["backoffice", "portail"])
def test_document_upload_without_csrf_token_stores_nothing(
    espace: str, bilan_en_cours: Any, consultant: User, beneficiaire: User
) -> None:
    user = consultant if espace == "backoffice" else beneficiaire
    fichier = SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    client = client_sans_jeton(user)
    avant = empreinte_base()

    response = client.post(
        reverse(f"{espace}:document_liste", kwargs={"pk": bilan_en_cours.pk}),
        {"titre": "CV", "type": "cv", "fichier": fichier},
    )

    assert_formulaire_expire(response)
    assert Document.objects.count() == 0
    assert tables_changees(avant, empreinte_base()) == []


def test_logout_without_csrf_token_keeps_the_session(beneficiaire: User) -> None:
    # Its matrix row answers the login page to everyone, so the generic proof leaves it out:
    # a foreign page must not be able to log a person out either.
    client = client_sans_jeton(beneficiaire)

    response = client.post(reverse("account_logout"))

    assert_formulaire_expire(response)
    assert client.session["_auth_user_id"] == str(beneficiaire.pk)
