from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ants.identifiants import clean_identifier
from autoecole.saisie import SaisieControlee
from documents.models import DocumentEleve

from .services import COMMENTAIRE_MAX


class NumeroForm(SaisieControlee, forms.Form):
    numero = forms.CharField(
        label=gettext_lazy("Numéro de la demande"),
        max_length=40,
        error_messages={"required": gettext_lazy("Saisissez le numéro de la demande, par exemple 4789.")},
    )


class EphotoForm(SaisieControlee, forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code ePhoto"),
        max_length=40,
        error_messages={"required": gettext_lazy("Saisissez le code ePhoto (22 lettres ou chiffres).")},
    )

    def clean_code(self):
        return clean_identifier(self.cleaned_data["code"])


class FichierPieceForm(SaisieControlee, forms.Form):
    """A file for one piece: from the computer, or one of the student's stored documents."""

    code = forms.ChoiceField(label=gettext_lazy("Pièce"))
    fichier = forms.FileField(label=gettext_lazy("Fichier depuis l'ordinateur"), required=False)
    document = forms.ModelChoiceField(
        label=gettext_lazy("ou un document de l'élève"), queryset=DocumentEleve.objects.none(), required=False
    )
    commentaire = forms.CharField(
        label=gettext_lazy("Commentaire"), max_length=COMMENTAIRE_MAX, required=False
    )

    def __init__(self, *args, demande, **kwargs):
        super().__init__(*args, **kwargs)
        self.demande = demande
        self.fields["code"].choices = [(p["code"], p["libelle"]) for p in demande.pieces]
        if demande.eleve is not None:
            self.fields["document"].queryset = demande.eleve.documents.all()
        self.fields["commentaire"].error_messages["max_length"] = _(
            "Le commentaire compte au plus %(max)s caractères."
        ) % {"max": COMMENTAIRE_MAX}

    @property
    def piece(self) -> dict:
        return next(p for p in self.demande.pieces if p["code"] == self.cleaned_data["code"])

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("fichier")) == bool(cleaned.get("document")):
            raise ValidationError(
                _("Choisissez un fichier sur l'ordinateur ou un document de l'élève (l'un des deux).")
            )
        return cleaned
