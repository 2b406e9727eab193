"""What no text typed in the application may hold, whatever the field: one rule for every form.

Control characters (NUL included), invisible "format" characters (zero-width, bidi controls such as
U+202E, which makes a name display otherwise than it is stored, soft hyphen, BOM), private-use
characters and line or paragraph separators cannot be seen on screen, are refused by ANTS and by
PostgreSQL (NUL). Line breaks and tabs are allowed only in multi-line fields.
"""

import unicodedata

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext as _

_CATEGORIES_INTERDITES = {"Cc", "Cf", "Co", "Cs", "Zl", "Zp"}
_SAUTS_DE_LIGNE = {"\n", "\r", "\t"}


def caracteres_interdits(texte: str, *, multiligne: bool = False) -> list[str]:
    return sorted(
        {
            caractere
            for caractere in texte
            if unicodedata.category(caractere) in _CATEGORIES_INTERDITES
            and not (multiligne and caractere in _SAUTS_DE_LIGNE)
        }
    )


def sans_caracteres_interdits(texte: str) -> str:
    """`texte` without what `caracteres_interdits` finds: for names the application did not ask to be
    typed (an uploaded file's name), which are cleaned rather than refused."""
    interdits = set(caracteres_interdits(texte))
    return "".join(caractere for caractere in texte if caractere not in interdits)


def erreur_saisie(libelle: str, texte: str, *, multiligne: bool = False) -> str:
    """The French message saying what to do, or "" when `texte` holds nothing forbidden."""
    interdits = caracteres_interdits(texte, multiligne=multiligne)
    if not interdits:
        return ""
    return _(
        "« %(libelle)s » contient un caractère invisible ou de contrôle (%(codes)s) : retapez la valeur "
        "au clavier plutôt que de la copier-coller."
    ) % {"libelle": libelle, "codes": ", ".join(f"U+{ord(caractere):04X}" for caractere in interdits)}


class _ValidateurSaisie:
    def __init__(self, libelle: str, *, multiligne: bool):
        self.libelle, self.multiligne = libelle, multiligne

    def __call__(self, valeur) -> None:
        if message := erreur_saisie(self.libelle, str(valeur), multiligne=self.multiligne):
            raise forms.ValidationError(message, code="caractere_interdit")


class SaisieControlee:
    """Form mixin: every text field refuses what `erreur_saisie` refuses, with its message.

    It takes the place of Django's own NUL check, which would say the same thing less helpfully.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for nom, field in self.fields.items():
            if isinstance(field, forms.CharField):
                validateur = _ValidateurSaisie(
                    str(field.label or nom), multiligne=isinstance(field.widget, forms.Textarea)
                )
                field.validators = [
                    v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
                ] + [validateur]
