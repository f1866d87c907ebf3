from django.urls import path

from beneficiaires.views import administration as views

administration = [
    path("bilans/", views.bilans, name="bilans"),
    path("bilans/nouveau/", views.bilan_creer, name="bilan_creer"),
    path("bilans/<int:pk>/reassigner/", views.bilan_reassigner, name="bilan_reassigner"),
]
