"""The beneficiary's data export (RGPD art. 15 and 20; domain.md: "the beneficiary can
download all their data (machine-readable plus PDFs)").

A ZIP holding ``donnees.json`` (their account, profile and bilans, and every row the registry
knows for those bilans, decrypted: it is their data) and the files of those rows (their
sealed PDFs). Built by a Celery task, stored encrypted with the content keys, downloadable
once through a link whose token only the beneficiary sees (only its SHA-256 is stored), and
deleted after the download or at expiry.
"""

from __future__ import annotations

import io
import json
import secrets
import zipfile
from pathlib import PurePosixPath
from typing import Any

from cryptography.fernet import InvalidToken
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bilan import crypto, retention
from bilan.audit.services import audit_record
from bilan.comptes.models import User
from bilan.jetons import token_hash

from ..echeances import lignes
from ..errors import ConservationError
from ..models import DemandeDroit, ExportDonnees, TypeDemande

CHAMPS_COMPTE_EXCLUS = {"password"}


def jeton_hash(jeton: str) -> str:
    return token_hash(jeton)


@transaction.atomic
def export_demander(*, personne: User, ip: str | None = None) -> tuple[ExportDonnees, str]:
    """Register a portability request and start building the ZIP; return the raw token
    (shown once, to its owner)."""
    from ..tasks import export_preparer_task

    if not personne.is_beneficiaire:
        raise ConservationError(
            "export_reserve", _("L'export de données est réservé aux personnes accompagnées.")
        )
    if ExportDonnees.objects.filter(
        personne=personne, statut=ExportDonnees.Statut.EN_PREPARATION
    ).exists():
        raise ConservationError("export_en_cours", _("Un export est déjà en préparation."))
    aujourdhui = timezone.localdate()
    from .droits import ajouter_mois

    demande = DemandeDroit.objects.create(
        personne=personne,
        type=TypeDemande.PORTABILITE,
        recue_le=aujourdhui,
        echeance=ajouter_mois(aujourdhui, 1),
        enregistree_par_id=personne.pk,
    )
    jeton = secrets.token_urlsafe(32)
    export = ExportDonnees.objects.create(
        personne=personne,
        demande=demande,
        jeton_hash=jeton_hash(jeton),
        expire_le=timezone.now() + ExportDonnees.duree(),
    )
    audit_record(event="rgpd.export_demande", actor=personne, target=export, ip=ip)
    transaction.on_commit(lambda: export_preparer_task.delay(export_id=export.pk))
    return export, jeton


def export_preparer(*, export_id: int) -> ExportDonnees:
    """Build, encrypt and store the ZIP; answer the request (safe to run twice)."""
    export = ExportDonnees.objects.select_related("personne").get(pk=export_id)
    if export.statut != ExportDonnees.Statut.EN_PREPARATION:
        return export
    try:
        contenu = crypto._fernet().encrypt(archive(personne=export.personne))
    except Exception:
        # Shown to the beneficiary, who may ask again; the cause goes to the logs.
        ExportDonnees.objects.filter(pk=export_id).update(statut=ExportDonnees.Statut.ERREUR)
        raise
    with transaction.atomic():
        export = ExportDonnees.objects.select_for_update().get(pk=export_id)
        if export.statut != ExportDonnees.Statut.EN_PREPARATION:
            return export
        export.fichier.save("export.zip.chiffre", ContentFile(contenu), save=False)
        export.statut = ExportDonnees.Statut.PRET
        export.pret_le = timezone.now()
        export.save(update_fields=["fichier", "statut", "pret_le"])
        if export.demande_id:
            DemandeDroit.objects.filter(pk=export.demande_id).update(
                repondue_le=timezone.localdate(), issue=DemandeDroit.Issue.SATISFAITE
            )
        audit_record(event="rgpd.export_pret", target=export)
    return export


def export_etat(*, personne: User, jeton: str) -> ExportDonnees:
    """The owner's export behind ``jeton`` (another person's token: unknown)."""
    export = ExportDonnees.objects.filter(personne=personne, jeton_hash=jeton_hash(jeton)).first()
    if export is None:
        raise ConservationError("lien_inconnu", _("Ce lien de téléchargement n'existe pas."))
    return export


@transaction.atomic
def export_telecharger(*, personne: User, jeton: str, ip: str | None = None) -> bytes:
    """Hand over the ZIP once, then delete it (single-use link that expires)."""
    export = export_etat(personne=personne, jeton=jeton)
    export = ExportDonnees.objects.select_for_update().get(pk=export.pk)
    statut = export.statut
    if statut == ExportDonnees.Statut.TELECHARGE:
        raise ConservationError(
            "lien_utilise", _("Ce lien a déjà servi : demandez un nouvel export de vos données.")
        )
    if statut == ExportDonnees.Statut.EXPIRE or export.expire_le <= timezone.now():
        raise ConservationError(
            "lien_expire", _("Ce lien a expiré : demandez un nouvel export de vos données.")
        )
    if statut != ExportDonnees.Statut.PRET:
        raise ConservationError("en_preparation", _("Votre export est encore en préparation."))
    with export.fichier.open("rb") as fh:
        contenu = crypto._fernet().decrypt(fh.read())
    nom = export.fichier.name
    export.fichier = ""
    export.statut = ExportDonnees.Statut.TELECHARGE
    export.telecharge_le = timezone.now()
    export.save(update_fields=["fichier", "statut", "telecharge_le"])
    audit_record(event="rgpd.export_telecharge", actor=personne, target=export, ip=ip)
    stockage = ExportDonnees._meta.get_field("fichier").storage
    transaction.on_commit(lambda: stockage.delete(nom))
    return contenu


def exports_expirer() -> list[str]:
    """Delete the ZIPs of expired links (daily, with the purge); return storage failures."""
    erreurs = []
    perimes = ExportDonnees.objects.filter(
        statut__in=[ExportDonnees.Statut.PRET, ExportDonnees.Statut.EN_PREPARATION],
        expire_le__lte=timezone.now(),
    )
    for export in perimes:
        try:
            if export.fichier:
                export.fichier.delete(save=False)
        except Exception as exc:  # retried by the next run
            erreurs.append(f"export {export.pk} : {type(exc).__name__}")
            continue
        export.statut = ExportDonnees.Statut.EXPIRE
        export.save(update_fields=["fichier", "statut"])
    return erreurs


# --- The archive ---------------------------------------------------------------------------


def _ligne(obj: models.Model, exclus: frozenset[str] | set[str] = frozenset()) -> dict[str, Any]:
    valeurs: dict[str, Any] = {}
    for champ in obj._meta.concrete_fields:
        if champ.name in exclus:
            continue
        valeur = champ.value_from_object(obj)
        if isinstance(champ, models.FileField):
            valeur = valeur.name or ""
        valeurs[champ.attname] = valeur
    return valeurs


def _dechiffrer(octets: bytes) -> bytes:
    """Files a feature stored encrypted are given back in clear; others as they are."""
    try:
        return crypto._fernet().decrypt(octets)
    except (InvalidToken, TypeError, ValueError):
        return octets


def donnees(*, personne: User) -> tuple[dict[str, Any], list[tuple[str, models.FieldFile]]]:
    """Every row about ``personne``, and the files of those rows."""
    Bilan = apps.get_model("beneficiaires", "Bilan")
    bilans = Bilan.objects.filter(beneficiaire__user=personne).order_by("pk")
    profil = getattr(personne, "beneficiaire", None)
    resultat: dict[str, Any] = {
        "compte": _ligne(personne, CHAMPS_COMPTE_EXCLUS),
        "profil": _ligne(profil) if profil is not None else None,
        "bilans": [_ligne(b) for b in bilans],
        "demandes": [_ligne(d) for d in DemandeDroit.objects.filter(personne=personne)],
        "donnees": {},
    }
    fichiers: list[tuple[str, models.FieldFile]] = []
    vus: set[tuple[str, int]] = set()
    for entree in retention.registrations():
        label = entree.model._meta.label_lower
        regle = retention.regle_export(entree.model)
        if regle.exclu:
            continue
        qs = lignes(entree).filter(**{f"{entree.bilan_path}__in": bilans.values("pk")})
        if regle.filtre is not None:
            qs = qs.filter(regle.filtre)
        for obj in qs.order_by("pk"):
            if (label, obj.pk) in vus:
                continue
            vus.add((label, obj.pk))
            resultat["donnees"].setdefault(label, []).append(_ligne(obj, regle.champs_exclus))
            for champ in entree.model._meta.concrete_fields:
                if isinstance(champ, models.FileField) and getattr(obj, champ.name):
                    fichier = getattr(obj, champ.name)
                    nom = PurePosixPath(fichier.name).name
                    fichiers.append((f"documents/{label}/{obj.pk}-{nom}", fichier))
    return resultat, fichiers


def archive(*, personne: User) -> bytes:
    """The ZIP: ``donnees.json`` and ``documents/``."""
    resultat, fichiers = donnees(personne=personne)
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "donnees.json",
            json.dumps(resultat, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
        for chemin, fichier in fichiers:
            with fichier.open("rb") as fh:
                zf.writestr(chemin, _dechiffrer(fh.read()))
    return tampon.getvalue()
