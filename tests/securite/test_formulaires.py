"""Every form of the platform takes hostile input without breaking (issue 9, point 2).

The forms are found, not listed: every ``forms.BaseForm`` subclass defined in the project's
apps, and the forms of every formset. A form that needs constructor arguments must be in
``CONSTRUCTEURS`` below, or ``test_every_form_can_be_built_for_the_hostile_test`` fails: a new
form cannot escape. For each one, hypothesis fills every field with hostile values (huge
strings, NUL bytes and control characters, unicode, SQL-looking text, numbers out of range,
NaN, far-away dates, several values for one field) mixed with plausible ones, and checks:

* ``is_valid()`` never raises;
* a refusal speaks French (domain.md: "refuse with a clear French message"): no message of
  Django's English defaults is left;
* an accepted value is within the field's own limits (length, range, digits, choices) and
  carries no NUL byte (PostgreSQL refuses them in text).
"""

from __future__ import annotations

import datetime
import decimal
import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from hypothesis import given
from hypothesis import strategies as st

from bilan.formulaires import TEXTE_LONG_MAX
from tests.securite.hostile import HOSTILE, TEXTES_HOSTILES, messages_anglais, textes_hostiles

APPS = ("bilan", "beneficiaires", "seances", "synthese", "suivi")
# Modules that configure or start the process rather than define code of the apps.
HORS_CODE = (".migrations", ".management", ".settings", ".wsgi", ".gunicorn_conf")


def _importer_les_apps() -> None:
    for nom in APPS:
        paquet = importlib.import_module(nom)
        for module in pkgutil.walk_packages(paquet.__path__, f"{nom}."):
            if not any(part in module.name for part in HORS_CODE):
                importlib.import_module(module.name)


def _sous_classes(cls: type) -> list[type]:
    return [s for c in cls.__subclasses__() for s in (c, *_sous_classes(c))]


def _du_projet(cls: type) -> bool:
    return cls.__module__.split(".")[0] in APPS


def formulaires_du_projet() -> list[type[forms.BaseForm]]:
    _importer_les_apps()
    trouves = {c for c in _sous_classes(forms.BaseForm) if _du_projet(c)}
    # The forms of every formset, whether or not they are named somewhere else.
    trouves |= {fs.form for fs in formsets_du_projet()}
    return sorted(trouves, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def formsets_du_projet() -> list[type[forms.BaseFormSet]]:
    _importer_les_apps()
    formsets = []
    for nom in APPS:
        paquet = importlib.import_module(nom)
        modules = [paquet] + [
            importlib.import_module(m.name)
            for m in pkgutil.walk_packages(paquet.__path__, f"{nom}.")
            if not any(part in m.name for part in HORS_CODE)
        ]
        for module in modules:
            for valeur in vars(module).values():
                if (
                    isinstance(valeur, type)
                    and issubclass(valeur, forms.BaseFormSet)
                    and hasattr(valeur, "form")
                    and _du_projet(valeur.form)
                ):
                    formsets.append(valeur)
    return sorted(set(formsets), key=lambda c: f"{c.form.__module__}.{c.form.__qualname__}")


# --- Forms that need constructor arguments: how to build them for the test. ------------------


def _criteres() -> list[Any]:
    from seances.outils.models import Critere

    return [Critere(pk=1, libelle="Salaire", poids=60), Critere(pk=2, libelle="Trajet", poids=40)]


def _scenarios() -> list[Any]:
    from seances.outils.models import Scenario

    return [Scenario(pk=1, lettre="A"), Scenario(pk=2, lettre="B")]


def _questions() -> list[Any]:
    from suivi.models import Question

    return [
        Question(pk=1, libelle="Satisfaction", type="echelle", obligatoire=True),
        Question(pk=2, libelle="Format", type="choix", choix="Présentiel\nDistance"),
        Question(pk=3, libelle="Commentaire", type="texte", obligatoire=False),
    ]


def _travaux() -> dict[str, Any]:
    from seances.models import TravailPersonnel

    return {"travaux": TravailPersonnel.objects.all()}


CONSTRUCTEURS: dict[str, Callable[[], dict[str, Any]]] = {
    "seances.documents.forms.DocumentForm": _travaux,
    "seances.outils.forms.PonderationForm": lambda: {"criteres": _criteres()},
    "seances.outils.forms.NotesForm": lambda: {
        "scenarios": _scenarios(),
        "criteres": _criteres(),
    },
    "synthese.plan_action.forms.ActionForm": lambda: {"plan": None},
    "synthese.plan_action.forms.ContributionForm": lambda: {"plan": None},
    "suivi.forms.EnqueteForm": lambda: {"questions": _questions()},
}


def _nom(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _construire(cls: type[forms.BaseForm], **kwargs: Any) -> forms.BaseForm:
    extra = CONSTRUCTEURS[_nom(cls)]() if _nom(cls) in CONSTRUCTEURS else {}
    return cls(**extra, **kwargs)


FORMULAIRES = formulaires_du_projet()


def test_the_forms_are_found() -> None:
    noms = {_nom(c) for c in FORMULAIRES}
    # A few of each app: the discovery walks them all.
    assert {
        "beneficiaires.forms.BeneficiaireCreateForm",
        "beneficiaires.forms.EcheanceForm",
        "bilan.scelles.forms.VerificationPdfForm",
        "seances.forms.PlanModeleLigneForm",
        "seances.documents.forms.DocumentForm",
        "synthese.forms.SectionsForm",
        "suivi.forms.OffreForm",
    } <= noms
    assert len(noms) >= 70


def test_the_registry_names_only_forms_of_the_project() -> None:
    assert set(CONSTRUCTEURS) <= {_nom(c) for c in FORMULAIRES}


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FORMULAIRES, ids=_nom)
def test_every_form_can_be_built_for_the_hostile_test(cls: type[forms.BaseForm]) -> None:
    if _nom(cls) in CONSTRUCTEURS:
        assert _construire(cls).fields
        return
    try:
        cls()
    except TypeError as exc:
        pytest.fail(
            f"{_nom(cls)} needs constructor arguments ({exc}): add it to CONSTRUCTEURS in "
            "tests/securite/test_formulaires.py so that hostile input is tried on it."
        )


def _textes_libres(form: forms.BaseForm) -> dict[str, forms.CharField]:
    """The fields that take free text; a ``RegexField`` takes only what its pattern allows."""
    return {
        nom: field
        for nom, field in form.fields.items()
        if isinstance(field, forms.CharField) and not isinstance(field, forms.RegexField)
    }


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FORMULAIRES, ids=_nom)
def test_every_free_text_has_a_ceiling_refused_in_french(cls: type[forms.BaseForm]) -> None:
    """Session notes took two megabytes of text: every free text now has a ceiling (at most a
    long text's 20,000 characters), and one character more is refused in French."""
    textes = _textes_libres(_construire(cls))
    for nom, field in textes.items():
        assert field.max_length is not None, f"{_nom(cls)}.{nom} takes text of any length"
        assert field.max_length <= TEXTE_LONG_MAX, f"{_nom(cls)}.{nom}"
    if not textes:
        return
    vide = _construire(cls)
    donnees = QueryDict(mutable=True)
    for nom, field in textes.items():
        donnees[vide.add_prefix(nom)] = "a" * (field.max_length + 1)
    form = _construire(cls, data=donnees)
    form.is_valid()
    for nom, field in textes.items():
        assert (
            f"Assurez-vous que cette valeur comporte au plus {field.max_length} caractères"
            in " ".join(form.errors.get(nom, []))
        ), f"{_nom(cls)}.{nom}: {form.errors.get(nom)}"


# --- Values: hostile ones, and plausible ones so that the accepted branch is reached too. ----


def _plausible(field: forms.Field) -> st.SearchStrategy[str]:
    if isinstance(field, forms.ModelChoiceField):
        pks = [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:20]]
        return st.sampled_from(pks or ["1"])
    if isinstance(field, forms.ChoiceField):
        valeurs = [str(k) for k, _label in field.choices if not isinstance(_label, list | tuple)]
        return st.sampled_from(valeurs or [""])
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", "", "false", "0"])
    if isinstance(field, forms.IntegerField):
        bas = field.min_value if field.min_value is not None else -100
        haut = field.max_value if field.max_value is not None else 10_000
        return st.integers(bas - 2, haut + 2).map(str)
    if isinstance(field, forms.DecimalField):
        places = field.decimal_places or 0
        haut = decimal.Decimal(10) ** ((field.max_digits or 6) - places) - 1
        return st.decimals(-1, haut + 1, places=places, allow_nan=False).map(str)
    if isinstance(field, forms.DateField):
        return st.dates(datetime.date(1900, 1, 1), datetime.date(2200, 1, 1)).map(str)
    if isinstance(field, forms.TimeField):
        return st.times().map(lambda t: t.strftime("%H:%M"))
    if isinstance(field, forms.EmailField):
        return st.emails().filter(lambda e: len(e) <= 254)
    if isinstance(field, forms.URLField):
        return st.sampled_from(["https://visio.exemple.test/salle", "visio.exemple.test/x"])
    if isinstance(field, forms.RegexField):
        return st.from_regex(r"\A\d{6}\Z")
    lettres = st.characters(categories=("L", "N", "P", "Zs"), exclude_characters="\x00")
    return st.text(lettres, min_size=1, max_size=60).filter(str.strip)


def _valeurs(field: forms.Field) -> st.SearchStrategy[list[str]]:
    une = st.one_of(textes_hostiles(), _plausible(field))
    # Several values for one name: a tampered request; the last one is read.
    return st.one_of(une.map(lambda v: [v]), st.lists(une, min_size=0, max_size=3))


def _fichier(contenu: bytes, nom: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(nom or "x", contenu, content_type="application/pdf")


FICHIERS = st.builds(
    _fichier,
    st.one_of(
        st.sampled_from(
            [b"", b"\x00", b"%PDF-1.7\n%%EOF", b"MZ\x90\x00", b"<svg onload=alert(1)>", b"x" * 5000]
        ),
        st.binary(max_size=300),
    ),
    st.sampled_from(["../../etc/passwd.pdf", "a" * 300 + ".pdf", "nul\x00.pdf", "rapport.pdf", ""]),
)


def _donnees(draw: Callable, form: forms.BaseForm) -> tuple[QueryDict, MultiValueDict]:
    """Hostile values in some fields (from none to all), plausible ones in the others: a form
    with one bad field among good ones reaches its cross-field checks and its accepted branch."""
    attaques = draw(st.sets(st.sampled_from(list(form.fields) or [""])))
    donnees = QueryDict(mutable=True)
    fichiers = MultiValueDict()
    for nom, field in form.fields.items():
        cle = form.add_prefix(nom)
        if isinstance(field, forms.FileField):
            if draw(st.booleans()):
                fichiers[cle] = draw(FICHIERS)
        elif nom in attaques:
            donnees.setlist(cle, draw(_valeurs(field)))
        else:
            donnees[cle] = draw(_plausible(field))
    return donnees, fichiers


# --- The properties. ----------------------------------------------------------------------------


def _tous_les_messages(form: forms.BaseForm) -> list[str]:
    return [str(m) for messages in form.errors.values() for m in messages]


def _dans_les_limites(nom: str, field: forms.Field, valeur: Any) -> None:
    """An accepted value passes its field's validators again and has the field's type."""
    if valeur in field.empty_values:
        return
    if isinstance(valeur, str):
        assert "\x00" not in valeur, nom
        if getattr(field, "max_length", None):
            assert len(valeur) <= field.max_length, nom
    if isinstance(field, forms.IntegerField) and not isinstance(field, forms.DecimalField):
        assert isinstance(valeur, int), nom
    if isinstance(valeur, decimal.Decimal):
        assert valeur.is_finite(), nom
    if isinstance(field, forms.DateField):
        assert isinstance(valeur, datetime.date), nom
    if isinstance(field, forms.ModelChoiceField):
        assert field.queryset.filter(pk=valeur.pk).exists(), nom
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.TypedChoiceField):
        assert valeur in {str(k) for k, _label in field.choices}, nom
    try:
        field.run_validators(valeur)
    except ValidationError as exc:  # pragma: no cover - the failure is the finding
        pytest.fail(f"{nom} accepted {valeur!r} although its validators refuse it: {exc}")


@pytest.fixture
def lignes_de_choix(consultant, dossier) -> None:
    """Rows the model choices can point to, so that some hostile forms are accepted."""
    from seances.demo import programme_seed_ensure

    programme_seed_ensure()


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FORMULAIRES, ids=_nom)
@HOSTILE
@given(data=st.data())
def test_hostile_input_is_refused_in_french_or_accepted_within_limits(
    cls: type[forms.BaseForm], data: st.DataObject, lignes_de_choix: None
) -> None:
    vide = _construire(cls)
    donnees, fichiers = _donnees(data.draw, vide)
    form = _construire(cls, data=donnees, files=fichiers)

    valide = form.is_valid()  # never raises

    assert messages_anglais(_tous_les_messages(form)) == []
    if valide:
        for nom, valeur in form.cleaned_data.items():
            _dans_les_limites(nom, form.fields[nom], valeur)


# --- Formsets: the management form is input too. ----------------------------------------------

FORMSETS = formsets_du_projet()


def test_the_formsets_are_found() -> None:
    assert {fs.form.__name__ for fs in FORMSETS} >= {"EcheanceForm", "PlanModeleLigneForm"}


@pytest.mark.django_db
@pytest.mark.parametrize("formset", FORMSETS, ids=lambda fs: fs.form.__name__)
@HOSTILE
@given(data=st.data())
def test_a_tampered_formset_is_refused_in_french(
    formset: type[forms.BaseFormSet], data: st.DataObject
) -> None:
    nombre = st.one_of(st.sampled_from(TEXTES_HOSTILES[:40]), st.integers(-5, 3000).map(str))
    donnees = QueryDict(mutable=True)
    for cle in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
        if data.draw(st.booleans()):
            donnees[f"p-{cle}"] = data.draw(nombre)
    modele = formset.form()
    for i in range(data.draw(st.integers(0, 3))):
        for nom, field in modele.fields.items():
            donnees.setlist(f"p-{i}-{nom}", data.draw(_valeurs(field)))

    fs = formset(donnees, prefix="p")
    valide = fs.is_valid()  # never raises

    messages = [str(m) for m in fs.non_form_errors()]
    messages += [str(m) for form in fs.forms for ms in form.errors.values() for m in ms]
    assert messages_anglais(messages) == []
    assert len(fs.forms) <= fs.absolute_max
    if valide:
        for form in fs.forms:
            for nom, valeur in form.cleaned_data.items():
                _dans_les_limites(nom, form.fields[nom], valeur)
