from django import forms
from django.utils.translation import gettext_lazy as _

from autoecole.saisie import SaisieControlee

from .models import DocumentEleve

Nature = DocumentEleve.Nature
# What a secretary files by hand; ANTS's documents and the school's prints are filed by the product.
NATURES_DEPOSEES = [
    Nature.PIECE_IDENTITE,
    Nature.JUSTIFICATIF_DOMICILE,
    Nature.PIECE_JUSTIFICATIVE,
    Nature.MANDAT_SIGNE,
    Nature.AUTRE,
]


class DocumentEleveForm(SaisieControlee, forms.Form):
    nature = forms.ChoiceField(
        label=_("Nature"),
        choices=[("", _("— Choisissez —")), *((n.value, n.label) for n in NATURES_DEPOSEES)],
        help_text=_("Elle dit combien de temps le document est conservé."),
        error_messages={"required": _("Choisissez la nature du document (pièce d'identité, mandat signé…).")},
    )
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
