from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from agences.access import agences_managed_by
from autoecole.admin_site import AgencyScopedAdmin

from .models import AccesDocument


@admin.register(AccesDocument)
class AccesDocumentAdmin(AgencyScopedAdmin):
    """Who downloaded which student document, when: read only, a manager sees his agencies' own."""

    list_display = ["le", "identifiant", "eleve", "agence", "libelle", "nature"]
    list_filter = ["nature", "le"]
    search_fields = ["identifiant", "libelle", "eleve__recherche_nom", "eleve__recherche_prenom"]
    date_hierarchy = "le"
    list_select_related = ["eleve__agence"]
    fields = ["le", "identifiant", "eleve", "libelle", "nature", "document"]
    readonly_fields = fields

    def scope_queryset(self, request, queryset):
        return queryset.filter(eleve__agence__in=agences_managed_by(request.user).values("pk"))

    @admin.display(description=_("agence"), ordering="eleve__agence__code")
    def agence(self, acces):
        return acces.eleve.agence.code

    # A record of what happened: nobody writes it by hand, nobody removes it but the purge.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
