"""The last guard before the database: no NUL byte in any text, no text longer than its
column, whatever service writes it (domain.md: refuse with a French message, change nothing).

The forms already refuse both; a service called otherwise (a view reading ``request.POST``, a
task, a script) would reach PostgreSQL, which refuses NUL bytes and over-long values with an
error that is a 500 in a request, while SQLite stores them. Raised before the INSERT or
UPDATE, inside the service's transaction, the refusal leaves nothing half-stored.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from .errors import DomainError

APPS = ("bilan", "beneficiaires", "seances", "synthese", "suivi")


def textes_verifier(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if sender.__module__.split(".")[0] not in APPS:
        return
    # Only what this save writes: a deferred field is not read (no query, no decryption).
    update_fields = kwargs.get("update_fields")
    differes = instance.get_deferred_fields()
    for field in sender._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        if field.attname in differes or (
            update_fields is not None and field.name not in update_fields
        ):
            continue
        valeur = getattr(instance, field.attname)
        if not isinstance(valeur, str):
            continue
        if "\x00" in valeur:
            raise DomainError(
                "caractere_nul",
                _("« %(champ)s » contient un caractère nul, qui n'est pas autorisé : retirez-le.")
                % {"champ": field.verbose_name},
            )
        if (
            isinstance(field, models.CharField)
            and field.max_length
            and len(valeur) > field.max_length
        ):
            raise DomainError(
                "texte_trop_long",
                _("« %(champ)s » fait %(max)s caractères au plus.")
                % {"champ": field.verbose_name, "max": field.max_length},
            )
