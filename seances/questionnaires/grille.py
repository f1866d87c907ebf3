"""The 360° image grid (seed 004, séances 2-3: « auto-évaluation de l'image, grille à
distribuer à l'entourage »): a few qualities rated on a 4-step scale, and three free texts.

Fixed in code, written for this platform: short, the same for every bilan, so that the
restitution compares like with like (seed 004, séances 4-5: « restitution des images
comparées »).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ECHELLE_360: tuple[tuple[int, str], ...] = (
    (1, _("Pas du tout")),
    (2, _("Plutôt non")),
    (3, _("Plutôt oui")),
    (4, _("Tout à fait")),
)
ECHELLE_360_MAX = len(ECHELLE_360)

# (code, statement): "Cette personne..."
QUALITES: tuple[tuple[str, str], ...] = (
    ("organisation", _("s'organise et tient ses engagements")),
    ("communication", _("s'exprime clairement et sait écouter")),
    ("cooperation", _("travaille bien avec les autres")),
    ("solutions", _("trouve des solutions quand un problème se présente")),
    ("adaptation", _("s'adapte aux changements")),
    ("initiative", _("prend des initiatives")),
)

# (code, question): free texts, 2,000 characters at most each.
TEXTES: tuple[tuple[str, str], ...] = (
    ("forces", _("Quels sont, selon vous, ses principaux points forts ?")),
    ("progres", _("Sur quels points cette personne pourrait-elle progresser ?")),
    ("libre", _("Dans quel métier ou quel environnement l'imaginez-vous s'épanouir ?")),
)
TEXTE_MAX = 2000
