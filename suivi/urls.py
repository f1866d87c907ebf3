"""The follow-up's URLs, per space (public: the survey links).

``bilan.urls`` mounts each list in its namespace.
"""

from django.urls import URLPattern

backoffice: list[URLPattern] = []
portail: list[URLPattern] = []
administration: list[URLPattern] = []
# Reached without a session (single-use links, public pages).
public: list[URLPattern] = []
# The public page of each offer (Qualiopi indicators 1 and 2).
offres: list[URLPattern] = []
