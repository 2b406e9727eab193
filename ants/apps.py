from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AntsConfig(AppConfig):
    name = "ants"
    verbose_name = _("ANTS")
