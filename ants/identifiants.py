"""Formats of the identifiers ANTS uses. Every rule about them lives here, nowhere else.

Sources: the ANTS documentation digested in docs/ants-api.md and ../shared/DOMAIN.md.
"""

import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# [0-9], not \d, which also takes fullwidth and Arabic-Indic digits; \Z, not $, which takes a
# trailing newline.
# NEPH: YY MM DD(département) PP(préfecture) NNNN, 12 digits, e.g. 170392100012.
NEPH_PATTERN = r"^[0-9]{12}\Z"
# Code ePhoto: 22 letters or digits, single use.
EPHOTO_PATTERN = r"^[A-Za-z0-9]{22}\Z"
# Agrément Cerfa: E + year (2) + département (3) + sequence (4) + key (1), e.g. E1706900030.
AGREMENT_PATTERN = r"^E[0-9]{2}[0-9]{3}[0-9]{4}[0-9]\Z"

neph_validator = RegexValidator(
    NEPH_PATTERN,
    _("Le numéro NEPH s'écrit avec 12 chiffres, sans espace, par exemple 170392100012."),
)
ephoto_validator = RegexValidator(
    EPHOTO_PATTERN,
    _(
        "Le code ePhoto compte exactement 22 lettres ou chiffres, sans espace ni tiret : "
        "recopiez-le tel qu'il figure sur la planche photo."
    ),
)
agrement_validator = RegexValidator(
    AGREMENT_PATTERN,
    _("Le numéro d'agrément Cerfa s'écrit E suivi de 10 chiffres, par exemple E1706900030."),
)


def clean_identifier(value: str) -> str:
    """What a secretary pastes ("1703 9210 0012", "AB12-CD34…") reduced to the identifier itself."""
    return re.sub(r"[\s.\-]", "", value or "")
