"""Pure functions on names: the form ANTS wants for place names, and the key students are searched by."""

import re
import unicodedata

# Letters that NFKD does not split into a base letter and an accent.
_LIGATURES = str.maketrans(
    {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O", "’": "'", "ʼ": "'", "`": "'"}
)
_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")
_WORDS_AND_SEPARATORS = re.compile(r"([A-Z0-9]+)")
# Whole words only: "STELLA" stays, "ST PRIEST" becomes "SAINT-PRIEST".
_ABBREVIATIONS = {"ST": "SAINT", "STE": "SAINTE", "STS": "SAINTS", "STES": "SAINTES"}
# What ANTS accepts for a place name we propose: uppercase words without accents, joined by a hyphen,
# or by an apostrophe where the name has one ("L'HAY-LES-ROSES", as in ANTS's referential).
ANTS_NOM_PATTERN = re.compile(r"^[A-Z0-9]+(?:[-'][A-Z0-9]+)*$")


def sans_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _mots(text: str) -> list[str]:
    return [mot for mot in _NOT_ALNUM.split(sans_accents(text).upper()) if mot]


def ants_normalise_commune(nom: str) -> str:
    """ "St Priest", "saint priest", "Sainte-Foy-lès-Lyon " -> "SAINT-PRIEST", "SAINTE-FOY-LES-LYON".

    Between two words, a run of separators becomes "'" if it holds an apostrophe ("L' Haÿ" ->
    "L'HAY"), else one hyphen (spaces included); the ends are stripped; "" when nothing usable is
    left. Idempotent.
    """
    parts = _WORDS_AND_SEPARATORS.split(sans_accents(nom).upper())
    # parts alternates separator, word, separator, word, …, separator.
    mots = [_ABBREVIATIONS.get(mot, mot) for mot in parts[1::2]]
    separateurs = ["'" if "'" in sep else "-" for sep in parts[2:-1:2]]
    if not mots:
        return ""
    return mots[0] + "".join(sep + mot for sep, mot in zip(separateurs, mots[1:], strict=True))


def cle_comparaison(nom: str) -> str:
    """Letters and digits only, so "SAINT PRIEST", "ST-PRIEST" and "Saint-Priest" compare equal."""
    return "".join(_ABBREVIATIONS.get(mot, mot) for mot in _mots(nom))


def cle_recherche(*parts: str) -> str:
    """The indexed search key of a person's name: "Le Gall-Éloi" -> "LE GALL ELOI"."""
    return " ".join(mot for part in parts for mot in _mots(part))
