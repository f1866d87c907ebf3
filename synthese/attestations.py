"""The end-of-bilan documents: attestation de fin de bilan, attestation de présence and
certificat de réalisation (domain.md, The life of a bilan, 9; Confidentiality and data:
administrative proof).

They are content-free: identity, dates, hours done computed from signed attendance only
(domain.md, 5: "the completion rate is computed only from signed attendance"), the
existence of the signatures; never a note, a text of the entretien, a piece of personal
work or of the synthèse. Each is rendered from ``templates/synthese/pdf/`` and sealed by
:func:`bilan.scelles.services.document_sceller`; every issued version is kept and the
latest is served. A new version is sealed only when what it states may have changed since
the latest one: a signature, a validated piece of personal work or a change of state came
after it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beneficiaires.models import Bilan, BilanEvenement, Etat, StatutProfessionnel
from bilan.comptes.models import User
from bilan.scelles.models import DocumentScelle, TypeDocument
from seances.models import Emargement, Phase, TravailPersonnel
from seances.services.emargement import seances_tenues

from .errors import SyntheseError

# The states in which the action is over: the attestation de fin and the certificat exist.
ETATS_TERMINES = frozenset({Etat.TERMINE, Etat.SUIVI, Etat.CLOS})


@dataclass(frozen=True)
class Sorte:
    """One kind of end-of-bilan document: its URL slug, type, template and file name."""

    slug: str
    type_document: str
    template_name: str
    fichier: str
    libelle: str


SORTES: dict[str, Sorte] = {
    s.slug: s
    for s in (
        Sorte(
            "fin",
            TypeDocument.ATTESTATION_FIN,
            "synthese/pdf/attestation_fin.html",
            "attestation-fin-de-bilan",
            gettext_lazy("Attestation de fin de bilan"),
        ),
        Sorte(
            "presence",
            TypeDocument.ATTESTATION_PRESENCE,
            "synthese/pdf/attestation_presence.html",
            "attestation-de-presence",
            gettext_lazy("Attestation de présence"),
        ),
        Sorte(
            "certificat",
            TypeDocument.CERTIFICAT_REALISATION,
            "synthese/pdf/certificat_realisation.html",
            "certificat-de-realisation",
            gettext_lazy("Certificat de réalisation"),
        ),
    )
}


@dataclass(frozen=True)
class SeanceTenue:
    """A session signed by both on every half-day it covers: metadata only (no title);
    ``phase`` is the phase's French name."""

    numero: int
    phase: str
    date: datetime.date
    debut: datetime.time
    fin: datetime.time
    duree_minutes: int
    signee_le: datetime.datetime


@dataclass(frozen=True)
class Realisation:
    """What the end-of-bilan documents state (domain.md, 9): nothing of the bilan's content."""

    reference: str
    beneficiaire: str
    employeur: str
    consultant: str
    financement: str
    seances: tuple[SeanceTenue, ...]
    minutes_accompagnement: int
    minutes_travail: int
    termine_le: datetime.date | None

    @property
    def premier_jour(self) -> datetime.date | None:
        return self.seances[0].date if self.seances else None

    @property
    def dernier_jour(self) -> datetime.date | None:
        return self.seances[-1].date if self.seances else None

    @property
    def minutes_total(self) -> int:
        return self.minutes_accompagnement + self.minutes_travail

    @property
    def phases_tenues(self) -> list[str]:
        tenues = {s.phase for s in self.seances}
        return [str(label) for label in Phase.labels if str(label) in tenues]


@dataclass(frozen=True)
class Disponibilite:
    """One kind of document for one bilan: whether it may be issued, and its latest version."""

    sorte: Sorte
    disponible: bool
    motif: str
    derniere: DocumentScelle | None


# --- Selectors ---------------------------------------------------------------------------


def bilan_realisation(*, bilan: Bilan) -> Realisation:
    """The content-free facts of a bilan: identity, dates, sessions held and signed by both,
    the hours they make, the validated personal work (domain.md, 5 and 9)."""
    tenues = (
        seances_tenues(bilan.pk)
        .annotate(signee_le=Max("emargements__signe_le"))
        .order_by("date", "debut", "numero")
        .values_list("numero", "phase", "date", "debut", "fin", "duree_minutes", "signee_le")
    )
    seances = tuple(
        SeanceTenue(n, str(Phase(p).label), d, db, f, m, s) for n, p, d, db, f, m, s in tenues
    )
    travail = TravailPersonnel.objects.filter(bilan=bilan).aggregate(t=Sum("minutes_validees"))
    termine = BilanEvenement.objects.filter(bilan=bilan, vers=Etat.TERMINE).order_by("-at").first()
    user = bilan.beneficiaire.user
    salarie = bilan.beneficiaire.statut_professionnel == StatutProfessionnel.SALARIE
    return Realisation(
        reference=bilan.reference,
        beneficiaire=user.get_full_name() or user.email,
        employeur=bilan.beneficiaire.employeur_nom if salarie else "",
        consultant=bilan.consultant.get_full_name() if bilan.consultant else "",
        financement=bilan.get_financement_display() if bilan.financement else "",
        seances=seances,
        minutes_accompagnement=sum(s.duree_minutes for s in seances),
        minutes_travail=travail["t"] or 0,
        termine_le=timezone.localdate(termine.at) if termine else None,
    )


def attestations_du_bilan(*, bilan: Bilan) -> QuerySet[DocumentScelle]:
    """Every issued version of the bilan's end-of-bilan documents, newest first.

    ``bilan`` comes from a selector scoped to the user (owner, assigned consultant or
    administrator): these documents are administrative proof, not content.
    """
    types = [s.type_document for s in SORTES.values()]
    return DocumentScelle.objects.filter(bilan=bilan, type_document__in=types).order_by(
        "-emis_le", "-pk"
    )


def attestations_disponibles(*, bilan: Bilan) -> list[Disponibilite]:
    """For each kind, whether it can be issued now and its latest version (two queries)."""
    dernieres: dict[str, DocumentScelle] = {}
    for document in attestations_du_bilan(bilan=bilan):
        dernieres.setdefault(document.type_document, document)
    presence = seances_tenues(bilan.pk).exists()
    rows = []
    for sorte in SORTES.values():
        motif = _motif_indisponible(sorte, bilan=bilan, presence=presence)
        rows.append(Disponibilite(sorte, not motif, motif, dernieres.get(str(sorte.type_document))))
    return rows


# --- Services ----------------------------------------------------------------------------


def attestation_emettre(*, bilan: Bilan, slug: str, acteur: User) -> DocumentScelle:
    """The latest sealed version of one end-of-bilan document, sealing a new one first when
    none exists or what it states may have changed (domain.md, 9: content-free; 5: hours
    from signed attendance only).

    Refused with a stable code when the kind is unknown, or not yet due: the attestation de
    fin and the certificat de réalisation once the bilan is terminé, the attestation de
    présence once a session was signed by both. ``bilan`` comes from a scoped selector.
    """
    sorte = SORTES.get(slug)
    if sorte is None:
        raise SyntheseError("attestation_inconnue", _("Ce type de document n'existe pas."))
    from bilan.scelles.services import document_sceller

    with transaction.atomic():
        # One issuer at a time per bilan: two downloads at once seal one version, not two.
        locked = (
            Bilan.objects.select_for_update(of=("self",))
            .select_related("beneficiaire__user", "consultant")
            .get(pk=bilan.pk)
        )
        presence = seances_tenues(locked.pk).exists()
        motif = _motif_indisponible(sorte, bilan=locked, presence=presence)
        if motif:
            raise SyntheseError("attestation_indisponible", motif)
        derniere = (
            DocumentScelle.objects.filter(bilan=locked, type_document=sorte.type_document)
            .order_by("-emis_le", "-pk")
            .first()
        )
        if derniere is not None and not _perimee(derniere, bilan=locked):
            return derniere
        realisation = bilan_realisation(bilan=locked)
        return document_sceller(
            bilan=locked,
            type_document=sorte.type_document,
            template_name=sorte.template_name,
            context={"r": realisation, "sorte": sorte, "bilan": locked},
            nom_fichier=f"{sorte.fichier}-{locked.reference}.pdf",
            acteur=acteur,
        )


def _motif_indisponible(sorte: Sorte, *, bilan: Bilan, presence: bool) -> str:
    if sorte.slug == "presence":
        if presence:
            return ""
        return _(
            "L'attestation de présence est disponible dès qu'une séance a été émargée par le "
            "bénéficiaire et le consultant."
        )
    if bilan.etat in ETATS_TERMINES:
        return ""
    if sorte.slug == "certificat":
        return _("Le certificat de réalisation est disponible une fois le bilan terminé.")
    return _("L'attestation de fin de bilan est disponible une fois le bilan terminé.")


def _perimee(document: DocumentScelle, *, bilan: Bilan) -> bool:
    """Whether a signature, a validated piece of personal work or a change of state came
    after ``document`` was issued (what it states may then differ)."""
    depuis = document.emis_le
    if bilan.etat_changed_at > depuis:
        return True
    if Emargement.objects.filter(bilan_id=bilan.pk, signe_le__gt=depuis).exists():
        return True
    return TravailPersonnel.objects.filter(bilan=bilan, valide_at__gt=depuis).exists()
