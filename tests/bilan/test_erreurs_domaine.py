"""A domain refusal that no view caught is the French 400 page, never a 500 (domain.md:
bad input gets a clear French message and changes nothing)."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path

from bilan.errors import DomainError


def _refuse(request: HttpRequest) -> HttpResponse:
    raise DomainError("caractere_nul", "« Titre » contient un caractère nul : retirez-le.")


def _plante(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("pas une règle du domaine")


urlpatterns = [path("refus/", _refuse), path("plante/", _plante)]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_an_uncaught_domain_refusal_is_the_french_400_page_with_its_message() -> None:
    reponse = Client().get("/refus/")
    assert reponse.status_code == 400
    html = reponse.content.decode()
    assert "« Titre » contient un caractère nul : retirez-le." in html
    assert "Cette action n'a pas été enregistrée" in html


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_any_other_error_stays_a_500() -> None:
    reponse = Client(raise_request_exception=False).get("/plante/")
    assert reponse.status_code == 500
