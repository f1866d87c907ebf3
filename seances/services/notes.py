"""The consultant's confidential notes per session (domain.md, Confidentiality)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bilan.audit.services import audit_record
from bilan.comptes.models import User
from bilan.formulaires import TEXTE_LONG_MAX

from ..errors import SeanceError
from ..models import NoteSeance, Seance
from ._commun import bilan_locked_for_consultant


def note_seance_set(
    *, seance: Seance, consultant: User, texte: str, partagee: bool, ip: str | None = None
) -> NoteSeance:
    """Write the session's notes (encrypted at rest) and whether the beneficiary reads them;
    only the bilan's assigned consultant writes them, at most ``TEXTE_LONG_MAX`` characters."""
    texte = (texte or "").strip()
    if not texte:
        raise SeanceError("note_empty", _("La note est vide."))
    if len(texte) > TEXTE_LONG_MAX:
        # The form refuses it too; this guards every other caller (issue 9).
        raise SeanceError(
            "note_too_long",
            _("La note compte au plus %(n)s caractères.")
            % {"n": f"{TEXTE_LONG_MAX:_}".replace("_", "\u00a0")},
        )
    with transaction.atomic():
        bilan_locked_for_consultant(bilan=seance.bilan, consultant=consultant)
        note = NoteSeance.objects.select_for_update().filter(seance=seance).first()
        note = note or NoteSeance(seance=seance)
        note.texte, note.partagee, note.updated_at = texte, partagee, timezone.now()
        note.save()
        audit_record(event="seance_note.saved", actor=consultant, target=note, ip=ip)
    return note
