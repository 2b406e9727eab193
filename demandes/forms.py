from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ants.identifiants import clean_identifier
from autoecole.saisie import SaisieControlee
from documents.models import DocumentEleve

from . import compteurs
from .espace import Filtre
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


class _Jour(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FiltreDemandesForm(forms.Form):
    """The Espace Administratif's search (GET): what `espace.Filtre` holds, as the page asks it."""

    compteur = forms.ChoiceField(label=gettext_lazy("Compteur"), required=False)
    numero = forms.CharField(label=gettext_lazy("N° de demande"), max_length=40, required=False)
    cree_du = _Jour(label=gettext_lazy("Créée du"), required=False)
    cree_au = _Jour(label=gettext_lazy("au"), required=False)
    modifie_du = _Jour(label=gettext_lazy("Modifiée du"), required=False)
    modifie_au = _Jour(label=gettext_lazy("au"), required=False)
    non_reliees = forms.BooleanField(label=gettext_lazy("Non reliées à un élève"), required=False)

    PERIODES = (
        ("cree_du", "cree_au", gettext_lazy("Date de création")),
        ("modifie_du", "modifie_au", gettext_lazy("Date de modification")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compteur"].choices = [("", _("Tous les statuts")), *compteurs.choix_filtre()]

    def clean_numero(self):
        return clean_identifier(self.cleaned_data["numero"])

    def clean(self):
        cleaned = super().clean()
        for du, au, _libelle in self.PERIODES:
            if cleaned.get(du) and cleaned.get(au) and cleaned[du] > cleaned[au]:
                self.add_error(au, _("La date de fin précède la date de début."))
        return cleaned

    def periodes(self):
        """Each date range as (from, to, label), for the page."""
        return [(self[du], self[au], libelle) for du, au, libelle in self.PERIODES]

    def filtre(self) -> Filtre:
        """What is valid of the search: a wrong field is shown in error and left out, not guessed."""
        self.is_valid()
        valides = {nom: valeur for nom, valeur in self.cleaned_data.items() if nom not in self.errors}
        return Filtre(**{nom: valeur for nom, valeur in valides.items() if valeur not in (None, "")})


class AssocierForm(forms.Form):
    """ "Associer un élève à une demande": the student clicked in the dialog's list, and the option."""

    eleve = forms.IntegerField(
        error_messages={
            "required": gettext_lazy("Cliquez sur le nom de l'élève dans la liste."),
            "invalid": gettext_lazy("Cliquez sur le nom de l'élève dans la liste."),
        }
    )
    ecraser = forms.BooleanField(
        label=gettext_lazy(
            "Mettre à jour toutes les informations de l'élève depuis le site de la préfecture "
            "(adresse, n° de téléphone, e-mail, Cerfa…)"
        ),
        required=False,
    )
