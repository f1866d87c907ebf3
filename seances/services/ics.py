"""iCalendar: a consultant's private feed (token stored hashed, revocable) and one `.ics`
per session; nothing of the bilan's content, only "Séance de bilan", times and place or
link (domain.md, Confidentiality)."""

from __future__ import annotations

import datetime
import hashlib
import secrets
import unicodedata
from collections.abc import Iterable
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bilan.audit.services import audit_record
from bilan.comptes.models import User

from ..errors import SeanceError
from ..models import FluxAgenda, Modalite, Seance, StatutSeance

# How far back the feed goes: calendars keep older events themselves.
FLUX_HISTORIQUE = datetime.timedelta(days=90)


def flux_create(*, consultant: User, ip: str | None = None) -> str:
    """Give the consultant a new feed token (shown once; only its SHA-256 is kept); the
    previous feed stops working."""
    if not consultant.is_consultant:
        raise SeanceError("consultant_only", _("Seul un consultant a un agenda de séances."))
    jeton = secrets.token_urlsafe(32)
    with transaction.atomic():
        _revoke(consultant)
        flux = FluxAgenda.objects.create(consultant=consultant, jeton_hash=_hash(jeton))
        audit_record(event="flux_agenda.created", actor=consultant, target=flux, ip=ip)
    return jeton


def flux_revoke(*, consultant: User, ip: str | None = None) -> int:
    """Revoke the consultant's feed: its address answers no more."""
    with transaction.atomic():
        count = _revoke(consultant)
        audit_record(
            event="flux_agenda.revoked",
            actor=consultant,
            target=("comptes.user", consultant.pk),
            ip=ip,
        )
    return count


def flux_consultant(*, jeton: str) -> User:
    """The consultant whose live feed ``jeton`` opens, or a refusal."""
    flux = (
        FluxAgenda.objects.select_related("consultant")
        .filter(jeton_hash=_hash(jeton or ""))
        .first()
    )
    if flux is None:
        raise SeanceError("flux_unknown", _("Ce lien d'agenda n'existe pas."))
    if flux.revoked_at is not None or not flux.consultant.is_active:
        raise SeanceError(
            "flux_revoked",
            _("Ce lien d'agenda a été révoqué : créez-en un nouveau depuis votre agenda."),
        )
    return flux.consultant


def ics_flux(*, jeton: str) -> str:
    """The consultant's calendar: their scheduled sessions (and recent cancellations), of
    the bilans still theirs (domain.md, Confidentiality: a change of consultant moves the
    access)."""
    consultant = flux_consultant(jeton=jeton)
    depuis = timezone.localdate() - FLUX_HISTORIQUE
    seances = Seance.objects.filter(
        consultant=consultant,
        bilan__consultant=consultant,
        statut__in=[StatutSeance.PLANIFIEE, StatutSeance.ANNULEE],
        date__gte=depuis,
    ).order_by("date", "debut")
    return _calendrier(seances)


def ics_seance(*, seance: Seance) -> str:
    """One session as an ``.ics`` (the caller has loaded it through a scoped selector)."""
    if seance.date is None:
        raise SeanceError("seance_not_scheduled", _("Cette séance n'est pas encore planifiée."))
    return _calendrier([seance])


def _revoke(consultant: User) -> int:
    return FluxAgenda.objects.filter(consultant=consultant, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def _hash(jeton: str) -> str:
    return hashlib.sha256(jeton.encode()).hexdigest()


def _calendrier(seances: Iterable[Seance]) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{_echappe(settings.ORGANISATION_NOM)}//Seances//FR",
        "CALSCALE:GREGORIAN",
    ]
    for seance in seances:
        lines.extend(_evenement(seance))
    lines.append("END:VCALENDAR")
    return "".join(_plie(line) + "\r\n" for line in lines)


def _evenement(seance: Seance) -> list[str]:
    host = urlsplit(settings.BILAN_BASE_URL).hostname or "bilan.localhost"
    debut = timezone.make_aware(datetime.datetime.combine(seance.date, seance.debut))
    fin = timezone.make_aware(datetime.datetime.combine(seance.date, seance.fin))
    lines = [
        "BEGIN:VEVENT",
        f"UID:seance-{seance.pk}@{host}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(debut)}",
        f"DTEND:{_utc(fin)}",
        f"SUMMARY:{_echappe(_('Séance de bilan'))}",
    ]
    if seance.modalite in (Modalite.PRESENTIEL, Modalite.MIXTE) and seance.lieu:
        lines.append(f"LOCATION:{_echappe(seance.lieu)}")
    if seance.modalite in (Modalite.DISTANCIEL, Modalite.MIXTE) and seance.lien_visio:
        lines.append(f"URL:{_uri(seance.lien_visio)}")
        if seance.modalite == Modalite.DISTANCIEL:
            lines.append(f"LOCATION:{_echappe(seance.lien_visio)}")
    annulee = seance.statut == StatutSeance.ANNULEE
    lines.append("STATUS:CANCELLED" if annulee else "STATUS:CONFIRMED")
    lines.append("END:VEVENT")
    return lines


def _utc(at: datetime.datetime) -> str:
    return at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _echappe(text: str) -> str:
    """RFC 5545, 3.3.11: backslash, semicolon, comma and newline (CRLF, LF or a lone CR)
    are escaped; any other control character is dropped, as TEXT allows none but HTAB."""
    text = str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return "".join(c for c in text if c == "\t" or not unicodedata.category(c).startswith("C"))


def _uri(url: str) -> str:
    """RFC 5545, 3.3.13 (URI): no escaping in a URI value, so whitespace and control
    characters are percent-encoded (a link recorded before they were refused cannot break
    out of its line)."""
    return "".join(
        quote(c, safe="") if c.isspace() or unicodedata.category(c).startswith("C") else c
        for c in url
    )


def _plie(line: str) -> str:
    """RFC 5545, 3.1: lines longer than 75 octets are folded (CRLF + space)."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)
