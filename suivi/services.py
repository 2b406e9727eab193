"""Writes of the « À suivre » app: an agency's reminder settings (its manager's)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from agences.access import agences_for_user, agences_managed_by

from .models import ParametresRappels


def agences_des_rappels(user):
    """The agencies whose reminders the user sets: his own, if he manages them (no superuser bypass)."""
    return agences_managed_by(user).filter(pk__in=agences_for_user(user).values("pk"))


def parametres_rappels_modifier(*, agence, par, actifs: bool, nom_expediteur: str, email_expediteur: str):
    if not agences_des_rappels(par).filter(pk=agence.pk).exists():
        raise PermissionDenied(_("Seul un responsable de l'agence règle ses rappels."))
    parametres, _cree = ParametresRappels.objects.get_or_create(agence=agence)
    parametres.actifs, parametres.nom_expediteur = actifs, nom_expediteur
    parametres.email_expediteur = email_expediteur
    parametres.full_clean()
    parametres.save()
    return parametres
