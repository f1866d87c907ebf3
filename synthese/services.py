"""Every write of the synthèse (domain.md, point 7; seed 004, Document de synthèse).

brouillon (the consultant writes) → soumise (the beneficiary reads it in the portal) →
observée (their observations go back to the consultant, who revises and submits again or
finalises) → finale (the text is fixed, its SHA-256 computed) → both sign with a one-time
code bound to that digest → remise: the sealed PDF is produced and offered to the
beneficiary alone. Any change after the first signature is refused.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaires.models import Bilan, Etat
from bilan.audit.services import audit_record
from bilan.comptes.models import User
from bilan.permissions import content_grant, content_revoke
from bilan.scelles.errors import ScellementError
from bilan.signatures import empreinte
from bilan.signatures.codes import code_consume, code_issue
from bilan.signatures.errors import SignatureError
from bilan.signatures.models import CodeUnique

from .errors import SyntheseError
from .models import (
    SECTIONS,
    EtatSynthese,
    RoleSignataireSynthese,
    Synthese,
    SyntheseObservation,
    SyntheseSignature,
    SyntheseVersion,
)
from .plan_action.services import (
    plan_action_canonique,
    plan_action_deverrouiller,
    plan_action_verrouiller,
)

CONSULTANT_PERMS = ("synthese.view_synthese", "synthese.change_synthese")
BENEFICIAIRE_PERMS = ("synthese.view_synthese", "synthese.comment_synthese")
OBJET = "synthese.signature"
# The synthèse is written during the bilan's conclusion (R6313-4), or just after it ends.
ETATS_REDACTION = frozenset({Etat.EN_COURS, Etat.CONCLUSION, Etat.TERMINE})
SECTION_MAX = 20_000  # characters per section: about six pages for the whole document
OBSERVATIONS_MAX = 10_000
TEMPLATE_PDF = "synthese/pdf/synthese.html"


def synthese_create(*, bilan: Bilan, consultant: User, ip: str | None = None) -> Synthese:
    """Open the bilan's synthèse (domain.md, point 7: drafted by the consultant).

    Only the assigned consultant, during the bilan (en cours, conclusion, terminé), once.
    The consultant may read and write it, the beneficiary read and comment it; nobody else.
    """
    with transaction.atomic():
        locked = Bilan.objects.select_for_update().select_related("beneficiaire").get(pk=bilan.pk)
        if locked.consultant_id != consultant.pk or not consultant.is_consultant:
            raise SyntheseError(
                "not_assigned", _("Vous n'êtes pas le consultant chargé de ce bilan.")
            )
        if locked.etat not in ETATS_REDACTION:
            raise SyntheseError(
                "bilan_not_running",
                _("La synthèse se rédige pendant le bilan : ce bilan n'est pas en cours."),
            )
        if Synthese.objects.filter(bilan=locked).exists():
            raise SyntheseError("already_exists", _("La synthèse de ce bilan existe déjà."))
        synthese = Synthese.objects.create(bilan=locked)
        content_grant(user=consultant, obj=synthese, perms=CONSULTANT_PERMS)
        content_grant(user=locked.beneficiaire.user, obj=synthese, perms=BENEFICIAIRE_PERMS)
        audit_record(event="synthese.created", actor=consultant, target=synthese, ip=ip)
    return synthese


def synthese_update_sections(
    *, synthese: Synthese, consultant: User, sections: dict[str, str], ip: str | None = None
) -> tuple[Synthese, bool]:
    """Save the sections given (the editor's autosave); return the synthèse and whether
    anything changed (an unchanged text writes nothing, not even an audit line).

    Refused, nothing changed: anyone but the assigned consultant, a synthèse submitted,
    final or signed (domain.md, point 7: any change after a signature voids it).
    """
    inconnues = set(sections) - set(SECTIONS)
    if inconnues:
        raise SyntheseError("section_unknown", _("Cette section n'existe pas."))
    for texte in sections.values():
        if len(texte) > SECTION_MAX:
            raise SyntheseError(
                "section_too_long",
                _("Une section compte au plus %(n)s caractères.")
                % {"n": f"{SECTION_MAX:,}".replace(",", "\u202f")},
            )
    with transaction.atomic():
        locked = _locked_for_consultant(synthese, consultant)
        _check_modifiable(locked)
        changees = [n for n, t in sections.items() if getattr(locked, n) != t]
        if not changees:
            return locked, False
        for nom in changees:
            setattr(locked, nom, sections[nom])
        locked.updated_at = timezone.now()
        locked.save(update_fields=[*changees, "updated_at"])
        audit_record(event="synthese.updated", actor=consultant, target=locked, ip=ip)
    return locked, True


def synthese_submit(*, synthese: Synthese, consultant: User, ip: str | None = None) -> Synthese:
    """Hand the draft to the beneficiary for their observations (seed 004); the text as
    submitted is kept as a version until the purge."""
    with transaction.atomic():
        locked = _locked_for_consultant(synthese, consultant)
        _check_modifiable(locked)
        _check_not_empty(locked)
        _version_create(locked, motif=SyntheseVersion.Motif.SOUMISSION, acteur=consultant)
        locked.etat = EtatSynthese.SOUMISE
        locked.updated_at = timezone.now()
        locked.save(update_fields=["etat", "updated_at"])
        audit_record(event="synthese.submitted", actor=consultant, target=locked, ip=ip)
    return locked


def synthese_observe(
    *, synthese: Synthese, beneficiaire_user: User, texte: str, ip: str | None = None
) -> SyntheseObservation:
    """Record the beneficiary's observations on the submitted version and give the synthèse
    back to the consultant (seed 004: "recueil d'éventuelles observations").

    Refused, nothing changed: anyone but the bilan's beneficiary, a synthèse that is not
    submitted to them, an empty or overlong text.
    """
    texte = (texte or "").strip()
    if not texte:
        raise SyntheseError("observation_empty", _("Écrivez vos observations avant d'envoyer."))
    if len(texte) > OBSERVATIONS_MAX:
        raise SyntheseError(
            "observation_too_long",
            _("Vos observations comptent au plus %(n)s caractères.")
            % {"n": f"{OBSERVATIONS_MAX:_}"},
        )
    with transaction.atomic():
        locked = _locked(synthese)
        if beneficiaire_user.pk != locked.bilan.beneficiaire.user_id:
            raise SyntheseError(
                "not_beneficiary", _("Seul le bénéficiaire du bilan formule des observations.")
            )
        if locked.etat != EtatSynthese.SOUMISE:
            raise SyntheseError(
                "not_submitted",
                _(
                    "La synthèse ne vous est pas soumise en ce moment : les observations se "
                    "formulent sur une version que votre consultant vous a soumise."
                ),
            )
        version = locked.versions.order_by("-numero").first()
        assert version is not None  # a submission always writes one
        observation = SyntheseObservation.objects.create(
            synthese=locked, version=version, texte=texte, auteur_id=beneficiaire_user.pk
        )
        locked.etat = EtatSynthese.OBSERVEE
        locked.updated_at = timezone.now()
        locked.save(update_fields=["etat", "updated_at"])
        audit_record(event="synthese.observed", actor=beneficiaire_user, target=locked, ip=ip)
    return observation


def synthese_finalise(*, synthese: Synthese, consultant: User, ip: str | None = None) -> Synthese:
    """Fix the final text: its SHA-256 is what both sign (domain.md, point 7).

    Only after the beneficiary had the text (submitted, or their observations received);
    the final text is kept as a version.
    """
    with transaction.atomic():
        locked = _locked_for_consultant(synthese, consultant)
        if locked.etat not in (EtatSynthese.SOUMISE, EtatSynthese.OBSERVEE):
            raise SyntheseError(
                "not_submitted_yet",
                _(
                    "La synthèse se finalise après avoir été soumise au bénéficiaire pour "
                    "ses observations."
                ),
            )
        _check_not_empty(locked)
        version = _version_create(
            locked, motif=SyntheseVersion.Motif.FINALISATION, acteur=consultant
        )
        # The action plan printed with it is frozen now: the digest covers it too.
        plan_action_verrouiller(bilan=locked.bilan, by=consultant)
        locked.etat = EtatSynthese.FINALE
        locked.finalisee_le = timezone.now()
        locked.empreinte_finale = empreinte(synthese_donnees(synthese=locked, version=version))
        locked.updated_at = locked.finalisee_le
        locked.save(update_fields=["etat", "finalisee_le", "empreinte_finale", "updated_at"])
        audit_record(event="synthese.finalised", actor=consultant, target=locked, ip=ip)
    return locked


def synthese_reopen(*, synthese: Synthese, consultant: User, ip: str | None = None) -> Synthese:
    """Take a final synthèse back to writing while nobody has signed it yet (a mistake
    seen before signing); the final version stays among the versions. Refused once a
    signature exists (domain.md, point 7: any change after a signature voids it)."""
    with transaction.atomic():
        locked = _locked_for_consultant(synthese, consultant)
        if locked.etat != EtatSynthese.FINALE or locked.signatures.exists():
            raise SyntheseError(
                "not_reopenable",
                _(
                    "Seule une synthèse finale que personne n'a encore signée peut revenir "
                    "en rédaction."
                ),
            )
        plan_action_deverrouiller(bilan=locked.bilan, by=consultant)
        locked.etat = EtatSynthese.OBSERVEE
        locked.empreinte_finale, locked.finalisee_le = "", None
        locked.updated_at = timezone.now()
        locked.save(update_fields=["etat", "empreinte_finale", "finalisee_le", "updated_at"])
        audit_record(event="synthese.reopened", actor=consultant, target=locked, ip=ip)
    return locked


def synthese_donnees(*, synthese: Synthese, version: SyntheseVersion) -> dict[str, object]:
    """The canonical content of the final synthèse: what both signers sign — its sections
    and the action plan printed with them (frozen from the finalisation)."""
    return {
        "bilan": synthese.bilan.reference,
        "synthese": synthese.pk,
        "version": version.numero,
        **{nom: getattr(synthese, nom) for nom in SECTIONS},
        "plan_action": plan_action_canonique(bilan=synthese.bilan),
    }


def synthese_verifier(*, synthese: Synthese) -> str:
    """ "intact" when the synthèse's text still has the digest signed, else "altere"."""
    version = synthese.versions.filter(motif=SyntheseVersion.Motif.FINALISATION).last()
    if version is None or not synthese.empreinte_finale:
        return "altere"
    digest = empreinte(synthese_donnees(synthese=synthese, version=version))
    return "intact" if digest == synthese.empreinte_finale else "altere"


def synthese_sign_code_issue(
    *, synthese: Synthese, signataire: User, ip: str | None = None
) -> CodeUnique:
    """Send the signer a one-time code bound to the final text's digest (by e-mail, once
    committed); an earlier code of theirs is invalidated."""
    with transaction.atomic():
        locked = _locked(synthese)
        _check_signable(locked, signataire)
        try:
            code = code_issue(user=signataire, objet=OBJET, empreinte=locked.empreinte_finale)
        except SignatureError as exc:
            raise SyntheseError(exc.code, exc.message) from exc
        audit_record(event="synthese.code_requested", actor=signataire, target=locked, ip=ip)
        from .tasks import synthese_code_send_task

        code_id = code.pk
        transaction.on_commit(lambda: synthese_code_send_task.delay(code_id=code_id))
    return code


def synthese_code_send(*, code_id: int) -> bool:
    """E-mail a live code to its holder: the code only, nothing of the synthèse's text."""
    code = CodeUnique.objects.select_related("user").filter(pk=code_id, objet=OBJET).first()
    if code is None or not _vivant(code):
        return False
    # The consultant signs the synthèse of someone else's bilan: the mail names whose (a
    # name, no content); the beneficiary reads "votre bilan".
    synthese = (
        Synthese.objects.select_related("bilan__beneficiaire__user")
        .filter(empreinte_finale=code.empreinte, bilan__consultant_id=code.user_id)
        .first()
        if code.user.is_consultant
        else None
    )
    context = {
        "user": code.user,
        "beneficiaire": synthese.bilan.beneficiaire.user.get_full_name() if synthese else "",
        "code": code.code,
        "validite": 10,
        "organisation": settings.ORGANISATION_NOM,
    }
    send_mail(
        subject=_("[%(org)s] Votre code pour signer la synthèse")
        % {"org": settings.ORGANISATION_NOM},
        message=render_to_string("synthese/email/code_signature.txt", context),
        html_message=render_to_string("synthese/email/code_signature.html", context),
        from_email=None,
        recipient_list=[code.user.email],
    )
    return True


def synthese_sign(
    *,
    synthese: Synthese,
    signataire: User,
    code: str,
    ip: str | None = None,
    user_agent: str = "",
) -> SyntheseSignature:
    """Sign the final synthèse (domain.md, point 7; Code civil 1366-1367).

    The bilan's beneficiary and its assigned consultant, each once, only a final synthèse,
    with their current code for exactly its digest. The second signature delivers it: the
    sealed PDF is produced in the same transaction (:func:`synthese_deliver`).
    """
    fresh = Synthese.objects.select_related("bilan__beneficiaire").get(pk=synthese.pk)
    _check_signable(fresh, signataire)
    try:
        used = code_consume(
            user=signataire, objet=OBJET, empreinte=fresh.empreinte_finale, code=code
        )
    except SignatureError as exc:
        raise SyntheseError(exc.code, exc.message) from exc
    try:
        with transaction.atomic():
            locked = _locked(synthese)
            role = _check_signable(locked, signataire)
            if used.empreinte != locked.empreinte_finale:
                raise SyntheseError(
                    "code_other_row", _("Ce code a été émis pour une autre signature.")
                )
            signature = SyntheseSignature.objects.create(
                synthese=locked,
                role=role,
                signataire=signataire,
                signe_le=timezone.now(),
                ip=ip,
                user_agent=(user_agent or "")[:500],
                empreinte=locked.empreinte_finale,
            )
            audit_record(event="synthese.signed", actor=signataire, target=locked, ip=ip)
            if locked.signatures.count() == len(RoleSignataireSynthese.values):
                synthese_deliver(synthese=locked, acteur=signataire, ip=ip)
    except IntegrityError as exc:
        raise SyntheseError("already_signed", _deja_signe()) from exc
    except ScellementError as exc:
        # The signature goes with the failed delivery: both signed means delivered.
        raise SyntheseError(
            "delivery_failed",
            _(
                "Votre signature n'a pas pu être enregistrée : le document n'a pas pu être "
                "produit. Demandez un nouveau code et réessayez ; si le problème persiste, "
                "prévenez l'organisme."
            ),
        ) from exc
    return signature


def synthese_deliver(*, synthese: Synthese, acteur: User, ip: str | None = None) -> Synthese:
    """Seal the signed synthèse as a PDF and hand it to the beneficiary (domain.md, point 7:
    delivered to the beneficiary only; issue 6, point 3: PAdES seal)."""
    from bilan.scelles.models import TypeDocument
    from bilan.scelles.services import document_sceller

    with transaction.atomic():
        locked = _locked(synthese)
        signatures = list(locked.signatures.select_related("signataire"))
        if locked.etat != EtatSynthese.FINALE or len(signatures) != 2:
            raise SyntheseError(
                "not_signed", _("La synthèse se remet une fois signée par les deux parties.")
            )
        document = document_sceller(
            bilan=locked.bilan,
            type_document=TypeDocument.SYNTHESE,
            template_name=TEMPLATE_PDF,
            context=synthese_pdf_contexte(synthese=locked, signatures=signatures),
            nom_fichier=f"synthese-{locked.bilan.reference}.pdf",
            acteur=acteur,
        )
        locked.document = document
        locked.etat = EtatSynthese.REMISE
        locked.remise_le = timezone.now()
        locked.save(update_fields=["document", "etat", "remise_le"])
        audit_record(event="synthese.delivered", actor=acteur, target=locked, ip=ip)
    return locked


def synthese_pdf_contexte(
    *, synthese: Synthese, signatures: list[SyntheseSignature] | None = None, projet: bool = False
) -> dict[str, Any]:
    """What the PDF template receives: the sections, the signatures, the bilan (for the
    action plan's part), and ``projet`` for the unsealed preview's watermark."""
    bilan = synthese.bilan
    champs = {f.name: f for f in synthese._meta.concrete_fields}
    par_role = {s.role: s for s in signatures or []}
    return {
        "synthese": synthese,
        "bilan": bilan,
        "beneficiaire": bilan.beneficiaire.user,
        "consultant": bilan.consultant,
        "sections": [
            {"nom": nom, "titre": str(champs[nom].verbose_name), "texte": getattr(synthese, nom)}
            for nom in SECTIONS
        ],
        "parties": [
            (
                _("Le bénéficiaire"),
                _nom(par_role, "beneficiaire", bilan.beneficiaire.user),
                par_role.get("beneficiaire"),
            ),
            (
                _("Le consultant"),
                _nom(par_role, "consultant", bilan.consultant),
                par_role.get("consultant"),
            ),
        ],
        "projet": projet,
    }


def synthese_consultant_change(*, bilan: Bilan, ancien: User | None, nouveau: User) -> None:
    """The access to the synthèse moves with the bilan (domain.md, Confidentiality: "a
    change of consultant moves the access"); called inside the reassignment's transaction.
    The signatures already given stay those of who signed."""
    synthese = Synthese.objects.filter(bilan_id=bilan.pk).first()
    if synthese is None:
        return
    if ancien is not None:
        content_revoke(user=ancien, obj=synthese, perms=CONSULTANT_PERMS)
    content_grant(user=nouveau, obj=synthese, perms=CONSULTANT_PERMS)


def _nom(par_role: dict[str, SyntheseSignature], role: str, defaut: User | None) -> str:
    # Who signed, even if the bilan changed consultant since.
    signature = par_role.get(role)
    user = signature.signataire if signature is not None else defaut
    return user.get_full_name() if user is not None else ""


def _version_create(synthese: Synthese, *, motif: str, acteur: User) -> SyntheseVersion:
    dernier = synthese.versions.order_by("-numero").values_list("numero", flat=True).first()
    return SyntheseVersion.objects.create(
        synthese=synthese,
        numero=(dernier or 0) + 1,
        motif=motif,
        acteur_id=acteur.pk,
        **{nom: getattr(synthese, nom) for nom in SECTIONS},
    )


def _locked(synthese: Synthese) -> Synthese:
    return (
        Synthese.objects.select_for_update(of=("self",))
        .select_related("bilan__beneficiaire", "bilan__consultant")
        .get(pk=synthese.pk)
    )


def _locked_for_consultant(synthese: Synthese, consultant: User) -> Synthese:
    locked = _locked(synthese)
    if not consultant.is_consultant or locked.bilan.consultant_id != consultant.pk:
        raise SyntheseError(
            "not_assigned", _("Seul le consultant chargé du bilan rédige sa synthèse.")
        )
    return locked


def _check_modifiable(synthese: Synthese) -> None:
    if synthese.signatures.exists() or synthese.etat in (
        EtatSynthese.FINALE,
        EtatSynthese.REMISE,
    ):
        raise SyntheseError(
            "signed_or_final",
            _(
                "La synthèse est finale : son texte ne change plus (une modification "
                "annulerait les signatures)."
            ),
        )
    if synthese.etat == EtatSynthese.SOUMISE:
        raise SyntheseError(
            "submitted",
            _(
                "La synthèse est soumise au bénéficiaire : attendez ses observations ou "
                "finalisez-la."
            ),
        )


# domain.md, point 7: the training project is there "where relevant"; every other section
# is part of every synthèse, so an empty one is refused rather than printed "Sans objet".
SECTIONS_FACULTATIVES = frozenset({"formation"})


def _check_not_empty(synthese: Synthese) -> None:
    vides = [
        str(Synthese._meta.get_field(nom).verbose_name)
        for nom in SECTIONS
        if nom not in SECTIONS_FACULTATIVES and not getattr(synthese, nom).strip()
    ]
    if len(vides) == 1:
        raise SyntheseError(
            "empty",
            _(
                "La section « %(section)s » est vide : rédigez-la avant de soumettre ou de "
                "finaliser la synthèse."
            )
            % {"section": vides[0]},
        )
    if vides:
        raise SyntheseError(
            "empty",
            _(
                "Ces sections sont vides : %(sections)s. Rédigez-les avant de soumettre ou de "
                "finaliser la synthèse (seul le projet de formation peut rester vide)."
            )
            % {"sections": ", ".join(f"« {v} »" for v in vides)},
        )


def _check_signable(synthese: Synthese, signataire: User) -> str:
    """The signer's role, or the French reason why they cannot sign now."""
    bilan = synthese.bilan
    if signataire.is_consultant and signataire.pk == bilan.consultant_id:
        role = RoleSignataireSynthese.CONSULTANT
    elif signataire.is_beneficiaire and signataire.pk == bilan.beneficiaire.user_id:
        role = RoleSignataireSynthese.BENEFICIAIRE
    else:
        raise SyntheseError(
            "not_signer",
            _("Seuls le bénéficiaire et le consultant du bilan signent la synthèse."),
        )
    if synthese.etat == EtatSynthese.REMISE:
        raise SyntheseError("already_signed", _deja_signe())
    if synthese.etat != EtatSynthese.FINALE:
        raise SyntheseError(
            "not_final",
            _("Seule la synthèse finale se signe : celle-ci est encore en cours de rédaction."),
        )
    if synthese.signatures.filter(role=role).exists():
        raise SyntheseError("already_signed", _deja_signe())
    return role


def _vivant(code: CodeUnique) -> bool:
    return (
        code.used_at is None
        and code.invalidated_at is None
        and code.expires_at > timezone.now()
        and bool(code.code)
    )


def _deja_signe() -> str:
    return _("Vous avez déjà signé cette synthèse : une signature ne se refait pas.")
