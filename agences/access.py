"""Who may see what. Every view loads agency data through these helpers.

Rules (kept deliberately simple, and tested in tests/agences/test_access.py):
- A user sees the data of the agencies assigned to them (`User.agences`), and nothing else.
- There is no implicit bypass: a superuser with no agency assigned sees no agency data in the
  application pages (the Django admin is a separate, staff-only tool). A manager ("dirigeant") is
  simply a staff user to whom every agency of the school is assigned.
- Inactive or anonymous users see nothing.
- An object of another agency answers 404, not 403, so its existence is not disclosed.
- The three ANTS rights are Django permissions (per user or group), checked with `require_permission`.

In the admin (staff only), the superuser manages everything; a manager (staff, not superuser)
manages only `agences_managed_by` and `users_managed_by`, and grants only what he holds
(`grantable_agences`, `grantable_permissions`).
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
        message = _("Vous n'avez pas le droit « %(droit)s ».") % {"droit": nom_du_droit(permission)}
        raise PermissionDenied(message)


def nom_du_droit(permission: str) -> str:
    """The French name of an ANTS right, as the admin shows it."""
    return str(dict(User._meta.permissions)[permission.split(".")[1]])


def is_manager(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff and not user.is_superuser


def agences_managed_by(user) -> QuerySet[Agence]:
    """The agencies whose record a staff user may see and change in the admin."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return Agence.objects.all()
    if not is_manager(user):
        return Agence.objects.none()
    return agences_for_user(user)


def users_managed_by(user) -> QuerySet[User]:
    """The users whose account a staff user may see and change in the admin.

    A manager manages the plain users (neither staff nor superuser) who belong to at least one
    agency and only to his agencies; never himself, another manager or a superuser.
    """
    if user.is_authenticated and user.is_active and user.is_superuser:
        return User.objects.all()
    if not is_manager(user):
        return User.objects.none()
    memberships = User.agences.through.objects
    mine = agences_for_user(user).values("pk")
    return (
        User.objects.filter(is_staff=False, is_superuser=False)
        .exclude(pk=user.pk)
        .filter(pk__in=memberships.filter(agence__in=mine).values("user"))
        .exclude(pk__in=memberships.exclude(agence__in=mine).values("user"))
    )


def grantable_agences(user) -> QuerySet[Agence]:
    """The agencies a staff user may assign to the users he manages: his own (all for a superuser)."""
    return agences_managed_by(user)


def grantable_permissions(user) -> tuple[str, ...]:
    """The ANTS rights a staff user may give: those he holds himself (all three for a superuser)."""
    if not (user.is_superuser or is_manager(user)):
        return ()
    return tuple(permission for permission in ANTS_PERMISSIONS if user.has_perm(permission))


def may_manage_user(manager, user) -> bool:
    """Whether `manager` may change `user` (a new, unsaved user included): see users_managed_by."""
    if manager.is_authenticated and manager.is_active and manager.is_superuser:
        return True
    if not is_manager(manager) or user.pk == manager.pk or user.is_staff or user.is_superuser:
        return False
    return user.pk is None or not user.agences.exclude(pk__in=agences_for_user(manager)).exists()
