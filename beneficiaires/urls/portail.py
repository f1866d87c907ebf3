from django.urls import path

from beneficiaires.views import portail as views

portail = [
    path("", views.accueil, name="accueil"),
    path("bilans/<int:pk>/consentement/", views.consentement, name="consentement"),
]
