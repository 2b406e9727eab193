"""Which agencies a user may see. Every view scopes its queries through these helpers."""

from django.db.models import QuerySet

from .models import Agence


def agences_for_user(user) -> QuerySet[Agence]:
    if not user.is_authenticated:
        return Agence.objects.none()
    return user.agences.all()
