"""Admin forms: the agency (write-only ANTS password) and the user (agencies and ANTS rights).

A manager works on plain French fields, not on Django's list of every permission: the user's
agencies among his own, and the three ANTS rights as checkboxes, those he does not hold himself
shown but locked. What is saved goes through agences.services, which checks it again.
"""

from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from autoecole.saisie import SaisieControlee

from . import access
from .models import CHAMPS_ADRESSE, Agence, User

# The form field of each ANTS right, with the words a manager reads.
DROITS_ANTS = {
    "peut_valider_demande": (access.VALIDER_DEMANDE, gettext_lazy("Peut valider une demande")),
    "peut_supprimer_demande": (access.SUPPRIMER_DEMANDE, gettext_lazy("Peut supprimer une demande")),
    "peut_supprimer_code_ephoto": (
        access.SUPPRIMER_CODE_EPHOTO,
        gettext_lazy("Peut supprimer le code ePhoto"),
    ),
}


class AgenceAdminForm(SaisieControlee, forms.ModelForm):
    # Write-only: never rendered back (render_value=False); blank keeps the stored password.
    mot_de_passe_ants = forms.CharField(
        label=gettext_lazy("Mot de passe ANTS"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy(
            "Jamais affiché. Laissez vide pour conserver le mot de passe enregistré ; "
            "saisissez-en un pour le remplacer."
        ),
    )
    prefecture = forms.ChoiceField(label=gettext_lazy("Préfecture"), required=False)

    # Set by AgenceAdmin.get_form: who is filling the form.
    granter: User | None = None

    class Meta:
        model = Agence
        fields = [
            "code",
            "nom",
            *CHAMPS_ADRESSE,
            "agence_responsable",
            "numero_agrement",
            "identifiant_ants",
            "prefecture",
            "heure_synchronisation",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prefecture"].choices = self._prefecture_choices()
        if self.instance.has_mot_de_passe_ants:
            self.fields["mot_de_passe_ants"].widget.attrs["placeholder"] = (
                _("(enregistré, inchangé)")
                if self.instance.mot_de_passe_ants_lisible
                else _("(enregistré mais illisible avec les clés actuelles : ressaisissez-le)")
            )
        if "agence_responsable" in self.fields:
            self.fields["agence_responsable"].queryset = self._responsable_choices()

    def _responsable_choices(self):
        # Only the granter's agencies (and the current one, which this agency already depends on).
        choices = access.agences_managed_by(self.granter).values("pk")
        queryset = Agence.objects.filter(pk__in=choices)
        if self.instance.agence_responsable_id:
            queryset = queryset | Agence.objects.filter(pk=self.instance.agence_responsable_id)
        return queryset.exclude(pk=self.instance.pk) if self.instance.pk else queryset

    def _prefecture_choices(self) -> list[tuple[str, str]]:
        disponibles = self.instance.prefectures_disponibles
        if not disponibles:
            return [("", _("— Mettez d'abord à jour la liste des préfectures —"))]
        return [("", "---------")] + [(p["code"], p["nom"]) for p in disponibles]


class UserAccessFields(forms.Form):
    """The agencies and ANTS rights of a user, as the granter may set them."""

    agences_attribuees = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Agences"),
        queryset=Agence.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("L'utilisateur voit les élèves et les demandes de ces agences seulement."),
    )
    peut_valider_demande = forms.BooleanField(label=DROITS_ANTS["peut_valider_demande"][1], required=False)
    peut_supprimer_demande = forms.BooleanField(
        label=DROITS_ANTS["peut_supprimer_demande"][1], required=False
    )
    peut_supprimer_code_ephoto = forms.BooleanField(
        label=DROITS_ANTS["peut_supprimer_code_ephoto"][1], required=False
    )

    granter: User | None = None

    def setup_access_fields(self):
        user = self.instance
        self.fields["agences_attribuees"].queryset = access.grantable_agences(self.granter)
        # A superuser may leave a user without agency (a manager to be); a manager may not.
        self.fields["agences_attribuees"].required = not self.granter.is_superuser
        if user.pk:
            self.initial["agences_attribuees"] = list(user.agences.values_list("pk", flat=True))
        held = (
            set(user.user_permissions.values_list("content_type__app_label", "codename"))
            if user.pk
            else set()
        )
        grantable = access.grantable_permissions(self.granter)
        for name, (permission, _label) in DROITS_ANTS.items():
            self.initial[name] = tuple(permission.split(".")) in held
            if permission not in grantable:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Vous n'avez pas ce droit : vous ne pouvez pas le donner.")

    def access_wanted(self) -> tuple[list[Agence], set[str]]:
        data = self.cleaned_data
        rights = {permission for name, (permission, _label) in DROITS_ANTS.items() if data.get(name)}
        return list(data.get("agences_attribuees") or []), rights


class UserAdminChangeForm(SaisieControlee, UserAccessFields, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_access_fields()


class UserAdminCreationForm(SaisieControlee, UserAccessFields, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_access_fields()
