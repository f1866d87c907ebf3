"""Questionnaire definitions, edited by administrators (issue 11, point 5: "configurable by
administrators: items, scales, scoring rules"). Definitions are the provider's tools, not
bilan content (domain.md, The people: administrators see them, never the answers).

The editor takes the dimensions and items as one text, a line per item under a
``# Dimension`` heading line, ``(-)`` in front of an item scored the other way round; the
scale as one label per line (values 1 to n).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bilan.audit.services import audit_record
from bilan.comptes.models import User

from ..errors import QuestionnaireError
from ..models import Calcul, Dimension, Item, Questionnaire, Theme

ECHELLE_MIN, ECHELLE_MAX = 2, 10
MARQUE_INVERSE = "(-)"


@dataclass(frozen=True)
class ItemSaisi:
    texte: str
    inverse: bool = False


@dataclass(frozen=True)
class DimensionSaisie:
    libelle: str
    items: tuple[ItemSaisi, ...]


def echelle_lire(texte: str) -> list[str]:
    """One label per non-empty line; 2 to 10 labels."""
    libelles = [ligne.strip() for ligne in (texte or "").splitlines() if ligne.strip()]
    if not ECHELLE_MIN <= len(libelles) <= ECHELLE_MAX:
        raise QuestionnaireError(
            "echelle_invalide",
            _("L'échelle compte de %(min)s à %(max)s libellés, un par ligne.")
            % {"min": ECHELLE_MIN, "max": ECHELLE_MAX},
        )
    if any(len(libelle) > 80 for libelle in libelles):
        raise QuestionnaireError(
            "echelle_invalide", _("Un libellé d'échelle fait 80 caractères au plus.")
        )
    return libelles


def contenu_lire(texte: str) -> list[DimensionSaisie]:
    """The dimensions and items of the editor's text (see the module's docstring)."""
    dimensions: list[tuple[str, list[ItemSaisi]]] = []
    for numero, brute in enumerate((texte or "").splitlines(), start=1):
        ligne = brute.strip()
        if not ligne:
            continue
        if ligne.startswith("#"):
            libelle = ligne.lstrip("#").strip()
            if not libelle or len(libelle) > 150:
                raise QuestionnaireError(
                    "dimension_invalide",
                    _("Ligne %(n)s : le nom d'une dimension fait de 1 à 150 caractères.")
                    % {"n": numero},
                )
            dimensions.append((libelle, []))
            continue
        if not dimensions:
            raise QuestionnaireError(
                "item_sans_dimension",
                _("Ligne %(n)s : un énoncé doit suivre une ligne « # Dimension ».") % {"n": numero},
            )
        inverse = ligne.startswith(MARQUE_INVERSE)
        enonce = ligne[len(MARQUE_INVERSE) :].strip() if inverse else ligne
        if not enonce or len(enonce) > 300:
            raise QuestionnaireError(
                "item_invalide",
                _("Ligne %(n)s : un énoncé fait de 1 à 300 caractères.") % {"n": numero},
            )
        dimensions[-1][1].append(ItemSaisi(texte=enonce, inverse=inverse))
    if not dimensions:
        raise QuestionnaireError(
            "sans_dimension", _("Un questionnaire compte au moins une dimension.")
        )
    vides = [libelle for libelle, items in dimensions if not items]
    if vides:
        raise QuestionnaireError(
            "dimension_vide",
            _("La dimension « %(nom)s » n'a aucun énoncé.") % {"nom": vides[0]},
        )
    return [DimensionSaisie(libelle, tuple(items)) for libelle, items in dimensions]


def questionnaire_contenu(*, questionnaire: Questionnaire) -> str:
    """The editor's text of an existing questionnaire (the inverse of :func:`contenu_lire`)."""
    lignes = []
    for dimension in questionnaire.dimensions.prefetch_related("items"):
        lignes.append(f"# {dimension.libelle}")
        lignes.extend(
            f"{MARQUE_INVERSE} {item.texte}" if item.inverse else item.texte
            for item in dimension.items.all()
        )
        lignes.append("")
    return "\n".join(lignes).strip() + "\n"


def _structure(questionnaire: Questionnaire) -> tuple[object, ...]:
    dimensions = tuple(
        DimensionSaisie(d.libelle, tuple(ItemSaisi(i.texte, i.inverse) for i in d.items.all()))
        for d in questionnaire.dimensions.prefetch_related("items")
    )
    return (tuple(questionnaire.echelle), questionnaire.calcul, dimensions)


def questionnaire_save(
    *,
    by: User,
    questionnaire: Questionnaire | None,
    nom: str,
    theme: str,
    consigne: str,
    echelle: str,
    calcul: str,
    actif: bool,
    contenu: str,
    ip: str | None = None,
) -> Questionnaire:
    """Create or change a questionnaire (administrators only).

    Once a questionnaire has been assigned to a bilan, its scale, scoring rule, dimensions
    and items no longer change (the answers given would lose their meaning): the refusal
    says to create a new questionnaire; its name, instructions and whether consultants are
    offered it still change.
    """
    if not (by.is_active and by.is_administrateur):
        raise QuestionnaireError(
            "not_admin", _("Seuls les administrateurs modifient les questionnaires.")
        )
    nom = (nom or "").strip()
    if not nom:
        raise QuestionnaireError("nom_requis", _("Donnez un nom au questionnaire."))
    if theme not in Theme.values or calcul not in Calcul.values:
        raise QuestionnaireError("choix_invalide", _("Choisissez un thème et un calcul proposés."))
    libelles = echelle_lire(echelle)
    dimensions = contenu_lire(contenu)
    with transaction.atomic():
        if questionnaire is not None:
            questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
            nouvelle = (tuple(libelles), calcul, tuple(dimensions))
            if questionnaire.passations.exists() and nouvelle != _structure(questionnaire):
                raise QuestionnaireError(
                    "questionnaire_utilise",
                    _(
                        "Ce questionnaire a déjà été attribué : son échelle, son calcul, ses "
                        "dimensions et ses énoncés ne changent plus. Créez un nouveau "
                        "questionnaire à partir de celui-ci."
                    ),
                )
        questionnaire = questionnaire or Questionnaire()
        questionnaire.nom, questionnaire.theme, questionnaire.consigne = nom, theme, consigne
        questionnaire.echelle, questionnaire.calcul = libelles, calcul
        questionnaire.actif, questionnaire.updated_at = actif, timezone.now()
        try:
            with transaction.atomic():
                questionnaire.save()
        except IntegrityError as exc:
            raise QuestionnaireError(
                "nom_pris", _("Un autre questionnaire porte déjà ce nom.")
            ) from exc
        if not questionnaire.passations.exists():
            _structure_replace(questionnaire, dimensions)
        audit_record(event="questionnaire.saved", actor=by, target=questionnaire, ip=ip)
    return questionnaire


def _structure_replace(questionnaire: Questionnaire, dimensions: list[DimensionSaisie]) -> None:
    questionnaire.dimensions.all().delete()
    for ordre, saisie in enumerate(dimensions, start=1):
        dimension = Dimension.objects.create(
            questionnaire=questionnaire, ordre=ordre, libelle=saisie.libelle
        )
        Item.objects.bulk_create(
            Item(dimension=dimension, ordre=n, texte=item.texte, inverse=item.inverse)
            for n, item in enumerate(saisie.items, start=1)
        )
