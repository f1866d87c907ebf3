"""The shared field partial, templates/_form_fields.html (every form of the platform)."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string


class _Formulaire(forms.Form):
    nom = forms.CharField(label="Nom")
    lu = forms.BooleanField(label="J'ai lu la convention", help_text="Article R6313-8.")


def test_form_fields_puts_a_checkbox_inside_its_label_above_its_help_text() -> None:
    """Pico's layout for a checkbox; with the box before its label instead, the help text
    that follows covered the box and a click on it did nothing (seen in the browser test
    of the CPF funding form)."""
    html = render_to_string("_form_fields.html", {"form": _Formulaire()})
    case = (
        '<label for="id_lu"><input type="checkbox" name="lu" required '
        'aria-describedby="id_lu_helptext" id="id_lu"> J&#x27;ai lu la convention '
        '<span aria-hidden="true">*</span></label>'
    )
    assert case in html
    assert html.index(case) < html.index('<small id="id_lu_helptext">Article R6313-8.</small>')


def test_form_fields_keeps_a_text_field_after_its_label() -> None:
    html = render_to_string("_form_fields.html", {"form": _Formulaire()})
    assert (
        '<label for="id_nom">Nom <span aria-hidden="true">*</span></label>\n  '
        '<input type="text" name="nom" required id="id_nom">'
    ) in html
