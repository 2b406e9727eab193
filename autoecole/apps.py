from django.contrib.admin.apps import AdminConfig


class AutoEcoleAdminConfig(AdminConfig):
    """Django's admin, on our site: see autoecole.admin_site."""

    default_site = "autoecole.admin_site.AutoEcoleAdminSite"
