"""Writes on the working documents: upload, download (audited), hand-over, deletion, the
consultant's change and the purge (issue 11, point 6; domain.md, Confidentiality and data).

Who may see what (decided here, said in the README):

- the assigned consultant sees every document of the bilan;
- the beneficiary sees what they uploaded themselves, and the consultant's documents once
  handed over (one by one with :func:`document_remettre`, or all at once by the
  investigation results' one-click hand-over, :func:`documents_remettre`, registered with
  :mod:`seances.outils.remise`). Until then a consultant's upload is private to the
  consultant: a publisher's test report is given after its restitution, not before.

Files: the bytes are encrypted with the content keys before they are stored, under a
random name; a file is removed from the storage when its row is deleted, once the deletion
has committed (never before: a rolled-back deletion keeps its file).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaires.models import Bilan, Etat
from bilan import crypto
from bilan.audit.services import audit_record
from bilan.comptes.models import User
from bilan.permissions import content_grant, content_revoke
from seances.models import TravailPersonnel

from .errors import DocumentError
from .formats import format_detecte
from .models import Depositaire, Document, TypeDocument, chemin_aleatoire

logger = logging.getLogger(__name__)
VIEW = ("view_document",)
# Documents are made while the bilan runs; once the action has ended they are destroyed
# (R6313-7), so nothing new arrives.
ETATS_DEPOT = frozenset({Etat.ENGAGEMENT, Etat.EN_COURS, Etat.CONCLUSION})
TITRE_MAX = 200


def _storage() -> Storage:
    return Document._meta.get_field("fichier").storage


# The content keys of bilan.crypto (CONTENT_ENCRYPTION_KEYS: the first encrypts, all
# decrypt), over the whole file: Fernet authenticates it too. bilan.crypto offers text
# helpers only; these two are the bytes' counterpart, kept here until it has its own.
def _chiffrer(contenu: bytes) -> bytes:
    return crypto.encrypt_bytes(contenu)


def _dechiffrer(jeton: bytes) -> bytes:
    return crypto.decrypt_bytes(jeton)


def taille_max() -> int:
    return int(settings.DOCUMENTS_TAILLE_MAX)


def taille_lisible(octets: int) -> str:
    """``10485760`` → ``"10 Mo"``; ``52428800`` → ``"50 Mo"``."""
    mo = octets / (1024 * 1024)
    return f"{mo:.0f} Mo" if mo >= 1 else f"{max(1, round(octets / 1024))} Ko"


def erreur_trop_volumineux(taille: int | None = None) -> DocumentError:
    message = _("Le fichier dépasse la taille maximale de %(max)s.") % {
        "max": taille_lisible(taille_max())
    }
    if taille:
        message += " " + _("Le vôtre fait environ %(t)s.") % {"t": taille_lisible(taille)}
    return DocumentError("trop_volumineux", message)


def _depositaire(bilan: Bilan, user: User) -> str:
    if bilan.consultant_id is not None and user.pk == bilan.consultant_id and user.is_consultant:
        return Depositaire.CONSULTANT
    if user.pk == bilan.beneficiaire.user_id and user.is_beneficiaire:
        return Depositaire.BENEFICIAIRE
    raise DocumentError(
        "not_allowed",
        _("Seuls le bénéficiaire et son consultant déposent des documents dans ce bilan."),
    )


def document_deposer(
    *,
    bilan: Bilan,
    auteur: User,
    contenu: bytes,
    nom: str,
    titre: str,
    type: str,
    commentaire: str = "",
    travail: TravailPersonnel | None = None,
    ip: str | None = None,
) -> Document:
    """Store a working document, encrypted, for the bilan's beneficiary and consultant
    (issue 11, point 6: type checked by content, size limited, encrypted at rest; L6313-4:
    content for the two of them only). A refusal stores nothing: no row, no file."""
    titre = (titre or "").strip()
    if not titre:
        raise DocumentError("titre_required", _("Donnez un titre au document."))
    if len(titre) > TITRE_MAX:
        raise DocumentError("titre_long", _("Le titre ne doit pas dépasser 200 caractères."))
    if type not in TypeDocument.values:
        raise DocumentError("type_invalid", _("Choisissez le type du document."))
    if len(contenu) > taille_max():
        raise erreur_trop_volumineux(len(contenu))
    fmt = format_detecte(contenu)
    with transaction.atomic():
        locked = Bilan.objects.select_for_update().select_related("beneficiaire").get(pk=bilan.pk)
        role = _depositaire(locked, auteur)
        if locked.etat not in ETATS_DEPOT:
            raise DocumentError(
                "bilan_not_running",
                _("Des documents ne se déposent que pendant le bilan (engagement à conclusion)."),
            )
        if travail is not None and travail.bilan_id != locked.pk:
            raise DocumentError("travail_other_bilan", _("Ce travail personnel n'existe pas."))
        nom_stocke = _stocker(_chiffrer(contenu))
        try:
            document = Document.objects.create(
                bilan=locked,
                type=type,
                titre=titre,
                commentaire=(commentaire or "").strip(),
                travail=travail,
                fichier=nom_stocke,
                nom_original=(nom or "")[:255],
                format=fmt.code,
                taille=len(contenu),
                empreinte=hashlib.sha256(contenu).hexdigest(),
                depose_par=auteur,
                depose_par_role=role,
            )
            if locked.consultant is not None:
                content_grant(user=locked.consultant, obj=document, perms=VIEW)
            if role == Depositaire.BENEFICIAIRE:
                content_grant(user=auteur, obj=document, perms=VIEW)
            audit_record(event="document.depose", actor=auteur, target=document, ip=ip)
        except BaseException:
            _storage().delete(nom_stocke)
            raise
    return document


def _stocker(jeton: bytes) -> str:
    """Write the encrypted file; a full or read-only disk leaves nothing half-written."""
    storage, nom = _storage(), chemin_aleatoire(None, "")
    try:
        return storage.save(nom, ContentFile(jeton))
    except OSError as exc:
        logger.error("documents : stockage impossible (%s)", exc.__class__.__name__)
        try:
            storage.delete(nom)
        except OSError:
            logger.error("documents : fichier partiel non effacé")
        raise DocumentError(
            "stockage",
            _(
                "Le document n'a pas pu être enregistré : l'espace de stockage est "
                "indisponible. Réessayez plus tard ; rien n'a été conservé."
            ),
        ) from exc


def document_lire(*, document: Document, lecteur: User, ip: str | None = None) -> bytes:
    """The plaintext of a document the caller may read (loaded through
    :func:`~.selectors.documents_visible_to`), its SHA-256 checked; audited as
    ``document.telecharge`` (domain.md, Audit log: reads are logged)."""
    try:
        with _storage().open(document.fichier.name, "rb") as fh:
            jeton = fh.read()
    except (FileNotFoundError, OSError) as exc:
        raise DocumentError(
            "fichier_absent",
            _(
                "Le fichier de ce document est introuvable sur le serveur. Prévenez votre "
                "consultant ou l'organisme : il devra être déposé à nouveau."
            ),
        ) from exc
    try:
        contenu = _dechiffrer(jeton)
    except InvalidToken as exc:
        raise _altere() from exc
    if hashlib.sha256(contenu).hexdigest() != document.empreinte:
        raise _altere()
    audit_record(event="document.telecharge", actor=lecteur, target=document, ip=ip)
    return contenu


def _altere() -> DocumentError:
    return DocumentError(
        "fichier_altere",
        _("Le fichier de ce document a été altéré : il n'est pas remis. Prévenez l'organisme."),
    )


def document_remettre(*, document: Document, consultant: User, ip: str | None = None) -> Document:
    """Hand one of the consultant's documents over to the beneficiary (seed 003, Méthodes:
    every result of the investigation is handed to the beneficiary)."""
    with transaction.atomic():
        locked = (
            Document.objects.select_for_update(of=("self",))
            .select_related("bilan__beneficiaire__user")
            .get(pk=document.pk)
        )
        if locked.bilan.consultant_id != consultant.pk:
            raise DocumentError(
                "not_assigned", _("Vous n'êtes pas le consultant chargé de ce bilan.")
            )
        if locked.visible_beneficiaire:
            raise DocumentError("deja_remis", _("Le bénéficiaire voit déjà ce document."))
        _remettre(locked)
        audit_record(event="document.remis", actor=consultant, target=locked, ip=ip)
    return locked


def _remettre(document: Document) -> None:
    document.remis_le = timezone.now()
    document.save(update_fields=["remis_le"])
    content_grant(user=document.bilan.beneficiaire.user, obj=document, perms=VIEW)


def documents_remettre(bilan: Bilan, user: User) -> int:
    """The documents' part of the one-click hand-over (:mod:`seances.outils.remise`): every
    consultant's document not yet handed over becomes the beneficiary's to read; returns
    how many. Runs inside the hand-over's transaction."""
    a_remettre = (
        Document.objects.select_for_update(of=("self",))
        .filter(bilan_id=bilan.pk, depose_par_role=Depositaire.CONSULTANT, remis_le__isnull=True)
        .select_related("bilan__beneficiaire__user")
    )
    count = 0
    with transaction.atomic():
        for document in a_remettre:
            _remettre(document)
            audit_record(event="document.remis", actor=user, target=document)
            count += 1
    return count


def document_supprimer(*, document: Document, acteur: User, ip: str | None = None) -> None:
    """Delete a document and its file: by whoever uploaded it, or by the assigned consultant
    (issue 11, point 6). The file leaves the storage once the deletion has committed."""
    with transaction.atomic():
        locked = (
            Document.objects.select_for_update(of=("self",))
            .select_related("bilan")
            .get(pk=document.pk)
        )
        consultant = locked.bilan.consultant_id == acteur.pk and acteur.is_consultant
        if not consultant and locked.depose_par_id != acteur.pk:
            raise DocumentError(
                "not_uploader",
                _("Seuls la personne qui a déposé ce document et le consultant le suppriment."),
            )
        audit_record(event="document.supprime", actor=acteur, target=locked, ip=ip)
        _supprimer([locked])


def _supprimer(documents: Iterable[Document]) -> int:
    """Delete the rows (their permissions cascade) and, on commit, their files."""
    storage, noms, count = _storage(), [], 0
    for document in documents:
        noms.append(document.fichier.name)
        document.delete()
        count += 1

    def effacer() -> None:
        for nom in noms:
            storage.delete(nom)  # a missing file is no error: the purge may run twice

    transaction.on_commit(effacer)
    return count


def documents_purger(*, bilan: Bilan) -> int:
    """Destroy every working document of the bilan, rows and files (R6313-7, domain.md:
    destruction removes the files as well as the rows). Idempotent; returns how many rows
    went. The retention engine may call it, or delete the registered rows itself: it
    deletes every ``FileField`` with its row (:func:`bilan.retention.register`)."""
    with transaction.atomic():
        documents = list(Document.objects.select_for_update().filter(bilan_id=bilan.pk))
        count = _supprimer(documents)
        if count:
            audit_record(event="documents.purges", target=bilan)
    return count


def documents_consultant_change(*, bilan: Bilan, ancien: User | None, nouveau: User) -> None:
    """The bilan's documents move with it to its new consultant (domain.md,
    Confidentiality: "a change of consultant moves the access"); called inside the
    reassignment's transaction (:func:`beneficiaires.services.register_consultant_change`)."""
    for document in Document.objects.filter(bilan_id=bilan.pk):
        if ancien is not None:
            content_revoke(user=ancien, obj=document, perms=VIEW)
        content_grant(user=nouveau, obj=document, perms=VIEW)


def documents_rotate_keys() -> int:
    """Re-encrypt every stored file with the first content key, as ``manage.py
    rotate_content_keys`` does for the encrypted columns (bilan.crypto: the old key goes
    only once nothing needs it). Each file is rewritten under a new random name, the row
    then points to it and the old file goes on commit. Returns how many files."""
    storage, count = _storage(), 0
    for pk in Document.objects.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            document = Document.objects.select_for_update().filter(pk=pk).first()
            if document is None:
                continue
            ancien = document.fichier.name
            with storage.open(ancien, "rb") as fh:
                jeton = crypto.rotate_bytes(fh.read())
            document.fichier = storage.save(chemin_aleatoire(document, ""), ContentFile(jeton))
            document.save(update_fields=["fichier"])
            transaction.on_commit(lambda nom=ancien: storage.delete(nom))
            count += 1
    return count
