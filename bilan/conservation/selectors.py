"""Reads for the administrators' screens: metadata only (references, labels, counts, ids)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from bilan.audit.models import AuditEvent
from bilan.comptes.models import User

from .echeances import Prevision, previsions
from .models import LIBELLES_CATEGORIES, DemandeDroit, Destruction, Execution, FichierASupprimer

HORIZON_JOURS = 30


def conservation_tableau(*, maintenant: datetime | None = None) -> dict[str, Any]:
    """What goes in the next 30 days per category, the last runs and the pending errors."""
    maintenant = maintenant or timezone.now()
    par_categorie: dict[str, list[Prevision]] = defaultdict(list)
    for p in previsions(jusqua=maintenant + timedelta(days=HORIZON_JOURS)):
        par_categorie[p.categorie].append(p)
    return {
        "previsions": [
            (LIBELLES_CATEGORIES.get(c, c), lignes, sum(p.lignes for p in lignes))
            for c, lignes in sorted(par_categorie.items())
        ],
        "executions": list(Execution.objects.all()[:10]),
        "fichiers_en_echec": list(FichierASupprimer.objects.filter(tentatives__gt=0)[:50]),
        "horizon": HORIZON_JOURS,
    }


def _jour(d: date, fin: bool = False) -> datetime:
    return timezone.make_aware(datetime.combine(d, time.max if fin else time.min))


def destructions_filtrees(
    *,
    du: date | None = None,
    au: date | None = None,
    categorie: str = "",
    reference: str = "",
) -> QuerySet[Destruction]:
    qs = Destruction.objects.avec_totaux().prefetch_related("lots")
    if du:
        qs = qs.filter(premiere__gte=_jour(du))
    if au:
        qs = qs.filter(premiere__lte=_jour(au, fin=True))
    if categorie:
        qs = qs.filter(categorie=categorie)
    if reference:
        qs = qs.filter(reference__icontains=reference.strip())
    return qs.order_by("-premiere", "-pk")


def journal_filtre(
    *,
    acteur: str = "",
    evenement: str = "",
    objet_type: str = "",
    objet_id: str = "",
    du: date | None = None,
    au: date | None = None,
) -> QuerySet[AuditEvent]:
    """The audit log, filtered: actor by e-mail or id, event by prefix, object by type/id."""
    qs = AuditEvent.objects.all()
    acteur = acteur.strip()
    if acteur:
        ids = list(
            User.objects.filter(
                Q(email__iexact=acteur)
                | Q(pk=int(acteur) if acteur.isascii() and acteur.isdigit() else None)
            ).values_list("pk", flat=True)
        )
        qs = qs.filter(actor_id__in=ids)
    if evenement.strip():
        qs = qs.filter(event__startswith=evenement.strip())
    if objet_type.strip():
        qs = qs.filter(target_type=objet_type.strip())
    if objet_id.strip():
        qs = qs.filter(target_id=objet_id.strip())
    if du:
        qs = qs.filter(at__gte=_jour(du))
    if au:
        qs = qs.filter(at__lte=_jour(au, fin=True))
    return qs.order_by("-at", "-pk")


def acteurs(ids: set[int | None]) -> dict[int, str]:
    """The e-mails of the actors on one page (one query)."""
    return dict(User.objects.filter(pk__in=[i for i in ids if i]).values_list("pk", "email"))


def demandes_filtrees(*, ouvertes: bool = False) -> QuerySet[DemandeDroit]:
    qs = DemandeDroit.objects.select_related("personne")
    if ouvertes:
        qs = qs.filter(repondue_le__isnull=True)
    return qs.order_by("echeance", "pk") if ouvertes else qs


def demandes_de(*, personne: User) -> QuerySet[DemandeDroit]:
    return DemandeDroit.objects.filter(personne=personne)
