"""Forms of the student file. They check what one field can say about itself; rules spanning the
file (age, legal representative, shared email…) are in eleves.verification."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agences.access import agences_for_user
from ants.client.types import Formation
from ants.identifiants import clean_identifier
from autoecole.saisie import SaisieControlee

from .models import Categorie, DossierPermis, Eleve, RepresentantLegal
from .validators import erreur_code_postal, erreur_libelle_voie

ADRESSE = ["numero_voie", "extension_voie", "type_voie", "nom_voie", "complement", "code_postal", "ville"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class IdentifiantField(forms.CharField):
    """NEPH, ePhoto code: pasted with spaces or dashes, checked once reduced to the identifier."""

    def to_python(self, value):
        return clean_identifier(super().to_python(value))

    def widget_attrs(self, widget):
        # No maxlength in the browser: "1703 9210 0012" must fit while being pasted.
        return {k: v for k, v in super().widget_attrs(widget).items() if k != "maxlength"}


class MessagesExplicites:
    """Every error names its field and says what to do, even Django's generic ones."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = str(field.label)
            field.error_messages["required"] = _("« %(label)s » est obligatoire : renseignez-le.") % {
                "label": label
            }
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = _(
                    "« %(label)s » n'est pas une date valide : saisissez-la au format JJ/MM/AAAA."
                ) % {"label": label}
            if isinstance(field, forms.EmailField):
                # Field.run_validators swaps a validator's message for the field's one with the same code.
                field.error_messages["invalid"] = _(
                    "« %(label)s » n'est pas une adresse e-mail valide : saisissez-la en entier, par exemple "
                    "prenom.nom@exemple.fr."
                ) % {"label": label}
            if isinstance(field, forms.ChoiceField):
                field.error_messages["invalid_choice"] = _(
                    "« %(label)s » : choisissez une valeur dans la liste."
                ) % {"label": label}


class AdresseMixin:
    def clean_nom_voie(self):
        return self._libelle_voie("nom_voie")

    def clean_complement(self):
        return self._libelle_voie("complement")

    def _libelle_voie(self, champ):
        valeur = self.cleaned_data[champ].strip()
        if message := erreur_libelle_voie(f"« {self.fields[champ].label} »", valeur):
            raise ValidationError(message)
        return valeur

    def clean_code_postal(self):
        valeur = self.cleaned_data["code_postal"].replace(" ", "")
        if message := erreur_code_postal(valeur):
            raise ValidationError(message)
        return valeur

    def clean_ville(self):
        return self.cleaned_data["ville"].strip().upper()


def _date_passee(form, champ):
    valeur = form.cleaned_data[champ]
    if valeur and valeur >= timezone.localdate():
        raise ValidationError(
            _("« %(label)s » est dans le futur : vérifiez l'année.") % {"label": form.fields[champ].label}
        )
    return valeur


class EleveForm(SaisieControlee, MessagesExplicites, AdresseMixin, forms.ModelForm):
    class Meta:
        model = Eleve
        fields = [
            "sexe",
            "nom_naissance",
            "nom_usage",
            "prenom",
            "autres_prenoms",
            "date_naissance",
            "ville_naissance",
            "departement_naissance",
            "pays_naissance",
            *ADRESSE,
            "telephone_mobile",
            "telephone_autre",
            "email",
            "agence",
            "inscrit_le",
            "categorie_formation",
            "filiere",
            "neph",
            "observations",
        ]
        field_classes = {"neph": IdentifiantField}
        widgets = {
            "date_naissance": DateInput(),
            "inscrit_le": DateInput(),
            "observations": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agence"].queryset = agences_for_user(user)
        self.fields["agence"].empty_label = None
        self.fields["ville"].required = True
        self.fields["code_postal"].required = True
        self.fields["nom_voie"].required = True
        self.fields["ville"].error_messages["required"] = _(
            "« Ville » est obligatoire : saisissez la ville d'habitation de l'élève."
        )

    def clean_date_naissance(self):
        return _date_passee(self, "date_naissance")

    def clean_nom_naissance(self):
        return self.cleaned_data["nom_naissance"].strip().upper()

    def clean_nom_usage(self):
        return self.cleaned_data["nom_usage"].strip().upper()

    def clean_ville_naissance(self):
        return self.cleaned_data["ville_naissance"].strip().upper()

    def clean_pays_naissance(self):
        return self.cleaned_data["pays_naissance"].strip().upper()

    def clean_departement_naissance(self):
        return self.cleaned_data["departement_naissance"].strip().upper()


class RepresentantForm(SaisieControlee, MessagesExplicites, AdresseMixin, forms.ModelForm):
    class Meta:
        model = RepresentantLegal
        fields = ["sexe", "nom", "prenom", "date_naissance", *ADRESSE, "telephone", "email"]
        widgets = {"date_naissance": DateInput()}

    def est_vide(self) -> bool:
        """Nothing typed: no representative at this rank (an existing one is removed)."""
        return not any(str(valeur).strip() for valeur in self.cleaned_data.values() if valeur is not None)

    def clean_date_naissance(self):
        return _date_passee(self, "date_naissance")

    def clean_nom(self):
        return self.cleaned_data["nom"].strip().upper()


class CategoriesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=Categorie.choices, required=False, **kwargs)


class DossierForm(SaisieControlee, MessagesExplicites, forms.ModelForm):
    categories_demandees = CategoriesField(label=gettext_lazy("Catégorie(s) de permis demandée(s)"))
    categories_obtenues = CategoriesField(label=gettext_lazy("Catégorie(s) déjà obtenue(s)"))
    filiere = forms.ChoiceField(
        label=gettext_lazy("Formule de formation"),
        choices=Formation.choices,
        help_text=gettext_lazy("La même que la filière de la fiche."),
    )

    class Meta:
        model = DossierPermis
        fields = [
            "categories_demandees",
            "categories_obtenues",
            "derniere_categorie",
            "derniere_categorie_date",
            "derniere_categorie_lieu",
            "derniere_categorie_pays",
            "derniere_categorie_prefecture",
            "derniere_categorie_departement",
            "derniere_categorie_mode",
            "instance_examen",
            "lit_francais",
            "correction_vision",
            "affection_medicale",
            "vehicule_amenage",
            "pension_invalidite",
            "opposition_reutilisation_donnees",
            "visite_medicale",
            "motif_titre",
            "date_examen_ou_formation",
            "code_ephoto_02",
            "code_ephoto_06",
        ]
        field_classes = {"code_ephoto_02": IdentifiantField, "code_ephoto_06": IdentifiantField}
        widgets = {
            "derniere_categorie_date": DateInput(),
            "visite_medicale": DateInput(),
            "date_examen_ou_formation": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["filiere"].initial = self.instance.eleve.filiere

    def clean_derniere_categorie_pays(self):
        return self.cleaned_data["derniere_categorie_pays"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        derniere = cleaned.get("derniere_categorie")
        if derniere and derniere not in cleaned.get("categories_obtenues", []):
            self.add_error(
                "derniere_categorie",
                _(
                    "La dernière catégorie obtenue (%(categorie)s) doit aussi être cochée dans « "
                    "Catégorie(s) déjà "
                    "obtenue(s) »."
                )
                % {"categorie": derniere},
            )
        return cleaned
