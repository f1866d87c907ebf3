"""Starting text for the synthèse (issue 11, point 7; domain.md, point 7: "the competences and
aptitudes in view of the options considered (strengths and areas for progress); the
elements of the professional project and the alternatives; where relevant the training
project; the detailed steps").

The ``texte_*`` builders are pure (objects in, French text out); the ``source_*`` functions
registered with :func:`synthese.sources.register_source` read the bilan's rows. They are
called only from the consultant's synthèse editor, on the consultant's action: the editor
has already checked that the bilan is theirs.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from beneficiaires.models import Bilan

from .models import Competence, Critere, Exigence, Matrice, Moyen, Niveau, Note, Scenario
from .services.scenarios import Resultat, scenario_scores

FORT = 3  # levels 3 and 4 are strengths; 1 and 2 areas for progress


def _niveau(n: int | None) -> str:
    return Niveau(n).label.split(" : ")[0] if n else "niveau à évaluer"


def _competence(c: Competence) -> str:
    ligne = f"- {c.intitule} ({c.get_type_display().split(' ')[0].lower()}, {_niveau(c.niveau)})"
    if c.transferabilite:
        ligne += f", transférabilité {c.transferabilite}"
    if c.transfert:
        ligne += f" : {c.transfert}"
    return ligne


def texte_competences(competences: Sequence[Competence]) -> str:
    """Strengths (levels 3-4) then areas for progress (levels 1-2); the consultant's level
    when reviewed, the self-assessed one otherwise."""
    appuis = [c for c in competences if (c.niveau or 0) >= FORT]
    progres = [c for c in competences if c.niveau and c.niveau < FORT]
    blocs = []
    if appuis:
        blocs.append("Points d'appui :\n" + "\n".join(_competence(c) for c in appuis))
    if progres:
        blocs.append("Axes de progrès :\n" + "\n".join(_competence(c) for c in progres))
    return "\n\n".join(blocs)


def _score(score: Decimal | None) -> str:
    return f"{score:.2f}".replace(".", ",") + "/5" if score is not None else "non calculé"


def texte_projet(resultats: Sequence[Resultat]) -> str:
    """The chosen scenario, its reason, levers and obstacles, then the alternatives with
    their weighted results; nothing until a scenario is chosen."""
    retenu = next((r for r in resultats if r.scenario.retenu), None)
    if retenu is None:
        return ""
    s = retenu.scenario
    lignes = [f"Scénario retenu : {s.intitule} (résultat pondéré {_score(retenu.score)})."]
    for titre, texte in (
        ("Raison du choix", s.raison),
        ("Avantages", s.avantages),
        ("Risques", s.risques),
        ("Leviers", s.leviers),
        ("Freins", s.obstacles),
    ):
        if texte:
            lignes.append(f"{titre} : {texte}")
    autres = [r for r in resultats if r is not retenu]
    if autres:
        lignes.append("")
        lignes.append("Pistes alternatives :")
        lignes.extend(
            f"- {r.scenario.intitule} (résultat pondéré {_score(r.score)})" for r in autres
        )
    return "\n".join(lignes)


def _ecart(e: Exigence) -> str:
    actuel = _niveau(e.niveau_actuel) if e.niveau_actuel else "non acquis"
    ligne = f"- {e.intitule} : {actuel}, requis {_niveau(e.niveau_requis)}"
    return ligne + (f" ; {e.moyen_detail}" if e.moyen_detail else "")


def texte_formation(matrices: Sequence[Matrice]) -> str:
    """The gaps to close by training, per target."""
    return _par_cible(matrices, moyens={Moyen.FORMATION}, titre="Formation visée pour « {} »")


def texte_etapes(matrices: Sequence[Matrice]) -> str:
    """Every gap, per target and per means (formation, expérience, réseau)."""
    blocs = []
    for m in matrices:
        ecarts = [e for e in m.exigences.all() if e.ecart]
        if not ecarts:
            continue
        lignes = [f"Pour « {m.cible} », écarts à combler :"]
        for moyen in [*Moyen, ""]:
            du_moyen = [e for e in ecarts if e.moyen == moyen]
            if du_moyen:
                nom = Moyen(moyen).label if moyen else "Moyen à définir"
                lignes.append(f"{nom} :")
                lignes.extend(_ecart(e) for e in du_moyen)
        blocs.append("\n".join(lignes))
    return "\n\n".join(blocs)


def _par_cible(matrices: Sequence[Matrice], *, moyens: set[str], titre: str) -> str:
    blocs = []
    for m in matrices:
        ecarts = [e for e in m.exigences.all() if e.ecart and e.moyen in moyens]
        if ecarts:
            blocs.append(titre.format(m.cible) + " :\n" + "\n".join(_ecart(e) for e in ecarts))
    return "\n\n".join(blocs)


def source_competences(bilan: Bilan) -> str:
    return texte_competences(list(Competence.objects.filter(dossier__bilan=bilan)))


def source_projet(bilan: Bilan) -> str:
    scenarios = list(Scenario.objects.filter(dossier__bilan=bilan))
    criteres = Critere.objects.filter(dossier__bilan=bilan)
    notes = Note.objects.filter(scenario__dossier__bilan=bilan)
    return texte_projet(scenario_scores(scenarios=scenarios, criteres=criteres, notes=notes))


def _matrices(bilan: Bilan) -> list[Matrice]:
    return list(
        Matrice.objects.filter(dossier__bilan=bilan).prefetch_related("exigences__competence")
    )


def source_formation(bilan: Bilan) -> str:
    return texte_formation(_matrices(bilan))


def source_etapes(bilan: Bilan) -> str:
    return texte_etapes(_matrices(bilan))
