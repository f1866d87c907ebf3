"""The end-of-bilan documents (attestations, certificat de réalisation)'s URLs, per space.

``bilan.urls`` mounts each list in its namespace.
"""

from django.urls import URLPattern

backoffice: list[URLPattern] = []
portail: list[URLPattern] = []
administration: list[URLPattern] = []
# Reached without a session (single-use links, public pages).
public: list[URLPattern] = []
