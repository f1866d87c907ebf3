"""The sessions' URLs, per space; ``bilan.urls`` mounts each list in its namespace."""

from django.urls import URLPattern

backoffice: list[URLPattern] = []
portail: list[URLPattern] = []
administration: list[URLPattern] = []
# Reached without a session: the consultant's private iCalendar feed (token in the path).
public: list[URLPattern] = []
