"""The referential's commune behind what a secretary typed, and why it differs.

City, postal code and department are one fact: a commune is looked for among those of the typed
postal code (an address) or department (a birthplace), then elsewhere in France when the name
exists but not there (the postal code or the department is then what to correct). What is not
found as typed is proposed, in this order: the same name written otherwise (accents, ST, spaces,
elisions D'/L' typed as spaces), the arrondissement of Paris, Lyon or Marseille, then the closest
name by edit distance among the few dozen communes that the postal code or the department leaves
(a letter dropped, doubled, changed, or two swapped). tests/eleves/test_communes_corpus.py
measures the share of slips found on a corpus built from the real referential.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .noms import ants_normalise_commune, cle_comparaison, sans_accents
from .referentiel import COMMUNES_LIMIT


@dataclass(frozen=True)
class Recherche:
    """What the referential says about a typed commune.

    `trouvee`: the name is the referential's, for that postal code or department; `commune` is then
    that commune (None when several have that name, all in `ailleurs`). Otherwise `commune` is the
    proposal (None when nothing stands out), `raisons` say why in French, and `ailleurs` lists the
    communes of that name elsewhere (another postal code or department).
    """

    trouvee: bool
    commune: object = None
    raisons: tuple[str, ...] = ()
    ailleurs: tuple = ()


def distance(a: str, b: str) -> int:
    """Edit distance where two adjacent letters swapped count as one slip (optimal string alignment)."""
    precedente, courante = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        avant, precedente, courante = precedente, courante, [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cout = a[i - 1] != b[j - 1]
            courante[j] = min(precedente[j] + 1, courante[j - 1] + 1, precedente[j - 1] + cout)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                courante[j] = min(courante[j], avant[j - 2] + 1)
    return courante[len(b)]


def seuil(longueur: int) -> int:
    """How many slips a name of that length may hold and still be recognised."""
    return 1 if longueur <= 6 else 2 if longueur <= 14 else 3


def _difference(saisie: str, nom: str) -> str:
    """One slip, said as the secretary would see it."""
    if len(saisie) + 1 == len(nom):
        manquante = next((b for a, b in zip(saisie + " ", nom, strict=False) if a != b), nom[-1])
        if nom.count(manquante * 2) > saisie.count(manquante * 2):
            return _("une lettre doublée (%(l)s%(l)s) a été tapée simple") % {"l": manquante}
        return _("une lettre manque (%(l)s)") % {"l": manquante}
    if len(saisie) == len(nom) + 1:
        return _("une lettre est en trop")
    if sorted(saisie) == sorted(nom):
        return _("deux lettres sont inversées")
    return _("une lettre diffère")


def _explication_proche(saisie: str, commune, *, code_postal: str, departement: str) -> str:
    a, b = cle_comparaison(saisie), cle_comparaison(commune.nom)
    ecart = distance(a, b)
    if ecart == 1:
        quoi = _difference(a, b)
    else:
        quoi = ngettext("%d lettre diffère", "%d lettres diffèrent", ecart) % ecart
    if code_postal:
        ou = _(" au code postal %s") % code_postal
    else:
        ou = _(" dans le département %s") % departement if departement else ""
    return _("Aucune ville ne s'écrit ainsi%(ou)s ; la plus proche est %(nom)s : %(quoi)s.") % {
        "ou": ou,
        "nom": commune.nom,
        "quoi": quoi,
    }


def explications_ecriture(valeur: str, proposition: str) -> list[str]:
    """Why the typed name differs from the referential's, in the words of the user manual."""
    raisons = []
    mots = re.split(r"[^A-Z0-9]+", sans_accents(valeur).upper())
    if any(mot in ("ST", "STE") for mot in mots):
        raisons.append(_("SAINT s'écrit en toutes lettres, pas ST."))
    if sans_accents(valeur) != valeur:
        raisons.append(_("Les noms de ville s'écrivent sans accents."))
    if valeur != valeur.upper():
        raisons.append(_("Les noms de ville s'écrivent en majuscules."))
    if "'" in proposition and "'" not in valeur.replace("’", "'"):
        raisons.append(_("D' et L' s'écrivent avec une apostrophe, collée au mot suivant."))
    if " " in valeur.strip() and "-" in proposition:
        raisons.append(_("Les espaces sont remplacés par des tirets (-)."))
    if "ARRONDISSEMENT" in proposition and "ARRONDISSEMENT" not in valeur.upper():
        raisons.append(_("Pour Paris, Lyon et Marseille, précisez l'arrondissement."))
    return raisons or [_("Choisissez la ville dans la liste qui s'affiche en tapant ses premières lettres.")]


_ARRONDISSEMENT = re.compile(r"^(?P<ville>.*?)-(?P<numero>\d+)(?:-?(?:ER|E|EME|EMES))?(?:-ARR.*)?$")


def _numero(nom: str) -> int | None:
    found = re.search(r"\b(\d+)", nom)
    return int(found.group(1)) if found else None


def _arrondissement(referentiel, normalise: str, *, code_postal: str, departement: str):
    """ "LYON 3" in 69003 (or in the Rhône): LYON 3E ARRONDISSEMENT."""
    trouve = _ARRONDISSEMENT.match(normalise)
    if not trouve:
        return None
    ville, numero = trouve["ville"], int(trouve["numero"])
    arrondissements = [
        c
        for c in referentiel.communes(ville, code_postal=code_postal, departement=departement)
        if "ARRONDISSEMENT" in c.nom
        and cle_comparaison(c.nom).startswith(cle_comparaison(ville))
        and (code_postal or _numero(c.nom) == numero)
    ]
    return arrondissements[0] if len(arrondissements) == 1 else None


def candidats(referentiel, normalise: str, *, code_postal: str = "", departement: str = "") -> list:
    """The communes a slip is looked for among: every one of the postal code, or those of the
    department (or of France) whose name starts like the typed one, the prefix lengthened while
    the referential answers a full page."""
    if code_postal:
        return referentiel.communes_du_code_postal(code_postal)
    trouvees: dict[str, object] = {}
    for longueur in range(2, len(normalise) + 1):
        page = referentiel.communes(normalise[:longueur], departement=departement)
        trouvees.update((c.code_insee, c) for c in page)
        if len(page) < COMMUNES_LIMIT:
            break
    return list(trouvees.values())


def _debuts_voisins(normalise: str) -> list[str]:
    """The prefix the name would have with a slip in its first letters: the first two swapped
    ("IVLLEURBANNE"), the second and third swapped or the second one too many ("VLILEURBANNE")."""
    if len(normalise) < 3:
        return []
    voisins = [normalise[1] + normalise[0] + normalise[2:], normalise[0] + normalise[2:]]
    return [v for v in voisins if v[:2] != normalise[:2]]


def _plus_proche(saisie: str, communes: list):
    cle = cle_comparaison(saisie)
    classees = sorted(((distance(cle, cle_comparaison(c.nom)), c) for c in communes), key=lambda e: e[0])
    if not classees or classees[0][0] > seuil(len(cle)):
        return None
    (ecart, commune), autres = classees[0], classees[1:]
    if any(e == ecart and c.nom != commune.nom for e, c in autres):
        return None  # two as close: the list decides, not us
    return commune


def chercher_commune(referentiel, valeur: str, *, code_postal: str = "", departement: str = "") -> Recherche:
    """The referential's verdict on a typed commune, for its postal code or department."""
    normalise = ants_normalise_commune(valeur)
    if not normalise:
        return Recherche(False)

    def ici(commune) -> bool:
        return (not code_postal or code_postal in commune.codes_postaux) and (
            not departement or commune.departement == departement
        )

    proches = candidats(referentiel, normalise, code_postal=code_postal, departement=departement)
    if not code_postal:  # a long name may be past the pages read by prefix: asked for whole too
        proches += referentiel.communes(normalise, departement=departement)
    exactes = {c.code_insee: c for c in proches if ici(c) and c.nom == valeur}
    if exactes:
        uniques = list(exactes.values())
        return Recherche(True, uniques[0] if len(uniques) == 1 else None, ailleurs=tuple(uniques))
    memes = [c for c in proches if ici(c) and cle_comparaison(c.nom) == cle_comparaison(valeur)]
    if memes:
        return Recherche(False, memes[0], tuple(explications_ecriture(valeur, memes[0].nom)))
    arrondissement = _arrondissement(referentiel, normalise, code_postal=code_postal, departement=departement)
    if arrondissement is not None:
        return Recherche(False, arrondissement, tuple(explications_ecriture(valeur, arrondissement.nom)))
    ailleurs = tuple(
        c for c in referentiel.communes(normalise) if cle_comparaison(c.nom) == cle_comparaison(valeur)
    )
    if ailleurs:
        return Recherche(False, ailleurs[0] if len(ailleurs) == 1 else None, ailleurs=ailleurs)
    proche = _plus_proche(valeur, [c for c in proches if ici(c)])
    if proche is None and not code_postal:
        voisins = [
            c
            for debut in _debuts_voisins(normalise)
            for c in candidats(referentiel, debut, departement=departement)
        ]
        proche = _plus_proche(valeur, [c for c in voisins if ici(c)])
    if proche is not None:
        explication = _explication_proche(valeur, proche, code_postal=code_postal, departement=departement)
        return Recherche(False, proche, (explication,))
    return Recherche(False)
