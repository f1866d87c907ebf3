"""Which rows are due, read from the registry alone (domain.md, Confidentiality and data).

The end of the action is the bilan's first move to terminé, abandonné or refusé (its
timeline), or, without a timeline row, its ``etat_changed_at`` once in one of those states
or after them (suivi, clos).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.apps import apps
from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from bilan import retention
from bilan.retention import Categorie, Registration

from .politique import duree_jours, exception_echeance

FINS = ("termine", "abandonne", "refuse")
APRES_LA_FIN = (*FINS, "suivi", "clos")


def _bilan_model() -> type[models.Model]:
    return apps.get_model("beneficiaires", "Bilan")


def bilans_termines() -> models.QuerySet:
    """Every bilan whose action has ended, annotated with ``fin`` (a datetime)."""
    Bilan = _bilan_model()
    evenements = Bilan._meta.get_field("evenements").related_model
    premiere_fin = (
        evenements.objects.filter(bilan=OuterRef("pk"), vers__in=FINS)
        .order_by("at")
        .values("at")[:1]
    )
    return Bilan.objects.filter(etat__in=APRES_LA_FIN).annotate(
        fin=Coalesce(Subquery(premiere_fin), F("etat_changed_at"))
    )


def ordre_de_destruction(entrees: list[Registration]) -> list[Registration]:
    """Registrations ordered so that a model pointing at another registered model goes
    first (attendance before sessions: PROTECT foreign keys)."""
    restantes = list(entrees)
    ordonnees: list[Registration] = []
    while restantes:
        for entree in restantes:
            if not any(
                entree.model in _cibles(autre.model)
                for autre in restantes
                if autre.model is not entree.model
            ):
                break
        else:  # a cycle: keep the registration order
            entree = restantes[0]
        ordonnees.append(entree)
        restantes.remove(entree)
    return ordonnees


def _cibles(model: type[models.Model]) -> set[type[models.Model]]:
    return {
        f.related_model
        for f in model._meta.concrete_fields
        if (f.many_to_one or f.one_to_one) and f.related_model is not model
    }


def lignes(entree: Registration) -> models.QuerySet:
    qs = entree.model._default_manager.all()
    return qs.filter(entree.filtre) if entree.filtre is not None else qs


def accord_fin(bilan: models.Model) -> date | None:
    """The latest agreement end any hook gives for ``bilan`` (None: no agreement)."""
    dates = [d for fn in retention.prolongations() if (d := fn(bilan)) is not None]
    return max(dates) if dates else None


def bilans_dus(entree: Registration, *, jusqua: datetime) -> models.QuerySet | list[int]:
    """The ids of the bilans whose rows of ``entree`` are due at ``jusqua``."""
    categorie = Categorie(entree.categorie)
    if categorie != Categorie.EXCEPTION_SUIVI:
        limite = jusqua - timedelta(days=duree_jours(categorie))
        return bilans_termines().filter(fin__lte=limite).values("pk")
    return [b for b, _echeance in _exceptions_dues(entree, jusqua=jusqua)]


def _exceptions_dues(entree: Registration, *, jusqua: datetime) -> Iterator[tuple[int, date]]:
    avec_lignes = lignes(entree).values(entree.bilan_path)
    candidats = bilans_termines().filter(pk__in=avec_lignes, fin__lte=jusqua)
    for bilan in candidats.iterator(chunk_size=500):
        fin = timezone.localdate(bilan.fin)
        echeance = exception_echeance(fin=fin, accord_fin=accord_fin(bilan))
        if echeance <= timezone.localdate(jusqua):
            yield bilan.pk, echeance


@dataclass(frozen=True)
class Prevision:
    categorie: str
    bilan_id: int
    reference: str
    echeance: date
    lignes: int
    modeles: tuple[str, ...]


def previsions(*, jusqua: datetime) -> list[Prevision]:
    """What is due at ``jusqua``, per category and bilan: counts only (dry run, dashboard)."""
    comptes: dict[tuple[str, int], int] = defaultdict(int)
    modeles: dict[tuple[str, int], set[str]] = defaultdict(set)
    echeances: dict[tuple[str, int], date] = {}
    for entree in retention.registrations():
        dus = bilans_dus(entree, jusqua=jusqua)
        par_bilan = (
            lignes(entree)
            .filter(**{f"{entree.bilan_path}__in": dus})
            .values_list(entree.bilan_path)
            .annotate(n=models.Count("pk"))
            .order_by()
        )
        for bilan_id, n in par_bilan:
            cle = (str(entree.categorie), bilan_id)
            comptes[cle] += n
            modeles[cle].add(entree.model._meta.label_lower)
    if not comptes:
        return []
    bilans = (
        bilans_termines()
        .filter(pk__in={b for _c, b in comptes})
        .values_list("pk", "reference", "fin")
    )
    infos = {pk: (ref, timezone.localdate(fin)) for pk, ref, fin in bilans}
    for categorie, bilan_id in comptes:
        ref, fin = infos[bilan_id]
        jours = duree_jours(Categorie(categorie))
        if categorie == Categorie.EXCEPTION_SUIVI:
            bilan = _bilan_model().objects.get(pk=bilan_id)
            echeances[(categorie, bilan_id)] = exception_echeance(
                fin=fin, accord_fin=accord_fin(bilan)
            )
        else:
            echeances[(categorie, bilan_id)] = fin + timedelta(days=jours)
    return sorted(
        (
            Prevision(
                categorie=c,
                bilan_id=b,
                reference=infos[b][0],
                echeance=echeances[(c, b)],
                lignes=n,
                modeles=tuple(sorted(modeles[(c, b)])),
            )
            for (c, b), n in comptes.items()
        ),
        key=lambda p: (p.echeance, p.reference, p.categorie),
    )
