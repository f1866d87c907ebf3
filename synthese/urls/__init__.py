"""The synthèse app's URLs, per space, gathered from one module per feature."""

from django.urls import URLPattern

from . import attestations, partage, plan, redaction

backoffice: list[URLPattern] = [
    *redaction.backoffice,
    *plan.backoffice,
    *attestations.backoffice,
    *partage.backoffice,
]
portail: list[URLPattern] = [
    *redaction.portail,
    *plan.portail,
    *attestations.portail,
    *partage.portail,
]
administration: list[URLPattern] = [
    *redaction.administration,
    *plan.administration,
    *attestations.administration,
    *partage.administration,
]
public: list[URLPattern] = [
    *redaction.public,
    *plan.public,
    *attestations.public,
    *partage.public,
]
