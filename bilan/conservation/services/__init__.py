"""Every write of the conservation app (style.md: services write, selectors read)."""

from .droits import (
    demande_enregistrer,
    demande_prolonger,
    demande_repondre,
    effacement_executer,
)
from .export import export_demander, export_preparer, export_telecharger, exports_expirer
from .purge import conservation_purger, fichiers_en_attente_supprimer

__all__ = [
    "conservation_purger",
    "demande_enregistrer",
    "demande_prolonger",
    "demande_repondre",
    "effacement_executer",
    "export_demander",
    "export_preparer",
    "export_telecharger",
    "exports_expirer",
    "fichiers_en_attente_supprimer",
]
