"""The results chart: horizontal SVG bars, geometry computed here, drawn with attributes
only (CSP: no ``style=``; the colours come from classes in app.css)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..selectors import Resultats

LARGEUR = 300  # px for 100 %
HAUTEUR = 28
ECART = 12
MARGE = 190  # the labels' column


@dataclass(frozen=True)
class Barre:
    libelle: str
    pourcentage: int | None
    classe: str
    y: int
    largeur: int

    @property
    def texte_y(self) -> int:
        return self.y + HAUTEUR // 2 + 5

    @property
    def valeur_x(self) -> int:
        return MARGE + self.largeur + 8


@dataclass(frozen=True)
class Graphique:
    barres: list[Barre]
    hauteur: int
    largeur: int = MARGE + LARGEUR + 60
    marge: int = MARGE
    hauteur_barre: int = HAUTEUR


def graphique(r: Resultats) -> Graphique:
    lignes = [
        (_("Satisfaction à chaud"), r.satisfaction_chaud.pourcentage, "barre-satisfaction"),
        (_("Satisfaction à froid"), r.satisfaction_froid.pourcentage, "barre-satisfaction"),
    ]
    if r.offre.principale:
        lignes += [
            (_("Bilans menés à terme"), r.taux_achevement, "barre-achevement"),
            (_("Abandons"), r.taux_abandon, "barre-abandon"),
        ]
    barres = [
        Barre(
            libelle=libelle,
            pourcentage=pct,
            classe=classe,
            y=i * (HAUTEUR + ECART),
            largeur=round(LARGEUR * (pct or 0) / 100),
        )
        for i, (libelle, pct, classe) in enumerate(lignes)
    ]
    return Graphique(barres=barres, hauteur=len(barres) * (HAUTEUR + ECART))
