from django.utils.functional import SimpleLazyObject

from .compteur import compte_de_l_utilisateur


def a_suivre(request):
    """`a_suivre`, the navigation's count: computed only if a page shows it, for a signed-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"a_suivre": SimpleLazyObject(lambda: compte_de_l_utilisateur(user))}
