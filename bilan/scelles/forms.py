"""The verification page's two forms: a PDF file, or the reference printed on it."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .verification import taille_max

# A PDF file starts with this header within its first kilobyte (ISO 32000-1, 7.5.2).
ENTETE_PDF = b"%PDF-"


def message_trop_volumineux() -> str:
    return _(
        "Ce fichier dépasse %(mo)s Mo : un document émis par la plateforme est bien "
        "plus léger. Vérifiez que vous avez choisi le bon fichier."
    ) % {"mo": taille_max() // (1024 * 1024)}


class VerificationPdfForm(forms.Form):
    fichier = forms.FileField(
        label=_("Document PDF à vérifier"),
        help_text=_("Le fichier tel que vous l'avez reçu, 10 Mo au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={
            "required": _("Choisissez le fichier PDF à vérifier."),
            "empty": _("Ce fichier est vide : ce n'est pas un document PDF."),
        },
    )

    def clean_fichier(self) -> bytes:
        fichier: UploadedFile = self.cleaned_data["fichier"]
        limite = taille_max()
        contenu = b""
        if fichier.size is None or fichier.size <= limite:
            fichier.seek(0)
            contenu = fichier.read(limite + 1)
        if not contenu or len(contenu) > limite:
            raise forms.ValidationError(message_trop_volumineux())
        # By content, not by name or declared type: a renamed file is still refused.
        if ENTETE_PDF not in contenu[:1024]:
            raise forms.ValidationError(
                _(
                    "Ce fichier n'est pas un document PDF. Déposez le fichier PDF reçu, sans le "
                    "convertir ni le renommer."
                )
            )
        return contenu


class VerificationReferenceForm(forms.Form):
    reference = forms.CharField(
        label=_("Référence imprimée sur le document"),
        max_length=64,
        error_messages={"required": _("Saisissez la référence imprimée sur le document.")},
    )
