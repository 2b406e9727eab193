from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from autoecole.admin_site import AgencyScopedAdmin

from . import access, services
from .admin_forms import AgenceAdminForm, UserAdminChangeForm, UserAdminCreationForm
from .models import Agence, User


def _form_for(form_class, request):
    """The admin's form class, told who fills it (choices and locked rights depend on it)."""
    return type(form_class.__name__, (form_class,), {"granter": request.user})


@admin.register(Agence)
class AgenceAdmin(AgencyScopedAdmin):
    form = AgenceAdminForm
    change_form_template = "admin/agences/agence/change_form.html"
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
                    "heure_synchronisation",
                ],
                "description": gettext_lazy(
                    "Le code postal, le numéro d'agrément et les identifiants ANTS sont obligatoires "
                    "pour mettre à jour la liste des préfectures (bouton en haut de la fiche)."
                ),
            },
        ),
    ]

    def scope_queryset(self, request, queryset):
        return queryset.filter(pk__in=access.agences_managed_by(request.user).values("pk"))

    def has_delete_permission(self, request, obj=None):
        # Students and demandes hang on an agency: removing one is the superuser's decision.
        return request.user.is_superuser

    def get_form(self, request, obj=None, **kwargs):
        return _form_for(super().get_form(request, obj, **kwargs), request)

    @admin.display(boolean=True, description=gettext_lazy("mot de passe ANTS utilisable"))
    def a_mot_de_passe_ants(self, agence):
        # One that no current key decrypts (a key removed) is stored but of no use: ✗, as none.
        return agence.mot_de_passe_ants_lisible

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
        if not change:
            services.agence_assign_creator(agence=obj, user=request.user)

    # The two ANTS checks, as actions on the list and as buttons on the form.

    def get_urls(self):
        button = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/tester-connexion/",
                button(require_POST(self.tester_connexion_view)),
                name="agences_agence_tester_connexion",
            ),
            path(
                "<path:object_id>/prefectures/",
                button(require_POST(self.prefectures_view)),
                name="agences_agence_prefectures",
            ),
        ] + super().get_urls()

    def _button(self, request, object_id, action):
        agence = self.get_object(request, unquote(object_id))
        if agence is None:
            raise Http404
        if not self.has_change_permission(request, agence):
            raise PermissionDenied
        action(request, [agence])
        return HttpResponseRedirect(reverse("admin:agences_agence_change", args=[agence.pk]))

    def tester_connexion_view(self, request, object_id):
        return self._button(request, object_id, self.tester_connexion_ants)

    def prefectures_view(self, request, object_id):
        return self._button(request, object_id, self.mettre_a_jour_prefectures)

    @admin.action(description=gettext_lazy("Mettre à jour la liste des préfectures"), permissions=["change"])
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

    @admin.action(description=gettext_lazy("Tester la connexion ANTS"), permissions=["view"])
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


class AgenceFilter(admin.RelatedFieldListFilter):
    """The "agences" filter of the user list offers only the agencies the viewer manages."""

    def field_choices(self, field, request, model_admin):
        return [(agence.pk, str(agence)) for agence in access.agences_managed_by(request.user)]


@admin.register(User)
class UserAdmin(AgencyScopedAdmin, DjangoUserAdmin):
    form = UserAdminChangeForm
    add_form = UserAdminCreationForm
    acces_fields = [
        "agences_attribuees",
        "peut_valider_demande",
        "peut_supprimer_demande",
        "peut_supprimer_code_ephoto",
    ]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (gettext_lazy("Identité"), {"fields": ["first_name", "last_name", "email"]}),
        (gettext_lazy("Agences et droits ANTS"), {"fields": [*acces_fields, "is_active"]}),
        (gettext_lazy("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    superuser_fieldsets = [
        (
            gettext_lazy("Administration (superutilisateur)"),
            {"fields": ["is_staff", "is_superuser", "groups"]},
        ),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "usable_password", "password1", "password2"]}),
        (gettext_lazy("Identité"), {"fields": ["first_name", "last_name", "email"]}),
        (gettext_lazy("Agences et droits ANTS"), {"fields": acces_fields}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ["groups"]
    list_display = ["username", "first_name", "last_name", "liste_agences", "is_staff", "is_active"]

    def scope_queryset(self, request, queryset):
        return queryset.filter(pk__in=access.users_managed_by(request.user).values("pk")).prefetch_related(
            "agences"
        )

    def get_list_filter(self, request):
        if request.user.is_superuser:
            return [("agences", AgenceFilter), "is_staff", "is_active", "groups"]
        return [("agences", AgenceFilter), "is_active"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and request.user.is_superuser:
            fieldsets[-1:-1] = self.superuser_fieldsets
        return fieldsets

    def get_form(self, request, obj=None, **kwargs):
        return _form_for(super().get_form(request, obj, **kwargs), request)

    @admin.display(description=gettext_lazy("agences"))
    def liste_agences(self, user):
        return ", ".join(agence.code for agence in user.agences.all())

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        agences, permissions = form.access_wanted()
        services.user_set_access(
            user=form.instance, agences=agences, permissions=permissions, by=request.user
        )
