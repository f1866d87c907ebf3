"""Published tests' restitutions (issue 11, point 5; seed 004, séances 2-5: MBTI, NEO PI-R,
« restitution des résultats du/des test(s) »): the test is not reproduced here; the
consultant records its name, the date and the restitution notes (encrypted), and may point
to the publisher's report kept in the working documents."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaires.models import Bilan
from bilan.audit.services import audit_record
from bilan.comptes.models import User

from ..errors import QuestionnaireError
from ..models import Restitution
from ._commun import bilan_locked, check_actif, check_consultant, grant_both

PERM = "view_restitution"


def restitution_enregistrer(
    *,
    bilan: Bilan,
    consultant: User,
    restitution: Restitution | None = None,
    test_nom: str,
    date: datetime.date,
    notes: str,
    document_reference: str = "",
    ip: str | None = None,
) -> Restitution:
    """Record (or correct) a test's restitution; the assigned consultant only, while the
    bilan runs; the date is not in the future."""
    test_nom, notes = (test_nom or "").strip(), (notes or "").strip()
    if not test_nom:
        raise QuestionnaireError("test_requis", _("Indiquez le nom du test."))
    if not notes:
        raise QuestionnaireError("notes_requises", _("Rédigez les notes de restitution."))
    if date > timezone.localdate():
        raise QuestionnaireError(
            "date_future", _("La date de restitution ne peut pas être dans le futur.")
        )
    with transaction.atomic():
        locked = bilan_locked(bilan=bilan)
        check_consultant(locked, consultant)
        check_actif(locked)
        creation = restitution is None
        if restitution is None:
            restitution = Restitution(bilan=locked)
        elif restitution.bilan_id != locked.pk:
            raise QuestionnaireError("autre_bilan", _("Cette restitution est d'un autre bilan."))
        restitution.test_nom, restitution.date, restitution.notes = test_nom, date, notes
        restitution.document_reference = (document_reference or "").strip()[:100]
        restitution.updated_at = timezone.now()
        restitution.save()
        if creation:
            grant_both(bilan=locked, obj=restitution, perm=PERM)
        audit_record(event="restitution.saved", actor=consultant, target=restitution, ip=ip)
    return restitution
