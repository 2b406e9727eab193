from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters

from . import services
from .models import Agence, User


class AgenceAdminForm(forms.ModelForm):
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

    class Meta:
        model = Agence
        fields = [
            "code",
            "nom",
            "numero_voie",
            "extension_voie",
            "type_voie",
            "nom_voie",
            "complement",
            "code_postal",
            "ville",
            "agence_responsable",
            "numero_agrement",
            "identifiant_ants",
            "prefecture",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prefecture"].choices = self._prefecture_choices()
        if self.instance.has_mot_de_passe_ants:
            self.fields["mot_de_passe_ants"].widget.attrs["placeholder"] = _("(enregistré, inchangé)")
        if self.instance.pk:
            self.fields["agence_responsable"].queryset = Agence.objects.exclude(pk=self.instance.pk)

    def _prefecture_choices(self) -> list[tuple[str, str]]:
        disponibles = self.instance.prefectures_disponibles
        if not disponibles:
            return [("", _("— Mettez d'abord à jour la liste des préfectures —"))]
        return [("", "---------")] + [(p["code"], p["nom"]) for p in disponibles]


@admin.register(Agence)
class AgenceAdmin(admin.ModelAdmin):
    form = AgenceAdminForm
    list_display = [
        "code",
        "nom",
        "ville",
        "agence_responsable",
        "numero_agrement",
        "identifiant_ants",
        "a_mot_de_passe_ants",
        "prefecture_nom",
    ]
    search_fields = ["code", "nom", "ville", "numero_agrement"]
    actions = ["mettre_a_jour_prefectures", "tester_connexion_ants"]
    fieldsets = [
        (None, {"fields": ["code", "nom"]}),
        (
            gettext_lazy("Adresse"),
            {
                "fields": [
                    ("numero_voie", "extension_voie"),
                    ("type_voie", "nom_voie"),
                    "complement",
                    ("code_postal", "ville"),
                ]
            },
        ),
        (
            gettext_lazy("Agrément pour Cerfa (site de l'ANTS)"),
            {
                "fields": [
                    "agence_responsable",
                    "numero_agrement",
                    "identifiant_ants",
                    "mot_de_passe_ants",
                    "prefecture",
                ],
                "description": gettext_lazy(
                    "Le code postal, le numéro d'agrément et les identifiants ANTS sont obligatoires "
                    "pour mettre à jour la liste des préfectures (action de la liste des agences)."
                ),
            },
        ),
    ]

    @admin.display(boolean=True, description=gettext_lazy("mot de passe ANTS enregistré"))
    def a_mot_de_passe_ants(self, agence):
        return agence.has_mot_de_passe_ants

    @admin.display(description=gettext_lazy("préfecture"))
    def prefecture_nom(self, agence):
        return agence.prefecture_nom

    # Error reports (emails, debug page) must not show the typed password.
    @method_decorator(sensitive_post_parameters("mot_de_passe_ants"))
    def changeform_view(self, *args, **kwargs):
        return super().changeform_view(*args, **kwargs)

    def save_model(self, request, obj, form, change):
        # Blank means unchanged; only a typed password replaces the stored one.
        if form.cleaned_data.get("mot_de_passe_ants"):
            obj.set_mot_de_passe_ants(form.cleaned_data["mot_de_passe_ants"])
        super().save_model(request, obj, form, change)

    @admin.action(description=gettext_lazy("Mettre à jour la liste des préfectures"))
    def mettre_a_jour_prefectures(self, request, queryset):
        for agence in queryset:
            try:
                prefectures = services.agence_update_prefectures(agence=agence)
            except services.AgenceAntsError as exc:
                self.message_user(request, exc.message, messages.ERROR)
                continue
            self.message_user(
                request,
                _("%(agence)s : %(nombre)d préfecture(s) disponible(s) (%(noms)s).")
                % {
                    "agence": agence.code,
                    "nombre": len(prefectures),
                    "noms": ", ".join(p["nom"] for p in prefectures) or _("aucune"),
                },
                messages.SUCCESS if prefectures else messages.WARNING,
            )

    @admin.action(description=gettext_lazy("Tester la connexion ANTS"))
    def tester_connexion_ants(self, request, queryset):
        for agence in queryset:
            try:
                services.agence_test_connexion(agence=agence)
            except services.AgenceAntsError as exc:
                self.message_user(request, exc.message, messages.ERROR)
                continue
            self.message_user(
                request,
                _("%(agence)s : l'ANTS a accepté les identifiants.") % {"agence": agence.code},
                messages.SUCCESS,
            )


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = [
        *DjangoUserAdmin.fieldsets[:2],
        (gettext_lazy("Agences"), {"fields": ["agences"]}),
        *DjangoUserAdmin.fieldsets[2:],
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (gettext_lazy("Agences"), {"fields": ["agences"]}),
    ]
    filter_horizontal = ["agences", "groups", "user_permissions"]
    list_display = ["username", "first_name", "last_name", "liste_agences", "is_staff", "is_active"]
    list_filter = ["agences", "is_staff", "is_active", "groups"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("agences")

    @admin.display(description=gettext_lazy("agences"))
    def liste_agences(self, user):
        return ", ".join(agence.code for agence in user.agences.all())

    def get_readonly_fields(self, request, obj=None):
        # A manager with the right to change users must not be able to make anyone a superuser.
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly.append("is_superuser")
        return readonly
