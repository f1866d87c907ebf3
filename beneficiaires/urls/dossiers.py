from django.urls import path

from beneficiaires.views import dossiers as views

backoffice = [
    path("", views.tableau, name="tableau"),
    path("beneficiaires/nouveau/", views.beneficiaire_creer, name="beneficiaire_creer"),
    path("bilans/<int:pk>/", views.bilan, name="bilan"),
    path("bilans/<int:pk>/entretien/", views.entretien, name="entretien"),
    path("bilans/<int:pk>/financement/", views.financement, name="financement"),
    path("bilans/<int:pk>/financement/cpf/", views.financement_cpf, name="financement_cpf"),
    path(
        "bilans/<int:pk>/financement/autofinancement/",
        views.financement_autofinancement,
        name="financement_autofinancement",
    ),
    path("bilans/<int:pk>/transition/", views.transition, name="transition"),
    path(
        "bilans/<int:pk>/transition/confirmer/",
        views.transition_confirmer,
        name="transition_confirmer",
    ),
]
