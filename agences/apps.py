from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgencesConfig(AppConfig):
    name = "agences"
    verbose_name = _("Agences et utilisateurs")

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks
