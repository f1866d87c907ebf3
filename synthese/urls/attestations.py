"""The end-of-bilan documents (attestations, certificat de réalisation)'s URLs, per space.

``bilan.urls`` mounts each list in its namespace.
"""

from django.urls import URLPattern, path

from synthese.views import attestations as views

_LISTE = "bilans/<int:pk>/attestations/"
_PDF = "bilans/<int:pk>/attestations/<slug:sorte>/"

backoffice: list[URLPattern] = [
    path(_LISTE, views.backoffice_liste, name="attestation_liste"),
    path(_PDF, views.backoffice_telecharger, name="attestation_telecharger"),
]
portail: list[URLPattern] = [
    path(_LISTE, views.portail_liste, name="attestation_liste"),
    path(_PDF, views.portail_telecharger, name="attestation_telecharger"),
]
administration: list[URLPattern] = [
    path(_LISTE, views.administration_liste, name="attestation_liste"),
    path(_PDF, views.administration_telecharger, name="attestation_telecharger"),
]
# Reached without a session (single-use links, public pages).
public: list[URLPattern] = []
