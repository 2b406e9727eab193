"""Field rules shared by the forms (at typing time) and eleves.verification (before sending).

Each `erreur_*` returns the French message saying what to fix, or "" when the value is fine.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Street name and complement: letters, digits, spaces, hyphens and apostrophes (ANTS refuses the rest).
_CARACTERES_VOIE = re.compile(r"[^\w '\-’]|_")


def erreur_prenom(prenom: str) -> str:
    parts = [part for part in re.split(r"[\s,;]+", prenom.strip()) if part]
    if len(parts) <= 1:
        return ""
    return _(
        "Le prénom « %(prenom)s » contient plusieurs prénoms : gardez « %(premier)s » dans Prénom et "
        "écrivez « %(autres)s » dans Autres prénoms, séparés par un espace."
    ) % {"prenom": prenom, "premier": parts[0], "autres": " ".join(parts[1:])}


def erreur_libelle_voie(libelle: str, valeur: str) -> str:
    interdits = sorted(set(_CARACTERES_VOIE.findall(valeur or "")))
    if not interdits:
        return ""
    return _(
        "%(libelle)s contient « %(caracteres)s » : n'utilisez que des lettres, des chiffres, des espaces, "
        "des tirets et des apostrophes (par exemple « SAINT » plutôt que « ST. »)."
    ) % {"libelle": libelle, "caracteres": " ".join(interdits)}


def validate_prenom_unique(value: str) -> None:
    if message := erreur_prenom(value):
        raise ValidationError(message, code="plusieurs_prenoms")


def validate_categories(value) -> None:
    from .models import Categorie  # the model module imports this one

    if not isinstance(value, list):
        raise ValidationError(_('Les catégories forment une liste, par exemple ["B"].'), code="invalid")
    inconnues = [categorie for categorie in value if categorie not in Categorie.values]
    if inconnues:
        raise ValidationError(
            _("Catégorie inconnue : %(inconnues)s. Choisissez parmi %(categories)s.")
            % {"inconnues": ", ".join(map(str, inconnues)), "categories": " ".join(Categorie.values)},
            code="invalid",
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Chaque catégorie ne peut être cochée qu'une fois."), code="invalid")


def erreur_code_postal(code_postal: str) -> str:
    if not code_postal or re.fullmatch(r"[0-9]{5}", code_postal):  # ASCII digits: \d takes others
        return ""
    return _("Le code postal s'écrit avec 5 chiffres, par exemple 69800.")
