"""Who may see what. Every view loads agency data through these helpers.

Rules (kept deliberately simple, and tested in tests/agences/test_access.py):
- A user sees the data of the agencies assigned to them (`User.agences`), and nothing else.
- There is no implicit bypass: a superuser with no agency assigned sees no agency data in the
  application pages (the Django admin is a separate, staff-only tool). A manager ("dirigeant") is
  simply a staff user to whom every agency of the school is assigned.
- Inactive or anonymous users see nothing.
- An object of another agency answers 404, not 403, so its existence is not disclosed.
- The three ANTS rights are Django permissions (per user or group), checked with `require_permission`.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Agence, User

VALIDER_DEMANDE = "agences.valider_demande"
SUPPRIMER_DEMANDE = "agences.supprimer_demande"
SUPPRIMER_CODE_EPHOTO = "agences.supprimer_code_ephoto"
ANTS_PERMISSIONS = (VALIDER_DEMANDE, SUPPRIMER_DEMANDE, SUPPRIMER_CODE_EPHOTO)


def agences_for_user(user) -> QuerySet[Agence]:
    if not (user.is_authenticated and user.is_active):
        return Agence.objects.none()
    return Agence.objects.filter(users=user)


def scope_for_user(queryset: QuerySet, user, agence_path: str = "agence") -> QuerySet:
    """Restrict `queryset` to the rows of the user's agencies.

    `agence_path` is the ORM path from the model to its Agence ("agence", "eleve__agence");
    an empty path means the queryset is of Agence itself.
    """
    lookup = f"{agence_path}__in" if agence_path else "pk__in"
    return queryset.filter(**{lookup: agences_for_user(user).values("pk")})


def get_for_user_or_404(queryset: QuerySet, user, agence_path: str = "agence", **lookup) -> Model:
    """The object matching `lookup` if it belongs to one of the user's agencies, else Http404."""
    try:
        return scope_for_user(queryset, user, agence_path).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404(_("Cette page n'existe pas ou n'est pas accessible depuis vos agences.")) from None


def get_agence_for_user_or_404(user, **lookup) -> Agence:
    return get_for_user_or_404(Agence.objects.all(), user, agence_path="", **lookup)


def require_permission(user, permission: str) -> None:
    """Raise PermissionDenied with a French message unless the user holds one of the ANTS rights."""
    if permission not in ANTS_PERMISSIONS:
        raise ValueError(f"Unknown ANTS permission: {permission}")
    if not user.has_perm(permission):
        nom = dict(User._meta.permissions)[permission.split(".")[1]]
        raise PermissionDenied(_("Vous n'avez pas le droit « %(droit)s ».") % {"droit": nom})
