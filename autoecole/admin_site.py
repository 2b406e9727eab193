"""The admin site: every model admin is superuser-only unless it says how it scopes by agency.

Third-party admins (groups, Celery beat's schedule, axes' login attempts) know nothing of
agencies, so a staff manager must not reach them at all. Our own admins opt in by subclassing
`AgencyScopedAdmin` and saying, in `scope_queryset`, which rows a manager may see; Django then
filters every changelist, change, delete, history, password, action and autocomplete through it.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


def _is_superuser(request) -> bool:
    return request.user.is_active and request.user.is_superuser


class SuperuserOnlyAdmin:
    """Mixed into any model admin that is not agency-scoped: only a superuser sees or changes it."""

    def has_module_permission(self, request):
        return _is_superuser(request)

    def has_view_permission(self, request, obj=None):
        return _is_superuser(request)

    def has_add_permission(self, request, *args):
        return _is_superuser(request)

    def has_change_permission(self, request, obj=None):
        return _is_superuser(request)

    def has_delete_permission(self, request, obj=None):
        return _is_superuser(request)


class AgencyScopedAdmin(admin.ModelAdmin):
    """A model admin whose rows a staff manager sees only through `scope_queryset`."""

    agency_scoped = True

    def scope_queryset(self, request, queryset):
        raise NotImplementedError(f"{type(self).__name__} must say which rows a manager may see")

    def get_queryset(self, request):
        return self.scope_queryset(request, super().get_queryset(request))

    def get_actions(self, request):
        # Bulk deletion skips each object's own checks: only a superuser gets it.
        actions = super().get_actions(request)
        if not _is_superuser(request):
            actions.pop("delete_selected", None)
        return actions


class AutoEcoleAdminSite(admin.AdminSite):
    site_header = _("Auto-école — administration")
    site_title = _("Auto-école")
    index_title = _("Agences, utilisateurs et droits")

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not getattr(admin_class, "agency_scoped", False):
            admin_class = type(admin_class.__name__, (SuperuserOnlyAdmin, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)
