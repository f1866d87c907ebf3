"""Every model holding bilan data is known to the retention engine (domain.md, R6313-7).

Walks ``apps.get_models()``: a model with a foreign-key path to ``beneficiaires.Bilan`` is
registered in :mod:`bilan.retention` or listed below with the reason it is exempt. A new
app's model that is neither fails here after the merge.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models

from bilan import retention

# label -> why the engine leaves it alone.
EXEMPTES = {
    "beneficiaires.bilanuserobjectpermission": "permission sur le bilan lui-même, qui reste "
    "(référence du registre) ; supprimée en cascade si le bilan l'est",
    "beneficiaires.bilangroupobjectpermission": "idem, permissions de groupe sur le bilan",
    "beneficiaires.bilanevenement": "chronologie des états, sans contenu : elle date la fin "
    "de l'action dont partent toutes les durées",
    "beneficiaires.echeance": "échéancier du contrat d'autofinancement (preuve), supprimé en "
    "cascade avec lui",
}
PROFONDEUR = 4


def _chemin_vers_bilan(model: type[models.Model]) -> list[str] | None:
    bilan = apps.get_model("beneficiaires", "Bilan")
    frontiere = [(model, [])]
    for _niveau in range(PROFONDEUR):
        suivante = []
        for courant, chemin in frontiere:
            for champ in courant._meta.concrete_fields:
                if not (champ.many_to_one or champ.one_to_one):
                    continue
                if champ.related_model is bilan:
                    return [*chemin, champ.name]
                suivante.append((champ.related_model, [*chemin, champ.name]))
        frontiere = suivante
    return None


def test_every_model_with_a_path_to_a_bilan_is_registered_or_exempt() -> None:
    bilan = apps.get_model("beneficiaires", "Bilan")
    inscrits = {r.model._meta.label_lower for r in retention.registrations()}
    oublies = sorted(
        m._meta.label_lower
        for m in apps.get_models()
        if m is not bilan
        and _chemin_vers_bilan(m) is not None
        and m._meta.label_lower not in inscrits | set(EXEMPTES)
    )
    assert oublies == [], f"modèles liés à un bilan sans règle de conservation : {oublies}"


def test_exempt_models_exist_and_are_not_registered_as_well() -> None:
    inscrits = {r.model._meta.label_lower for r in retention.registrations()}
    for label, motif in EXEMPTES.items():
        assert apps.get_model(label) is not None
        assert label not in inscrits
        assert motif


def test_every_registered_path_leads_to_a_bilan() -> None:
    bilan = apps.get_model("beneficiaires", "Bilan")
    for entree in retention.registrations():
        model = entree.model
        for nom in entree.bilan_path.split("__"):
            model = model._meta.get_field(nom).related_model
        assert model is bilan, entree
