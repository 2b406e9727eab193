from django import forms
from django.utils.translation import gettext_lazy as _

from autoecole.saisie import SaisieControlee


class DocumentEleveForm(SaisieControlee, forms.Form):
    libelle = forms.CharField(
        label=_("Libellé"),
        max_length=120,
        required=False,
        help_text=_("Par exemple « Carte d'identité recto-verso ». Le nom du fichier sinon."),
    )
    fichier = forms.FileField(
        label=_("Fichier"),
        help_text=_("PDF, JPEG ou PNG, 11 Mo au plus."),
        error_messages={
            "required": _("« Fichier » est obligatoire : choisissez le fichier à déposer."),
            "empty": _("Le fichier choisi est vide : choisissez un autre fichier."),
        },
    )
