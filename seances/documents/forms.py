"""The upload form of the working documents (issue 11, point 6)."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bilan.formulaires import COMMENTAIRE_MAX
from seances.models import TravailPersonnel

from .formats import ACCEPTES
from .models import TypeDocument
from .services import taille_lisible, taille_max

# A hint for the file picker only: the type is checked by content (formats.py).
EXTENSIONS = ".pdf,.png,.jpg,.jpeg,.webp,.docx,.xlsx,.pptx,.odt,.ods,.odp"


class DocumentForm(forms.Form):
    titre = forms.CharField(label=gettext_lazy("Titre"), max_length=200)
    type = forms.ChoiceField(label=gettext_lazy("Type de document"), choices=TypeDocument.choices)
    fichier = forms.FileField(
        label=gettext_lazy("Fichier"),
        error_messages={
            "required": gettext_lazy("Choisissez un fichier à déposer."),
            "empty": gettext_lazy("Le fichier est vide : choisissez un autre fichier."),
        },
    )
    travail = forms.ModelChoiceField(
        label=gettext_lazy("Travail personnel concerné (facultatif)"),
        queryset=TravailPersonnel.objects.none(),
        required=False,
    )
    commentaire = forms.CharField(
        max_length=COMMENTAIRE_MAX,
        label=gettext_lazy("Commentaire (facultatif)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Visible des seules personnes qui voient le document."),
    )

    def __init__(self, *args, travaux: QuerySet[TravailPersonnel], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fichier"].help_text = _(
            "Formats acceptés : %(formats)s. Taille maximale : %(max)s. Le type est "
            "vérifié d'après le contenu du fichier, pas d'après son nom."
        ) % {"formats": ACCEPTES, "max": taille_lisible(taille_max())}
        self.fields["fichier"].widget.attrs["accept"] = EXTENSIONS
        self.fields["travail"].queryset = travaux
        self.fields["travail"].label_from_instance = lambda t: (
            _("À rendre le %(d)s : %(c)s")
            % {
                "d": f"{t.echeance:%d/%m/%Y}",
                "c": t.consignes[:60],
            }
        )
        if not travaux.exists():
            del self.fields["travail"]
