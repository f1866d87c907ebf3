"""The convention's routes in every space, and the employer's or funder's signing link."""

from django.urls import URLPattern, path

from beneficiaires.views import convention as views

backoffice: list[URLPattern] = [
    path("bilans/<int:pk>/convention/", views.backoffice_convention, name="convention"),
    path(
        "bilans/<int:pk>/convention/signer/",
        views.backoffice_convention_signer,
        name="convention_signer",
    ),
    path(
        "bilans/<int:pk>/convention/lien/", views.backoffice_convention_lien, name="convention_lien"
    ),
    path("bilans/<int:pk>/convention/pdf/", views.backoffice_convention_pdf, name="convention_pdf"),
]
portail: list[URLPattern] = [
    path("bilans/<int:pk>/convention/", views.portail_convention, name="convention"),
    path("bilans/<int:pk>/convention/pdf/", views.portail_convention_pdf, name="convention_pdf"),
]
administration: list[URLPattern] = [
    path("bilans/<int:pk>/convention/", views.administration_convention, name="convention"),
    path(
        "bilans/<int:pk>/convention/signer/",
        views.administration_convention_signer,
        name="convention_signer",
    ),
    path(
        "bilans/<int:pk>/convention/pdf/",
        views.administration_convention_pdf,
        name="convention_pdf",
    ),
]
employeur: list[URLPattern] = [
    path("convention/<str:token>/", views.employeur_convention, name="convention"),
]
