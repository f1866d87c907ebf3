"""One-time codes for signatures: issue, consume, purge (domain.md, Attendance).

Six digits drawn with :mod:`secrets`, valid 10 minutes, single use, at most 5 tries, bound
to the user, the purpose and the SHA-256 of the row to be signed. Issuance is capped per
user and purpose (3 codes per 10 minutes, 10 per day): asking again for a fresh code must
not give the 5 tries back without end. Any app that signs
(attendance, synthèse) uses these functions and maps :class:`SignatureError` to its own
error type, keeping the code.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bilan.comptes.models import User

from .errors import SignatureError
from .models import CODE_ESSAIS_MAX, CodeUnique

CODE_VALIDITE = timedelta(minutes=10)
CODE_CHIFFRES = 6
# Codes are only useful for 10 minutes; their rows go after a day (the purge job).
CODE_CONSERVATION = timedelta(days=1)
# At most this many codes per user and purpose in each window (rolling).
CODE_PLAFONDS = ((3, timedelta(minutes=10)), (10, timedelta(days=1)))


def code_issue(*, user: User, objet: str, empreinte: str) -> CodeUnique:
    """Issue a new code for ``user`` to sign the row whose digest is ``empreinte``.

    Every earlier live code of the same user and purpose is invalidated in the same
    transaction: asking again (a lost e-mail) leaves exactly one usable code. Refused,
    nothing changed, past :data:`CODE_PLAFONDS` (3 codes per 10 minutes, 10 per day): the
    5 tries of a code are not renewed at will (domain.md, Attendance: one-time code).
    """
    now = timezone.now()
    with transaction.atomic():
        # The user's row serialises the requests of one signer (portable lock).
        User.objects.select_for_update().filter(pk=user.pk).first()
        _check_plafonds(user=user, objet=objet, now=now)
        CodeUnique.objects.select_for_update().filter(
            user=user, objet=objet, used_at__isnull=True, invalidated_at__isnull=True
        ).update(invalidated_at=now, code="")
        return CodeUnique.objects.create(
            user=user,
            objet=objet,
            empreinte=empreinte,
            code=f"{secrets.randbelow(10**CODE_CHIFFRES):0{CODE_CHIFFRES}d}",
            created_at=now,
            expires_at=now + CODE_VALIDITE,
        )


def code_consume(*, user: User, objet: str, empreinte: str, code: str) -> CodeUnique:
    """Use ``user``'s current code for ``objet`` on the row ``empreinte``, or refuse.

    Refused: no code, a used, expired or exhausted code, a code issued for another row, a
    wrong code (which spends one of the 5 tries). The row is locked, so of concurrent
    requests with the right code exactly one succeeds. A spent try is committed (or its
    savepoint kept) before the refusal is raised: it is not rolled back with the caller.
    """
    now = timezone.now()
    with transaction.atomic():
        row = (
            CodeUnique.objects.select_for_update()
            .filter(user=user, objet=objet, invalidated_at__isnull=True)
            .order_by("-created_at", "-pk")
            .first()
        )
        refus = _refus(row, empreinte=empreinte, code=code, now=now)
        if row is not None and refus is None:
            row.used_at, row.code = now, ""
            row.save(update_fields=["used_at", "code"])
        elif row is not None and refus.code == "code_wrong":
            row.essais += 1
            row.save(update_fields=["essais"])
    if refus is not None:
        raise refus
    assert row is not None
    return row


def _check_plafonds(*, user: User, objet: str, now) -> None:
    for plafond, fenetre in CODE_PLAFONDS:
        emis = list(
            CodeUnique.objects.filter(user=user, objet=objet, created_at__gt=now - fenetre)
            .order_by("-created_at", "-pk")
            .values_list("created_at", flat=True)[:plafond]
        )
        if len(emis) < plafond:
            continue
        # The oldest of the last ``plafond`` codes leaves the window at ``reprise``, shown
        # rounded up to the minute (never a time at which the request is still refused).
        reprise = timezone.localtime(emis[-1] + fenetre)
        if reprise.second or reprise.microsecond:
            reprise = reprise.replace(second=0, microsecond=0) + timedelta(minutes=1)
        if reprise.date() == timezone.localtime(now).date():
            message = _("Trop de codes demandés : réessayez à partir de %(heure)s.") % {
                "heure": f"{reprise:%H:%M}"
            }
        else:
            message = _("Trop de codes demandés : réessayez à partir du %(date)s à %(heure)s.") % {
                "date": f"{reprise:%d/%m/%Y}",
                "heure": f"{reprise:%H:%M}",
            }
        raise SignatureError("code_too_many", message)


def codes_purge_expired() -> int:
    """Delete the code rows past their use (beat job; safe to run twice)."""
    deleted, _unused = CodeUnique.objects.filter(
        created_at__lt=timezone.now() - CODE_CONSERVATION
    ).delete()
    return deleted


def _refus(row: CodeUnique | None, *, empreinte: str, code: str, now) -> SignatureError | None:
    if row is None:
        return SignatureError("code_missing", _("Aucun code n'a été demandé : demandez un code."))
    if row.used_at is not None:
        return SignatureError(
            "code_used", _("Ce code a déjà été utilisé : demandez un nouveau code.")
        )
    if row.essais >= CODE_ESSAIS_MAX:
        return SignatureError(
            "code_tries_exhausted",
            _("Trop d'essais : ce code est bloqué, demandez un nouveau code."),
        )
    if row.expires_at <= now:
        return SignatureError(
            "code_expired", _("Ce code a expiré (10 minutes) : demandez un nouveau code.")
        )
    if row.empreinte != empreinte:
        return SignatureError(
            "code_other_row",
            _("Ce code a été émis pour une autre signature : demandez un code pour celle-ci."),
        )
    if not hmac.compare_digest(row.code.encode(), (code or "").strip().encode()):
        left = CODE_ESSAIS_MAX - row.essais - 1
        if left == 0:
            return SignatureError(
                "code_wrong",
                _("Code incorrect. C'était le dernier essai : demandez un nouveau code."),
            )
        return SignatureError(
            "code_wrong",
            _("Code incorrect. Il vous reste %(n)s essai(s).") % {"n": left},
        )
    return None
