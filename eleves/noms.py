"""Pure functions on names: the form ANTS wants for people's names, streets and place names, and the
key students are searched by."""

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


# Typed between two words, these mean an elision: "L ISLE D ABEAU" is L'ISLE-D'ABEAU (no commune of
# the referential has a lone D or L between hyphens).
_ELISIONS = {"D", "L"}
_ESPACES = re.compile(r"\s+")
_AUTOUR_DES_LIAISONS = re.compile(r" ?([-']) ?")
# What ANTS refuses (docs/ants-api.md, data rules): in a person's name all but letters, space, hyphen
# and apostrophe; in a street name or an address complement the same, digits allowed; in a street
# number all but letters and digits.
_REFUSES = {
    "nom": re.compile(r"[^A-Z '\-]"),
    "voie": re.compile(r"[^A-Z0-9 '\-]"),
    "numero": re.compile(r"[^A-Z0-9]"),
}


def forme_ants(texte: str) -> str:
    """A person's name, a street or a complement as ANTS holds it: " Lefèvre  anne - sophie" ->
    "LEFEVRE ANNE-SOPHIE".

    Uppercase without accents (ligatures spelled out), typographic apostrophes as "'", one space
    between words and none around a hyphen or an apostrophe. Every other character is kept, for
    `caracteres_refuses` to name it: a dot is not dropped silently ("J.PIERRE" may be JEAN-PIERRE).
    Idempotent. The one form every name of the file is stored and sent in.
    """
    texte = _ESPACES.sub(" ", sans_accents(texte).upper()).strip()
    return _AUTOUR_DES_LIAISONS.sub(r"\1", texte)


def majuscules(texte: str) -> str:
    """A place name or a code as typed, in capitals with single spaces: "lyon  1" -> "LYON 1".

    Cities, departments and countries keep what was typed otherwise (accents, ST, spaces): the
    referential check explains what ANTS wants and proposes its own name.
    """
    return _ESPACES.sub(" ", (texte or "").upper()).strip()


def caracteres_refuses(texte: str, *, dans: str = "nom") -> list[str]:
    """The characters of `forme_ants(texte)` that ANTS refuses `dans` a "nom", a "voie" or a street
    "numero", each once, in order of appearance."""
    trouves = _REFUSES[dans].findall(forme_ants(texte))
    return list(dict.fromkeys(trouves))


def _mots(text: str) -> list[str]:
    return [mot for mot in _NOT_ALNUM.split(sans_accents(text).upper()) if mot]


def ants_normalise_commune(nom: str) -> str:
    """ "St Priest", "saint priest", "Sainte-Foy-lès-Lyon " -> "SAINT-PRIEST", "SAINTE-FOY-LES-LYON".

    Between two words, a run of separators becomes "'" if it holds an apostrophe ("L' Haÿ" ->
    "L'HAY") or follows a lone D or L (the elision typed as a space: "D ASCQ" -> "D'ASCQ"), else one
    hyphen (spaces included); the ends are stripped; "" when nothing usable is left. Idempotent.
    """
    parts = _WORDS_AND_SEPARATORS.split(sans_accents(nom).upper())
    # parts alternates separator, word, separator, word, …, separator.
    mots = [_ABBREVIATIONS.get(mot, mot) for mot in parts[1::2]]
    separateurs = [
        "'" if "'" in sep or mot in _ELISIONS else "-" for sep, mot in zip(parts[2:-1:2], mots, strict=False)
    ]
    if not mots:
        return ""
    return mots[0] + "".join(sep + mot for sep, mot in zip(separateurs, mots[1:], strict=True))


def cle_comparaison(nom: str) -> str:
    """Letters and digits only, so "SAINT PRIEST", "ST-PRIEST" and "Saint-Priest" compare equal."""
    return "".join(_ABBREVIATIONS.get(mot, mot) for mot in _mots(nom))


def cle_recherche(*parts: str) -> str:
    """The indexed search key of a person's name: "Le Gall-Éloi" -> "LE GALL ELOI"."""
    return " ".join(mot for part in parts for mot in _mots(part))


def mots_des_noms(*noms: str) -> list[str]:
    """The words a person is found by: each word of each name, and a name of several words run
    together ("Le Gall" -> LE, GALL, LEGALL: "GALL" and "LEGALL" both find it). Each once."""
    mots: list[str] = []
    for nom in noms:
        parts = _mots(nom)
        mots += parts + (["".join(parts)] if len(parts) > 1 else [])
    return list(dict.fromkeys(mots))


def cle_email(email: str) -> str:
    """An address reduced to its letters and digits, as it is searched: "Jean.Dupont@gmail.com" ->
    "JEANDUPONTGMAILCOM" (what is typed of it is reduced the same way)."""
    return _NOT_ALNUM.sub("", sans_accents(email).upper())
