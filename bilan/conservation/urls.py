"""Conservation and RGPD URLs (``bilan.urls`` mounts each list in its namespace)."""

from django.urls import URLPattern, path

from . import views

backoffice: list[URLPattern] = []
portail: list[URLPattern] = [
    path("mes-donnees/", views.rgpd_mes_donnees, name="rgpd_mes_donnees"),
    path("mes-donnees/export/", views.rgpd_export_demander, name="rgpd_export_demander"),
    path("mes-donnees/export/<str:jeton>/", views.rgpd_export_etat, name="rgpd_export_etat"),
    path(
        "mes-donnees/export/<str:jeton>/telecharger/",
        views.rgpd_export_telecharger,
        name="rgpd_export_telecharger",
    ),
    path(
        "mes-donnees/effacement/", views.rgpd_effacement_demander, name="rgpd_effacement_demander"
    ),
]
administration: list[URLPattern] = [
    path("conservation/", views.conservation_tableau, name="conservation_tableau"),
    path("conservation/registre/", views.conservation_registre, name="conservation_registre"),
    path(
        "conservation/registre.csv",
        views.conservation_registre_csv,
        name="conservation_registre_csv",
    ),
    path("journal/", views.journal_liste, name="journal_liste"),
    path("journal.csv", views.journal_csv, name="journal_csv"),
    path("rgpd/", views.rgpd_demandes, name="rgpd_demandes"),
    path("rgpd/nouvelle/", views.rgpd_demande_creer, name="rgpd_demande_creer"),
    path("rgpd/<int:pk>/", views.rgpd_demande, name="rgpd_demande"),
    path("rgpd/<int:pk>/prolonger/", views.rgpd_demande_prolonger, name="rgpd_demande_prolonger"),
    path("rgpd/<int:pk>/repondre/", views.rgpd_demande_repondre, name="rgpd_demande_repondre"),
    path("rgpd/<int:pk>/effacer/", views.rgpd_demande_effacer, name="rgpd_demande_effacer"),
]
public: list[URLPattern] = []
