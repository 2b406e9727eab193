"""Forms of the student file. They check what one field can say about itself; rules spanning the
file (age, legal representative, shared email…) are in eleves.verification."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agences.access import SUPPRIMER_CODE_EPHOTO, agences_for_user, nom_du_droit
from agences.models import CHAMPS_ADRESSE
from ants.client.types import Formation
from ants.identifiants import clean_identifier, ephoto_validator, neph_validator
from autoecole.saisie import SaisieControlee

from .models import PAYS_FRANCE, Categorie, DossierPermis, Eleve, RepresentantLegal
from .noms import forme_ants, majuscules
from .validators import (
    erreur_autres_prenoms,
    erreur_code_postal,
    erreur_libelle_voie,
    erreur_nom,
    erreur_numero_voie,
    erreur_telephone,
)

ADRESSE = [*CHAMPS_ADRESSE, "pays"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class IdentifiantField(forms.CharField):
    """NEPH, ePhoto code: pasted with spaces or dashes, checked once reduced to the identifier."""

    def __init__(self, *, max_length=None, **kwargs):
        # No length limit of its own: the identifier's validator says the expected format, for a
        # code too long as for one too short ("22 lettres ou chiffres"), and the browser lets
        # "1703 9210 0012" be pasted whole.
        super().__init__(**kwargs)

    def to_python(self, value):
        return clean_identifier(super().to_python(value))


class NephField(IdentifiantField):
    # Checked here, the field's one message: the model's length check is then not run (Django skips
    # a field the form refused), which said "22 caractères au plus" in Django's words.
    default_validators = [neph_validator]


class EphotoField(IdentifiantField):
    default_validators = [ephoto_validator]


class MessagesExplicites:
    """Every error names its field and says what to do, even Django's generic ones."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = str(field.label)
            # Worded so that it agrees with any label: « Civilité », « Catégories demandées »…
            field.error_messages["required"] = _("Renseignez « %(label)s » : ce champ est obligatoire.") % {
                "label": label
            }
            field.error_messages["max_length"] = _(
                "« %(label)s » compte au plus %%(limit_value)d caractères (la saisie en a %%(show_value)d) "
                ": raccourcissez la saisie."
            ) % {"label": label}
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = _(
                    "« %(label)s » n'est pas une date valide : saisissez-la au format JJ/MM/AAAA."
                ) % {"label": label}
            if isinstance(field, forms.EmailField):
                # Field.run_validators swaps a validator's message for the field's one with the same code.
                field.error_messages["invalid"] = _(
                    "« %(label)s » n'est pas une adresse e-mail valide : saisissez-la en entier, par "
                    "exemple prenom.nom@exemple.fr."
                ) % {"label": label}
            if isinstance(field, forms.ChoiceField):
                field.error_messages["invalid_choice"] = _(
                    "« %(label)s » : choisissez une valeur dans la liste."
                ) % {"label": label}


def _nom(form, champ: str, erreur=erreur_nom) -> str:
    """The name as it is stored (eleves.noms.forme_ants), or the error saying what ANTS refuses."""
    valeur = forme_ants(form.cleaned_data[champ])
    if message := erreur(str(form.fields[champ].label), valeur):
        raise ValidationError(message)
    return valeur


def _telephone(form, champ: str, *, mobile: bool = False) -> str:
    valeur = form.cleaned_data[champ].strip()
    if message := erreur_telephone(str(form.fields[champ].label), valeur, mobile=mobile):
        raise ValidationError(message)
    return valeur


def _adresse_en_france_par_defaut(form) -> None:
    form.fields["pays"].required = False


def communes_proposees(form, ville: str, *, code_postal: str = "", departement: str = "") -> None:
    """The city field gets the referential's typeahead (static/js/eleves.js), narrowed by the form's
    postal code or department field; the postal code field offers its communes."""
    attrs = form.fields[ville].widget.attrs
    attrs.update(
        {
            "list": f"communes-{form[ville].auto_id}",
            "data-communes": reverse("eleves:communes"),
            "autocomplete": "off",
        }
    )
    if code_postal:
        attrs["data-communes-code-postal"] = form[code_postal].auto_id
        form.fields[code_postal].widget.attrs.update(
            {"data-communes-ville": form[ville].auto_id, "inputmode": "numeric"}
        )
    if departement:
        attrs["data-communes-departement"] = form[departement].auto_id


class AdresseMixin:
    def clean_numero_voie(self):
        return _nom(self, "numero_voie", erreur_numero_voie)

    def clean_nom_voie(self):
        return _nom(self, "nom_voie", erreur_libelle_voie)

    def clean_complement(self):
        return _nom(self, "complement", erreur_libelle_voie)

    def clean_code_postal(self):
        valeur = self.cleaned_data["code_postal"].replace(" ", "")
        if message := erreur_code_postal(valeur):
            raise ValidationError(message)
        return valeur

    def clean_ville(self):
        return majuscules(self.cleaned_data["ville"])

    def clean_pays(self):
        # Left empty, an address is in France (the form shows FRANCE to begin with).
        return majuscules(self.cleaned_data["pays"]) or PAYS_FRANCE


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
        field_classes = {"neph": NephField}
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
            "Renseignez « Ville » : saisissez la ville d'habitation de l'élève."
        )
        if self.instance.pk is None:
            self.fields["inscrit_le"].initial = timezone.localdate()
        communes_proposees(self, "ville", code_postal="code_postal")
        communes_proposees(self, "ville_naissance", departement="departement_naissance")
        _adresse_en_france_par_defaut(self)

    def clean_date_naissance(self):
        return _date_passee(self, "date_naissance")

    def clean_nom_naissance(self):
        return _nom(self, "nom_naissance")

    def clean_nom_usage(self):
        return _nom(self, "nom_usage")

    def clean_prenom(self):
        return _nom(self, "prenom")

    def clean_autres_prenoms(self):
        return _nom(self, "autres_prenoms", erreur_autres_prenoms)

    def clean_telephone_mobile(self):
        return _telephone(self, "telephone_mobile", mobile=True)

    def clean_telephone_autre(self):
        return _telephone(self, "telephone_autre")

    def clean_ville_naissance(self):
        return majuscules(self.cleaned_data["ville_naissance"])

    def clean_pays_naissance(self):
        return majuscules(self.cleaned_data["pays_naissance"])

    def clean_departement_naissance(self):
        return majuscules(self.cleaned_data["departement_naissance"])


class RepresentantForm(SaisieControlee, MessagesExplicites, AdresseMixin, forms.ModelForm):
    class Meta:
        model = RepresentantLegal
        fields = ["sexe", "nom", "prenom", "date_naissance", *ADRESSE, "telephone", "email"]
        widgets = {"date_naissance": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        communes_proposees(self, "ville", code_postal="code_postal")
        _adresse_en_france_par_defaut(self)

    def est_vide(self) -> bool:
        """Nothing typed: no representative at this rank (an existing one is removed). The country,
        FRANCE before anything is typed, says nothing by itself."""
        return not any(
            str(valeur).strip()
            for nom, valeur in self.cleaned_data.items()
            if valeur is not None and nom != "pays"
        )

    def clean_date_naissance(self):
        return _date_passee(self, "date_naissance")

    def clean_nom(self):
        return _nom(self, "nom")

    def clean_prenom(self):
        return _nom(self, "prenom")

    def clean_telephone(self):
        return _telephone(self, "telephone")


class CategoriesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=Categorie.choices, required=False, **kwargs)


class DossierForm(SaisieControlee, MessagesExplicites, forms.ModelForm):
    categories_demandees = CategoriesField(label=gettext_lazy("Catégories demandées"))
    categories_obtenues = CategoriesField(label=gettext_lazy("Catégories déjà obtenues"))
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
        field_classes = {"code_ephoto_02": EphotoField, "code_ephoto_06": EphotoField}
        widgets = {
            "derniere_categorie_date": DateInput(),
            "visite_medicale": DateInput(),
            "date_examen_ou_formation": DateInput(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["filiere"].initial = self.instance.eleve.filiere
        if not user.has_perm(SUPPRIMER_CODE_EPHOTO):
            self._proteger_codes_ephoto()

    def _proteger_codes_ephoto(self):
        """Without the right, a code already in the file can be neither emptied nor replaced: the field
        is disabled (Django then keeps the stored value whatever is posted), and says why."""
        raison = _(
            "Vous n'avez pas le droit « %(droit)s » : ce code ne peut être ni effacé ni remplacé depuis "
            "votre compte."
        ) % {"droit": nom_du_droit(SUPPRIMER_CODE_EPHOTO)}
        for champ in ("code_ephoto_02", "code_ephoto_06"):
            if getattr(self.instance, champ):
                self.fields[champ].disabled = True
                self.fields[champ].help_text = raison

    @property
    def categories_cases(self):
        """The two category fields, shown as the rows of one grid of checkboxes."""
        return [self["categories_demandees"], self["categories_obtenues"]]

    def clean_derniere_categorie_pays(self):
        return majuscules(self.cleaned_data["derniere_categorie_pays"])

    def clean_derniere_categorie_lieu(self):
        return majuscules(self.cleaned_data["derniere_categorie_lieu"])

    def clean(self):
        cleaned = super().clean()
        derniere = cleaned.get("derniere_categorie")
        if derniere and derniere not in cleaned.get("categories_obtenues", []):
            self.add_error(
                "derniere_categorie",
                _(
                    "La dernière catégorie obtenue (%(categorie)s) doit aussi être cochée parmi les « "
                    "Catégories déjà obtenues »."
                )
                % {"categorie": derniere},
            )
        return cleaned
