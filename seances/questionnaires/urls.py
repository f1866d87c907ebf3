"""The questionnaires' URLs, per space (public: the 360° links).

``bilan.urls`` mounts each list in its namespace.
"""

from django.urls import URLPattern

backoffice: list[URLPattern] = []
portail: list[URLPattern] = []
administration: list[URLPattern] = []
# Reached without a session (single-use links, public pages).
public: list[URLPattern] = []
