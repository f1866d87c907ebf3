from django.urls import path

from beneficiaires.views import dossiers as views

backoffice = [
    path("", views.tableau, name="tableau"),
]
