"""The scoring service (issue 11, point 5: "scored automatically"): mean or sum per
dimension, reversed items, properties checked with hypothesis."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from seances.questionnaires.scoring import DimensionDef, ItemDef, scores_calculer


@st.composite
def questionnaires(draw):
    """A scale size, dimensions of items (some reversed) and a full set of answers."""
    n = draw(st.integers(min_value=2, max_value=10))
    dimensions, reponses, next_id = [], {}, 1
    for d in range(draw(st.integers(min_value=1, max_value=6))):
        items = []
        for _ in range(draw(st.integers(min_value=1, max_value=8))):
            items.append(ItemDef(id=next_id, inverse=draw(st.booleans())))
            reponses[next_id] = draw(st.integers(min_value=1, max_value=n))
            next_id += 1
        dimensions.append(DimensionDef(libelle=f"D{d}", items=items))
    return n, dimensions, reponses


@given(questionnaires(), st.sampled_from(["moyenne", "somme"]))
def test_scores_calculer_stays_between_the_lowest_and_highest_possible(q, calcul) -> None:
    n, dimensions, reponses = q
    scores = scores_calculer(dimensions=dimensions, reponses=reponses, echelle_max=n, calcul=calcul)
    assert [s.libelle for s in scores] == [d.libelle for d in dimensions]
    for s in scores:
        assert s.minimum <= s.score <= s.maximum
        assert 0.0 <= s.proportion <= 1.0


@given(questionnaires())
def test_scores_calculer_mean_is_the_sum_over_the_item_count(q) -> None:
    n, dimensions, reponses = q
    moyennes = scores_calculer(
        dimensions=dimensions, reponses=reponses, echelle_max=n, calcul="moyenne"
    )
    sommes = scores_calculer(
        dimensions=dimensions, reponses=reponses, echelle_max=n, calcul="somme"
    )
    for d, m, s in zip(dimensions, moyennes, sommes, strict=True):
        assert abs(m.score - s.score / len(d.items)) <= 0.005 + 1e-9  # rounded to 2 places
        assert (m.minimum, m.maximum) == (1.0, float(n))
        assert (s.minimum, s.maximum) == (float(len(d.items)), float(n * len(d.items)))


@given(questionnaires())
def test_scores_calculer_does_not_depend_on_the_items_order(q) -> None:
    n, dimensions, reponses = q
    renverses = [DimensionDef(d.libelle, list(reversed(d.items))) for d in dimensions]
    a = scores_calculer(dimensions=dimensions, reponses=reponses, echelle_max=n, calcul="somme")
    b = scores_calculer(dimensions=renverses, reponses=reponses, echelle_max=n, calcul="somme")
    assert a == b


@given(questionnaires())
def test_scores_calculer_reversed_item_mirrors_the_scale(q) -> None:
    """Answering v on a reversed item counts as answering 1 + n - v on a straight one."""
    n, dimensions, reponses = q
    droites = [DimensionDef(d.libelle, [ItemDef(i.id, False) for i in d.items]) for d in dimensions]
    miroir = {
        i.id: (1 + n - reponses[i.id]) if i.inverse else reponses[i.id]
        for d in dimensions
        for i in d.items
    }
    assert scores_calculer(
        dimensions=dimensions, reponses=reponses, echelle_max=n, calcul="somme"
    ) == scores_calculer(dimensions=droites, reponses=miroir, echelle_max=n, calcul="somme")


@given(st.integers(min_value=2, max_value=10), st.data())
def test_scores_calculer_same_answer_everywhere_gives_that_mean(n, data) -> None:
    v = data.draw(st.integers(min_value=1, max_value=n))
    dimension = DimensionDef("D", [ItemDef(1), ItemDef(2), ItemDef(3)])
    (score,) = scores_calculer(
        dimensions=[dimension], reponses={1: v, 2: v, 3: v}, echelle_max=n, calcul="moyenne"
    )
    assert score.score == float(v)


def test_scores_calculer_rounds_the_mean_to_two_decimals() -> None:
    dimension = DimensionDef("D", [ItemDef(1), ItemDef(2), ItemDef(3)])
    (score,) = scores_calculer(
        dimensions=[dimension], reponses={1: 1, 2: 1, 3: 2}, echelle_max=5, calcul="moyenne"
    )
    assert score.score == 1.33
    assert round(score.proportion, 4) == round(0.33 / 4, 4)


def test_scores_calculer_reversed_item_in_a_sum() -> None:
    dimension = DimensionDef("D", [ItemDef(1), ItemDef(2, inverse=True)])
    (score,) = scores_calculer(
        dimensions=[dimension], reponses={1: 5, 2: 5}, echelle_max=5, calcul="somme"
    )
    assert (score.score, score.minimum, score.maximum) == (6.0, 2.0, 10.0)
