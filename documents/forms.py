from django import forms
from django.utils.translation import gettext_lazy as _

from autoecole.saisie import SaisieControlee

from . import attente
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
        choices=[("", _("Choisissez…")), *((n.value, n.label) for n in NATURES_DEPOSEES)],
        help_text=_("Elle dit combien de temps le document est conservé."),
        error_messages={"required": _("Renseignez « Nature » : choisissez ce qu'est le document.")},
    )
    libelle = forms.CharField(
        label=_("Libellé"),
        max_length=120,
        required=False,
        help_text=_("Par exemple « Carte d'identité recto-verso ». Le nom du fichier sinon."),
        error_messages={"max_length": _("« Libellé » compte au plus 120 caractères : raccourcissez-le.")},
    )
    fichier = forms.FileField(
        label=_("Fichier"),
        required=False,
        help_text=_("PDF, JPEG ou PNG, 11 Mo au plus."),
        error_messages={"empty": _("Le fichier choisi est vide : choisissez un autre fichier.")},
    )
    # The token of a file chosen on a previous try (documents.attente): not to be chosen again.
    fichier_garde = forms.CharField(label=_("Fichier gardé"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.garde = None  # the file taken back from a previous try
        self.nom_garde = ""  # the name of the file kept, shown on the form

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("fichier") is None and "fichier" not in self.errors:
            self.garde = attente.reprendre(cleaned.get("fichier_garde", ""), user=self.user)
            if self.garde is None:
                self.add_error("fichier", _("Renseignez « Fichier » : choisissez le fichier à déposer."))
        return cleaned

    @property
    def fichier_choisi(self):
        return self.cleaned_data.get("fichier") or self.garde

    def garder_le_fichier(self) -> None:
        """After an error elsewhere, the file chosen is kept and named on the form shown again."""
        fichier = self.cleaned_data.get("fichier") if hasattr(self, "cleaned_data") else None
        if fichier is not None and "fichier" not in self.errors:
            self.data = self.data.copy()
            self.data["fichier_garde"] = attente.garder(fichier, user=self.user)
            self.nom_garde = fichier.name
        elif self.garde is not None:
            self.nom_garde = self.garde.name
