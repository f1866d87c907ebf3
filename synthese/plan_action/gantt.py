"""The action plan's timeline (seed 000: "des outils comme le diagramme de Gantt"): the
geometry of a server-rendered SVG, bars positioned by attributes only (no inline style:
the pages' CSP forbids it), over months, grouped by horizon, with a line for today."""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..models.plan_action import HORIZONS_ORDRE, ActionPrevue, Horizon

LIBELLES = 210  # the label column, in SVG units
GRAPHE = 600  # the months' area
ENTETE = 30  # month labels
HAUTEUR_GROUPE = 26
HAUTEUR_LIGNE = 26
BARRE = 16
MOIS_COURTS = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)
MOIS_LONGS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


@dataclass(frozen=True)
class Mois:
    x: float
    largeur: float
    libelle: str  # "" when the month is not labelled (long plans: one label in n)
    complet: str  # "janvier 2027" for the <title>


@dataclass(frozen=True)
class Barre:
    action: ActionPrevue
    x: float
    y: float
    largeur: float
    texte_y: float
    libelle: str


@dataclass(frozen=True)
class Groupe:
    horizon: Horizon
    y: float
    texte_y: float
    barres: list[Barre] = field(default_factory=list)


@dataclass(frozen=True)
class Gantt:
    largeur: int
    hauteur: float
    graphe_x: int
    mois: list[Mois]
    groupes: list[Groupe]
    aujourdhui_x: float
    aujourdhui: datetime.date
    barre_hauteur: int = BARRE


def _premier(jour: datetime.date) -> datetime.date:
    return jour.replace(day=1)


def _suivant(jour: datetime.date) -> datetime.date:
    return (jour.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _court(texte: str, n: int = 30) -> str:
    texte = " ".join(texte.split())
    return texte if len(texte) <= n else texte[: n - 1].rstrip() + "…"


def gantt_build(*, actions: Sequence[ActionPrevue], aujourdhui: datetime.date) -> Gantt | None:
    """The timeline of ``actions`` from the month of the earliest start (or today) to the
    end of the month of the latest end; ``None`` without actions."""
    if not actions:
        return None
    debut = _premier(min([a.debut for a in actions] + [aujourdhui]))
    fin = _suivant(max([a.fin for a in actions] + [aujourdhui]))
    jours = (fin - debut).days

    def x(jour: datetime.date) -> float:
        return round(LIBELLES + GRAPHE * (jour - debut).days / jours, 1)

    mois, courant = [], debut
    tous = []
    while courant < fin:
        tous.append(courant)
        courant = _suivant(courant)
    pas = max(1, math.ceil(len(tous) / 9))  # room for a label: about 9 per line
    for i, m in enumerate(tous):
        libelle = f"{MOIS_COURTS[m.month - 1]} {m:%y}" if i % pas == 0 else ""
        mois.append(
            Mois(
                x=x(m),
                largeur=round(x(_suivant(m)) - x(m), 1),
                libelle=libelle,
                complet=f"{MOIS_LONGS[m.month - 1]} {m.year}",
            )
        )
    groupes, y = [], float(ENTETE)
    for horizon in HORIZONS_ORDRE:
        lignes = [a for a in actions if a.horizon == horizon]
        if not lignes:
            continue
        groupe = Groupe(horizon=horizon, y=y, texte_y=y + 18)
        y += HAUTEUR_GROUPE
        for a in lignes:
            gauche = x(a.debut)
            # The end date is included: the bar runs to the end of that day.
            droite = x(a.fin + datetime.timedelta(days=1))
            groupe.barres.append(
                Barre(
                    action=a,
                    x=gauche,
                    y=y + (HAUTEUR_LIGNE - BARRE) / 2,
                    largeur=max(round(droite - gauche, 1), 2.0),
                    texte_y=y + 17,
                    libelle=_court(a.intitule),
                )
            )
            y += HAUTEUR_LIGNE
        groupes.append(groupe)
    return Gantt(
        largeur=LIBELLES + GRAPHE,
        hauteur=y + 4,
        graphe_x=LIBELLES,
        mois=mois,
        groupes=groupes,
        aujourdhui_x=x(aujourdhui),
        aujourdhui=aujourdhui,
    )
