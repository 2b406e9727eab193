"""Which agencies a user may see. Every view scopes its queries through these helpers."""

from django.db.models import QuerySet
from django.http import Http404

from .models import Agence


def agences_for_user(user) -> QuerySet[Agence]:
    if not user.is_authenticated:
        return Agence.objects.none()
    return user.agences.all()


def scope_for_user(queryset: QuerySet, user, agence_path: str = "agence") -> QuerySet:
    """The rows of `queryset` whose agency (reached by `agence_path`) is one of the user's."""
    return queryset.filter(**{f"{agence_path}__in": agences_for_user(user).values("pk")})


def get_for_user_or_404(queryset: QuerySet, user, agence_path: str = "agence", **lookups):
    """One row the user may see, else 404 (never 403: other agencies' rows do not exist for them)."""
    try:
        return scope_for_user(queryset, user, agence_path).get(**lookups)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc
