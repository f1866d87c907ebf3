"""Geometry of the SVG drawings (server-rendered, attributes only: CSP style-src 'self'):
the career timeline and the scenarios' bar chart. Pure functions, no database."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .models import NOTE_MAX, EntreeParcours
from .services.scenarios import Resultat

LARGEUR = 760
MARGE_G, MARGE_D, MARGE_H = 20, 20, 8
LIGNE, BARRE = 28, 20
AXE = 26  # room for the years under the bars
CAR_PX = 6.6  # average width of a character at the labels' size


@dataclass(frozen=True)
class Barre:
    numero: int
    x: float
    y: float
    largeur: float
    type: str
    libelle: str  # what fits inside the bar
    titre: str  # the whole label (SVG <title>)


@dataclass(frozen=True)
class Graduation:
    x: float
    annee: int


@dataclass(frozen=True)
class Frise:
    largeur: int
    hauteur: int
    barres: list[Barre]
    graduations: list[Graduation]
    axe_y: int


def frise_parcours(entrees: Sequence[EntreeParcours], *, aujourdhui: datetime.date) -> Frise | None:
    """The timeline: one bar per period from its start to its end (today while it runs),
    periods that overlap on separate lines, one mark per year (or per 2, 5 years)."""
    if not entrees:
        return None
    debut = min(e.debut for e in entrees)
    fin = max(max(e.fin or aujourdhui, e.debut) for e in entrees)
    debut = datetime.date(debut.year, 1, 1)
    fin = datetime.date(fin.year + 1, 1, 1)
    utile = LARGEUR - MARGE_G - MARGE_D
    jours = (fin - debut).days

    def x(d: datetime.date) -> float:
        return round(MARGE_G + utile * (d - debut).days / jours, 1)

    lignes: list[datetime.date] = []  # the end of the last bar on each line
    barres = []
    for numero, e in enumerate(sorted(entrees, key=lambda e: (e.debut, e.pk or 0)), start=1):
        e_fin = max(e.fin or aujourdhui, e.debut)
        ligne = next((i for i, f in enumerate(lignes) if f < e.debut), None)
        if ligne is None:
            lignes.append(e_fin)
            ligne = len(lignes) - 1
        else:
            lignes[ligne] = e_fin
        x0 = x(e.debut)
        largeur = max(x(e_fin) - x0, 4.0)
        titre = f"{numero}. {e.intitule}"
        barres.append(
            Barre(
                numero=numero,
                x=x0,
                y=MARGE_H + ligne * LIGNE,
                largeur=round(largeur, 1),
                type=e.type,
                libelle=_tronque(titre, largeur, numero),
                titre=titre,
            )
        )
    axe_y = MARGE_H + len(lignes) * LIGNE
    annees = fin.year - debut.year
    pas = 1 if annees <= 12 else 2 if annees <= 24 else 5
    graduations = [
        Graduation(x=x(datetime.date(a, 1, 1)), annee=a)
        for a in range(debut.year, fin.year + 1, pas)
    ]
    return Frise(
        largeur=LARGEUR,
        hauteur=axe_y + AXE,
        barres=barres,
        graduations=graduations,
        axe_y=axe_y,
    )


def _tronque(texte: str, largeur: float, numero: int) -> str:
    place = int((largeur - 8) / CAR_PX)
    if place >= len(texte):
        return texte
    if place < len(str(numero)) + 1:
        return str(numero) if place >= len(str(numero)) else ""
    return texte[: max(place - 1, 0)].rstrip() + "…"


@dataclass(frozen=True)
class Baton:
    lettre: str
    y: float
    largeur: float
    score: Decimal | None
    retenu: bool
    titre: str


@dataclass(frozen=True)
class Histogramme:
    largeur: int
    hauteur: int
    x0: int
    batons: list[Baton]
    graduations: list[tuple[float, int]]


def histogramme_scenarios(resultats: Sequence[Resultat]) -> Histogramme | None:
    """Horizontal bars, one per scenario, the weighted result on the 0-5 scale."""
    if not resultats:
        return None
    x0, utile = 40, 560
    batons = [
        Baton(
            lettre=r.scenario.lettre,
            y=MARGE_H + i * 36,
            largeur=round(utile * float(r.score or 0) / NOTE_MAX, 1),
            score=r.score,
            retenu=r.scenario.retenu,
            titre=f"{r.scenario.lettre}. {r.scenario.intitule}",
        )
        for i, r in enumerate(resultats)
    ]
    hauteur = MARGE_H + len(batons) * 36 + AXE
    graduations = [(x0 + utile * n / NOTE_MAX, n) for n in range(NOTE_MAX + 1)]
    return Histogramme(
        largeur=x0 + utile + 80, hauteur=hauteur, x0=x0, batons=batons, graduations=graduations
    )
