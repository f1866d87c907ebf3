"""The synthèse's URLs, per space (public: the sharing links).

``bilan.urls`` mounts each list in its namespace.
"""

from django.urls import URLPattern, path

from ..views import redaction as v

backoffice: list[URLPattern] = [
    path("bilans/<int:pk>/synthese/", v.synthese_editeur, name="synthese_editeur"),
    path("bilans/<int:pk>/synthese/creer/", v.synthese_creer, name="synthese_creer"),
    path(
        "bilans/<int:pk>/synthese/enregistrer/",
        v.synthese_enregistrer,
        name="synthese_enregistrer",
    ),
    path("bilans/<int:pk>/synthese/source/", v.synthese_source, name="synthese_source"),
    path("bilans/<int:pk>/synthese/soumettre/", v.synthese_soumettre, name="synthese_soumettre"),
    path("bilans/<int:pk>/synthese/finaliser/", v.synthese_finaliser, name="synthese_finaliser"),
    path("bilans/<int:pk>/synthese/rouvrir/", v.synthese_rouvrir, name="synthese_rouvrir"),
    path("bilans/<int:pk>/synthese/apercu.pdf", v.synthese_apercu, name="synthese_apercu"),
    path("bilans/<int:pk>/synthese/signature/", v.synthese_signer, name="synthese_signer"),
    path(
        "bilans/<int:pk>/synthese/signature/code/",
        v.synthese_signature_code,
        name="synthese_signature_code",
    ),
]
portail: list[URLPattern] = [
    path("bilans/<int:pk>/synthese/", v.synthese_lecture, name="synthese_lecture"),
    path("bilans/<int:pk>/synthese/observations/", v.synthese_observer, name="synthese_observer"),
    path("bilans/<int:pk>/synthese/signature/", v.synthese_signer_portail, name="synthese_signer"),
    path(
        "bilans/<int:pk>/synthese/signature/code/",
        v.synthese_signature_code_portail,
        name="synthese_signature_code",
    ),
    path(
        "bilans/<int:pk>/synthese/synthese.pdf",
        v.synthese_telecharger,
        name="synthese_telecharger",
    ),
]
administration: list[URLPattern] = []
# Reached without a session (single-use links, public pages).
public: list[URLPattern] = []
