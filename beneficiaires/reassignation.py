"""Telling the people concerned that a bilan changed consultant (domain.md, Confidentiality:
"a change of consultant moves the access").

An administrator may reassign a bilan to any active consultant, including an account they
created themselves: that cannot be forbidden, so it is made visible to the person whose
content it is. After the reassignment commits, the beneficiary learns who now reads her
bilan, since when and by whose decision; the previous consultant learns the access is gone.
The mails hold names and a date only, never the bilan's content.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bilan.comptes.models import User

from .models import Bilan


def consultant_change_notify(*, bilan: Bilan, ancien: User | None, nouveau: User) -> None:
    """Enqueue the two mails once the reassignment commits; nothing on a first assignment
    (``ancien`` is ``None``), nothing when the transaction is rolled back."""
    if ancien is None:
        return
    from .tasks import consultant_change_mails_task

    kwargs = {
        "bilan_id": bilan.pk,
        "ancien_id": ancien.pk,
        "nouveau_id": nouveau.pk,
        "le": timezone.now().isoformat(),
    }
    transaction.on_commit(lambda: consultant_change_mails_task.delay(**kwargs))


def consultant_change_mails_send(*, bilan_id: int, ancien_id: int, nouveau_id: int, le: str) -> int:
    """Send the beneficiary's and the previous consultant's mails; returns how many went.

    Every change is told, even one undone since (a bilan moved to an account and back must
    still be seen by its beneficiary), so the mails do not depend on the current consultant.
    """
    bilan = Bilan.objects.select_related("beneficiaire__user").filter(pk=bilan_id).first()
    users = User.objects.in_bulk([ancien_id, nouveau_id])
    ancien, nouveau = users.get(ancien_id), users.get(nouveau_id)
    if bilan is None or ancien is None or nouveau is None:
        return 0
    beneficiaire = bilan.beneficiaire.user
    context = {
        "reference": bilan.reference,
        "beneficiaire": beneficiaire,
        "ancien": ancien,
        "nouveau": nouveau,
        "le": timezone.localtime(datetime.datetime.fromisoformat(le)),
        "organisation": settings.ORGANISATION_NOM,
        "lien_portail": settings.BILAN_BASE_URL.rstrip("/") + reverse("portail:accueil"),
    }
    sujet = f"[{settings.ORGANISATION_NOM}] "
    envoyes = 0
    for gabarit, titre, destinataire in (
        (
            "consultant_change_beneficiaire",
            _("Votre bilan de compétences change de consultant"),
            beneficiaire,
        ),
        (
            "consultant_change_ancien",
            _("Un bilan ne vous est plus confié"),
            ancien,
        ),
    ):
        if not destinataire.email:
            continue
        send_mail(
            subject=sujet + titre,
            message=render_to_string(f"beneficiaires/email/{gabarit}.txt", context),
            html_message=render_to_string(f"beneficiaires/email/{gabarit}.html", context),
            from_email=None,
            recipient_list=[destinataire.email],
        )
        envoyes += 1
    return envoyes
