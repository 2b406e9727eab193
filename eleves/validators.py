"""Field rules shared by the forms (at typing time) and eleves.verification (before sending).

Each `erreur_*` returns the French message saying what to fix, or "" when the value is fine.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .noms import caracteres_refuses, forme_ants


def erreur_prenom(prenom: str) -> str:
    parts = [part for part in re.split(r"[\s,;]+", forme_ants(prenom)) if part]
    if len(parts) <= 1:
        return ""
    return _(
        "Le prénom « %(prenom)s » contient plusieurs prénoms : gardez « %(premier)s » dans Prénom et "
        "écrivez « %(autres)s » dans Autres prénoms, séparés par un espace."
    ) % {"prenom": prenom, "premier": parts[0], "autres": " ".join(parts[1:])}


def _caracteres(caracteres: list[str]) -> str:
    return " ".join(f"« {c} »" if c != " " else _("« espace »") for c in caracteres)


def erreur_libelle_voie(libelle: str, valeur: str) -> str:
    """Street name and complement: letters, digits, spaces, hyphens and apostrophes (ANTS refuses others)."""
    interdits = caracteres_refuses(valeur, dans="voie")
    if not interdits:
        return ""
    return _(
        "« %(libelle)s » contient %(caracteres)s : l'ANTS n'accepte que des lettres, des chiffres, des "
        "espaces, des tirets et des apostrophes. Écrivez par exemple « SAINT » plutôt que « ST. »."
    ) % {"libelle": libelle, "caracteres": _caracteres(interdits)}


def erreur_numero_voie(libelle: str, valeur: str) -> str:
    """The street number: digits and letters only ("12", "3B"), as ANTS wants it; a range or a
    "bis" typed in it ("12-14", "12 BIS") is refused there as "Numéro de voie incorrect"."""
    interdits = caracteres_refuses(valeur, dans="numero")
    if not interdits:
        return ""
    refus = _("« %(libelle)s » contient %(caracteres)s : l'ANTS n'accepte que des chiffres et des lettres.")
    refus %= {"libelle": libelle, "caracteres": _caracteres(interdits)}
    if premier := re.match(r"\d+[A-Z]*", forme_ants(valeur)):  # "12B-14": 12B
        conseil = _("Saisissez « %(numero)s » seul ; bis, ter… se choisissent dans « Extension ».")
        return f"{refus} {conseil % {'numero': premier[0]}}"
    conseil = _(
        "Sans numéro, laissez-le vide ; un bâtiment s'écrit dans « Complément », bis, ter… dans "
        "« Extension »."
    )
    return f"{refus} {conseil}"


def erreur_nom(libelle: str, valeur: str) -> str:
    """A person's name (birth, usage, given names, the legal representative's): letters, spaces,
    hyphens and apostrophes only, as ANTS wants them ("Prénom incorrect", "Le nom n'est pas correct")."""
    interdits = caracteres_refuses(valeur)
    if not interdits:
        return ""
    return _(
        "« %(libelle)s » contient %(caracteres)s : l'ANTS n'accepte dans un nom que des lettres, des "
        "espaces, des tirets et des apostrophes. Écrivez le nom en entier, sans point ni chiffre (par "
        "exemple « JEAN-PIERRE » plutôt que « J.PIERRE »)."
    ) % {"libelle": libelle, "caracteres": _caracteres(interdits)}


def erreur_autres_prenoms(libelle: str, valeur: str) -> str:
    if set(caracteres_refuses(valeur)) & {",", ";"}:
        return _(
            "« %(libelle)s » : séparez les prénoms par un espace, sans virgule (par exemple « PAUL MARIE »)."
        ) % {"libelle": libelle}
    return erreur_nom(libelle, valeur)


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


_SEPARATEURS_TELEPHONE = re.compile(r"[\s.\-/()]")
_TELEPHONE_FRANCAIS = re.compile(r"(?:0|\+33|0033)([1-9][0-9]{8})")
# Abroad, a mobile cannot be told from a landline: a country code and 7 to 14 digits.
_TELEPHONE_ETRANGER = re.compile(r"(?:\+|00)[1-9][0-9]{6,13}")
PREFIXES_MOBILES = ("6", "7")


def erreur_telephone(libelle: str, valeur: str, *, mobile: bool = False) -> str:
    """A phone number typed with or without spaces, dots or dashes; a mobile must not be a landline."""
    numero = _SEPARATEURS_TELEPHONE.sub("", valeur or "")
    if not numero:
        return ""
    francais = _TELEPHONE_FRANCAIS.fullmatch(numero)
    if francais and mobile and not francais[1].startswith(PREFIXES_MOBILES):
        return _(
            "« %(libelle)s » : %(valeur)s est un numéro de téléphone fixe. L'ANTS envoie ses SMS sur le "
            "mobile de l'élève : saisissez un numéro qui commence par 06 ou 07 (le fixe va dans « Autre "
            "téléphone »)."
        ) % {"libelle": libelle, "valeur": valeur.strip()}
    if francais or _TELEPHONE_ETRANGER.fullmatch(numero):
        return ""
    return _(
        "« %(libelle)s » : « %(valeur)s » n'est pas un numéro de téléphone. Saisissez ses 10 chiffres, par "
        "exemple 06 12 34 56 78, ou un numéro étranger commençant par +."
    ) % {"libelle": libelle, "valeur": valeur.strip()}


def erreur_code_postal(code_postal: str) -> str:
    if not code_postal or re.fullmatch(r"[0-9]{5}", code_postal):  # ASCII digits: \d takes others
        return ""
    return _("Le code postal s'écrit avec 5 chiffres, par exemple 69800.")
