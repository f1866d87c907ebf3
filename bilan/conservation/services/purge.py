"""The purge (domain.md, Confidentiality and data: destruction is automatic, removes the files
as well as the rows, leaves a content-free destruction record, and has no admin override).

Per registration (:mod:`bilan.retention`), in batches of at most :data:`LOT` rows, each its
own short transaction: the due rows are deleted (their direct-FK object permissions cascade
with them, generic guardian rows are deleted alongside), the names of their stored files are
written to :class:`FichierASupprimer` in the same transaction, and the bilan's destruction
record is incremented. After each commit the pending files are removed from storage; a
failure stays pending, is reported as an error of the run and is retried by the next run.

Why a pending table rather than deleting the files first: a run killed between the file
deletion and the commit would leave rows whose file is gone, and a storage outage would block
the rows; with the table, "row gone, file remains" is always written down and finished later,
and the rows go on time whatever the storage does.

Idempotent and resumable: each run finds what is due by querying the database; a run killed
mid-way leaves committed batches done and recorded, and the next run does the rest.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F, signals
from django.utils import timezone
from django.utils.translation import gettext as _

from bilan import retention
from bilan.audit.services import audit_purge_expired, audit_record
from bilan.retention import Registration

from ..echeances import bilans_dus, lignes, ordre_de_destruction
from ..errors import ConservationError
from ..models import Destruction, DestructionLot, Execution, FichierASupprimer
from ..politique import durees_legales
from .export import exports_expirer

logger = logging.getLogger(__name__)
LOT = 1000  # rows per transaction: a consultant's table is never locked for long


def _apres_lot() -> None:
    """Called after each committed batch (tests stop a run here, as a killed process)."""


def conservation_purger(
    *, mode: str = Execution.Mode.PLANIFIEE, maintenant: datetime | None = None
) -> Execution:
    """Destroy everything past its retention (R6313-7, R6351-17), then the old audit events.

    Not atomic on purpose: one short transaction per batch (see the module docstring).
    """
    if durees_legales():
        raise ConservationError(
            "reglage_illegal", _("Un réglage de conservation dépasse la loi : purge refusée.")
        )
    maintenant = maintenant or timezone.now()
    execution = Execution.objects.create(mode=mode, debut=timezone.now())
    _erreurs_ajouter(execution, fichiers_en_attente_supprimer())
    for entree in ordre_de_destruction(retention.registrations()):
        try:
            dus = bilans_dus(entree, jusqua=maintenant)
            entree_purger(entree=entree, bilans=dus, execution=execution, motif="echeance")
        except Exception as exc:  # one model's failure must not stop the others
            logger.exception("purge de %s", entree.model._meta.label_lower)
            _erreurs_ajouter(
                execution, [f"{entree.model._meta.label_lower} : {type(exc).__name__}"]
            )
    _erreurs_ajouter(execution, exports_expirer())
    execution.evenements_audit = audit_purge_expired(now=maintenant)
    execution.refresh_from_db(fields=["lignes", "fichiers", "erreurs"])
    execution.fin = timezone.now()
    execution.statut = Execution.Statut.ERREURS if execution.erreurs else Execution.Statut.TERMINEE
    execution.save(update_fields=["evenements_audit", "fin", "statut"])
    audit_record(event="conservation.purge", target=execution)
    return execution


def entree_purger(
    *,
    entree: Registration,
    bilans: models.QuerySet | Iterable[int],
    execution: Execution | None,
    motif: str,
) -> int:
    """Delete the rows of ``entree`` belonging to ``bilans``, batch after batch.

    The due bilans are read once, then taken 1,000 at a time: each batch's query names at
    most 1,000 bilans and never re-evaluates the end-of-action subquery.
    """
    if isinstance(bilans, models.QuerySet):
        bilans = bilans.values_list("pk", flat=True)
    ids = sorted(bilans)
    total = 0
    generiques = _a_des_permissions_generiques(entree.model) if ids else False
    for debut in range(0, len(ids), LOT):
        tranche = ids[debut : debut + LOT]
        qs = lignes(entree).filter(**{f"{entree.bilan_path}__in": tranche})
        total += _tranche_purger(entree, qs, execution, motif, generiques)
    return total


def _tranche_purger(
    entree: Registration,
    qs: models.QuerySet,
    execution: Execution | None,
    motif: str,
    generiques: bool,
) -> int:
    total, dernier = 0, None
    while True:
        with transaction.atomic():
            # Keyset pagination: the deleted rows' dead tuples are never scanned again.
            suite = qs.filter(pk__gt=dernier) if dernier is not None else qs
            lot = list(suite.order_by("pk").values_list("pk", entree.bilan_path)[:LOT])
            if not lot:
                return total
            dernier = lot[-1][0]
            supprimees, attente = _lot_supprimer(entree, lot, motif, generiques)
            fichiers = len(attente)
            if execution is not None:
                Execution.objects.filter(pk=execution.pk).update(
                    lignes=F("lignes") + supprimees, fichiers=F("fichiers") + fichiers
                )
        total += supprimees
        _erreurs_ajouter(execution, fichiers_en_attente_supprimer(ids=attente))
        _apres_lot()


def _erreurs_ajouter(execution: Execution | None, erreurs: list[str]) -> None:
    if execution is None or not erreurs:
        return
    with transaction.atomic():
        courante = Execution.objects.select_for_update().get(pk=execution.pk)
        courante.erreurs = [*courante.erreurs, *erreurs]
        courante.save(update_fields=["erreurs"])


def _lot_supprimer(
    entree: Registration, lot: list[tuple[int, int]], motif: str, generiques: bool
) -> tuple[int, list[int]]:
    model = entree.model
    ids = [pk for pk, _b in lot]
    par_bilan = Counter(b for _pk, b in lot)
    fichiers, attente = _fichiers_noter(model, ids)
    permis = _permis_creer(model, set(par_bilan))
    if generiques:
        _permissions_generiques_supprimer(model, ids)
    supprimees = _supprimer(model, ids)
    if permis is not None:
        permis.delete()
    _consigner(
        categorie=str(entree.categorie),
        label=model._meta.label_lower,
        par_bilan=par_bilan,
        fichiers=fichiers,
        motif=motif,
    )
    return supprimees, attente


def _supprimer(model: type[models.Model], ids: list[int]) -> int:
    """Delete the rows: one statement when nothing points at them any more (the usual case,
    children being registered and purged first), Django's collector otherwise (cascades,
    permissions, PROTECT checks)."""
    qs = model._base_manager.filter(pk__in=ids)
    if _sans_dependants(model, ids):
        return qs._raw_delete(qs.db)
    _total, par_modele = qs.delete()
    return par_modele.get(model._meta.label, 0)


def _sans_dependants(model: type[models.Model], ids: list[int]) -> bool:
    if model._meta.many_to_many or signals.pre_delete.has_listeners(model):
        return False
    if signals.post_delete.has_listeners(model):
        return False
    for relation in model._meta.related_objects:
        if relation.many_to_many:
            return False
        dependants = relation.related_model._base_manager.filter(
            **{f"{relation.field.name}__in": ids}
        )
        if dependants.exists():
            return False
    return True


def champs_fichiers(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _fichiers_noter(model: type[models.Model], ids: list[int]) -> tuple[Counter[int], list[int]]:
    """Write the stored files of the rows to the pending table; count them per bilan."""
    champs = champs_fichiers(model)
    par_bilan: Counter[int] = Counter()
    if not champs:
        return par_bilan, []
    label = model._meta.label_lower
    chemin = _chemin_bilan(model)
    noms = model._default_manager.filter(pk__in=ids).values_list(chemin, *(c.name for c in champs))
    attente = []
    for bilan_id, *valeurs in noms:
        for champ, nom in zip(champs, valeurs, strict=True):
            if nom:
                attente.append(
                    FichierASupprimer(modele=label, champ=champ.name, nom=nom, bilan_id=bilan_id)
                )
                par_bilan[bilan_id] += 1
    crees = FichierASupprimer.objects.bulk_create(attente)
    return par_bilan, [f.pk for f in crees]


def _chemin_bilan(model: type[models.Model]) -> str:
    for entree in retention.registrations():
        if entree.model is model:
            return entree.bilan_path
    raise LookupError(model)


def _permis_creer(model: type[models.Model], bilans: set[int]) -> models.QuerySet | None:
    """Rows protected by delete triggers: the ``<Model>PurgePermit`` of their app, one per
    bilan, for this transaction only (bilan.retention's documented convention)."""
    try:
        permis = apps.get_model(model._meta.app_label, f"{model.__name__}PurgePermit")
    except LookupError:
        return None
    crees = permis.objects.bulk_create([permis(bilan_id=b) for b in sorted(bilans)])
    return permis.objects.filter(pk__in=[p.pk for p in crees])


def _a_des_permissions_generiques(model: type[models.Model]) -> bool:
    """Whether guardian's generic tables hold any row for ``model`` (usually not: the
    platform uses direct foreign keys); checked once per registration and run."""
    from guardian.models import GroupObjectPermission, UserObjectPermission

    ct = ContentType.objects.get_for_model(model)
    return any(
        g.objects.filter(content_type=ct).exists()
        for g in (UserObjectPermission, GroupObjectPermission)
    )


def _permissions_generiques_supprimer(model: type[models.Model], ids: list[int]) -> None:
    """Generic guardian rows have no foreign key to cascade: deleted with their objects."""
    from guardian.models import GroupObjectPermission, UserObjectPermission

    ct = ContentType.objects.get_for_model(model)
    cles = [str(i) for i in ids]
    for generique in (UserObjectPermission, GroupObjectPermission):
        generique.objects.filter(content_type=ct, object_pk__in=cles).delete()


def _consigner(
    *,
    categorie: str,
    label: str,
    par_bilan: Counter[int],
    fichiers: Counter[int],
    motif: str,
) -> None:
    """One destruction record per bilan and category; each batch appends its counts to it
    (the totals are their sums: :meth:`DestructionQuerySet.avec_totaux`)."""
    maintenant = timezone.now()
    bilans = list(par_bilan)
    records = dict(
        Destruction.objects.filter(bilan_id__in=bilans, categorie=categorie).values_list(
            "bilan_id", "pk"
        )
    )
    manquants = [b for b in bilans if b not in records]
    if manquants:
        Bilan = apps.get_model("beneficiaires", "Bilan")
        references = dict(Bilan.objects.filter(pk__in=manquants).values_list("pk", "reference"))
        crees = Destruction.objects.bulk_create(
            [
                Destruction(
                    bilan_id=b,
                    reference=references.get(b, ""),
                    categorie=categorie,
                    motif=motif,
                    premiere=maintenant,
                )
                for b in manquants
            ]
        )
        records.update({d.bilan_id: d.pk for d in crees})
    DestructionLot.objects.bulk_create(
        [
            DestructionLot(
                destruction_id=records[b],
                modele=label,
                lignes=n,
                fichiers=fichiers.get(b, 0),
                at=maintenant,
            )
            for b, n in par_bilan.items()
        ]
    )


def fichiers_en_attente_supprimer(*, ids: list[int] | None = None) -> list[str]:
    """Remove the pending files (all, or ``ids``) from storage; return the failures, which
    stay pending for the next run."""
    erreurs: list[str] = []
    if ids is not None and not ids:
        return erreurs
    attentes = FichierASupprimer.objects.all()
    if ids is not None:
        attentes = attentes.filter(pk__in=ids)
    derniere = 0
    faits: list[int] = []
    while True:
        lot = list(attentes.filter(pk__gt=derniere).order_by("pk")[:LOT])
        if not lot:
            return erreurs
        for attente in lot:
            derniere = attente.pk
            try:
                champ = apps.get_model(attente.modele)._meta.get_field(attente.champ)
                champ.storage.delete(attente.nom)
            except Exception as exc:  # any storage failure: retried next run
                FichierASupprimer.objects.filter(pk=attente.pk).update(
                    tentatives=F("tentatives") + 1, derniere_erreur=type(exc).__name__[:200]
                )
                erreurs.append(f"fichier {attente.nom} : {type(exc).__name__}")
            else:
                faits.append(attente.pk)
        FichierASupprimer.objects.filter(pk__in=faits).delete()
        faits.clear()
