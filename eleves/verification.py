"""Checks run before anything about a student is sent to ANTS.

Two parts: `verifier_referentiel` (cities, postal codes, departments, countries against ANTS's
referential, with a proposed correction for each one not found: the "Vérification des villes,
départements et pays" dialog) and `problemes_envoi` (the rules of eleves.regles, then the
referential's verdict, each problem once). The submission flow calls it before creating a demande.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from autoecole.saisie import erreur_saisie

from .communes import chercher_commune
from .models import PAYS_FRANCE, DossierPermis, Eleve, RepresentantLegal
from .noms import cle_comparaison
from .referentiel import Referentiel, ReferentielNonConsulte
from .regles import REGLES, Contexte, Probleme, age_minimum_titre, cerfa_en_cours
from .validators import erreur_code_postal

__all__ = [
    "CIBLES",
    "Probleme",
    "age_minimum_titre",
    "cerfa_en_cours",
    "corrections_choisies",
    "problemes_envoi",
    "verifier_referentiel",
]

# ---------------------------------------------------------------------------------------------
# Referential: cities, departments, countries
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cible:
    """Where a checked value lives: `objet(eleve)` returns the row (or None), `champ` its field."""

    objet: Callable[[Eleve], models.Model | None]
    champ: str


def _representant(rang: int) -> Callable[[Eleve], RepresentantLegal | None]:
    return lambda eleve: next((r for r in eleve.representants.all() if r.rang == rang), None)


def _dossier(eleve: Eleve) -> DossierPermis | None:
    try:
        return eleve.dossier
    except DossierPermis.DoesNotExist:
        return None


def _eleve(eleve: Eleve) -> Eleve:
    return eleve


CIBLES: dict[str, Cible] = {
    "ville": Cible(_eleve, "ville"),
    "code_postal": Cible(_eleve, "code_postal"),
    "pays": Cible(_eleve, "pays"),
    "ville_naissance": Cible(_eleve, "ville_naissance"),
    "departement_naissance": Cible(_eleve, "departement_naissance"),
    "pays_naissance": Cible(_eleve, "pays_naissance"),
    "derniere_categorie_departement": Cible(_dossier, "derniere_categorie_departement"),
    "derniere_categorie_pays": Cible(_dossier, "derniere_categorie_pays"),
}
for _rang in (1, 2):
    for _champ in ("ville", "code_postal", "pays"):
        CIBLES[f"representant_{_rang}_{_champ}"] = Cible(_representant(_rang), _champ)


class Nature(models.TextChoices):
    COMMUNE = "commune"
    DEPARTEMENT = "departement"
    PAYS = "pays"


@dataclass
class PointReferentiel:
    """One value of the file checked against the referential.

    `proposition` is None when there is nothing to propose, "" when the fix is to empty the field
    (a department for a place abroad). An address's city carries its postal code (`cle_code_postal`
    names it among CIBLES, `proposition_code_postal` is the one proposed with the city); a birth city
    names its department's point (`cle_departement`), which the dialog updates with the city.
    """

    cle: str
    libelle: str
    nature: str
    valeur: str
    code_postal: str = ""
    conforme: bool = True
    proposition: str | None = None
    proposition_libelle: str = ""
    explications: list[str] = field(default_factory=list)
    cle_code_postal: str = ""
    proposition_code_postal: str = ""
    cle_departement: str = ""

    @property
    def valeur_proposee(self) -> str:
        return self.valeur if self.proposition is None else self.proposition

    @property
    def code_postal_propose(self) -> str:
        return self.proposition_code_postal or self.code_postal

    def proposer(self, valeur: str, libelle: str, explications: list[str]) -> None:
        self.conforme, self.proposition, self.proposition_libelle = False, valeur, libelle
        self.explications = explications

    def signaler(self, *explications: str) -> None:
        self.conforme, self.explications = False, list(explications)


def _libelle_commune(commune, code_postal: str = "") -> str:
    code = code_postal if code_postal in commune.codes_postaux else next(iter(commune.codes_postaux), "")
    return f"{commune.nom} ({code})" if code else commune.nom


def _liste(valeurs) -> str:
    valeurs = sorted(set(valeurs))
    return ", ".join(valeurs[:6]) + (" …" if len(valeurs) > 6 else "")


def _codes_postaux(communes) -> str:
    return _liste(code for commune in communes for code in commune.codes_postaux)


def _point_adresse(referentiel, cle: str, libelle: str, adresse) -> PointReferentiel:
    """The city of an address in France, with its postal code: one fact."""
    cle_cp = "code_postal" if cle == "ville" else cle.replace("_ville", "_code_postal")
    point = PointReferentiel(
        cle, libelle, Nature.COMMUNE, adresse.ville, code_postal=adresse.code_postal, cle_code_postal=cle_cp
    )
    valeur, code_postal = adresse.ville, adresse.code_postal
    if not valeur.strip():
        point.signaler(_("La ville est vide : saisissez-la."))
        return point
    trouve = chercher_commune(referentiel, valeur, code_postal=code_postal)
    if trouve.trouvee:
        return point
    if trouve.commune is not None and code_postal in trouve.commune.codes_postaux:
        point.proposer(
            trouve.commune.nom, _libelle_commune(trouve.commune, code_postal), list(trouve.raisons)
        )
    elif trouve.commune is not None:  # the name exists, with another postal code
        commune = trouve.commune
        point.proposer(
            commune.nom,
            _libelle_commune(commune),
            [
                _("%(ville)s a pour code postal %(codes)s, pas %(code)s : vérifiez le code postal.")
                % {"ville": commune.nom, "codes": _codes_postaux([commune]), "code": code_postal or "—"}
            ],
        )
        point.proposition_code_postal = next(iter(commune.codes_postaux), "")
    elif trouve.ailleurs:
        point.signaler(
            _(
                "Aucune ville %(ville)s n'a le code postal %(code)s ; il en existe aux codes postaux "
                "%(codes)s : vérifiez le code postal."
            )
            % {
                "ville": trouve.ailleurs[0].nom,
                "code": code_postal or "—",
                "codes": _codes_postaux(trouve.ailleurs),
            }
        )
    else:
        point.signaler(
            _("Ville introuvable dans le référentiel de l'ANTS%(cp)s : choisissez-la dans la liste.")
            % {"cp": _(" (code postal %s)") % code_postal if code_postal else ""}
        )
    return point


def _code_departement(departements, valeur: str):
    """The department typed, as the referential has it: "69", "6" (06), "2a" (2A), "Rhône" (69)."""
    saisi = valeur.strip().upper()
    saisi = saisi.zfill(2) if saisi.isdigit() else saisi
    return next(
        (d for d in departements if d.code == saisi or cle_comparaison(d.nom) == cle_comparaison(valeur)),
        None,
    )


def departements_voisins(saisi: str, codes) -> list[str]:
    """The departments a slip on the code may have meant: "6" is 06, or 60 to 69 cut short; "96" may
    be 69 with its digits swapped."""
    saisi = saisi.strip().upper()
    voisins = [code for code in codes if len(saisi) == 1 and code.startswith(saisi)]
    if len(saisi) == 2:
        voisins.append(saisi[::-1])
    return [code for code in dict.fromkeys(voisins) if code in codes and code != saisi.zfill(2)]


def _dans_un_departement_voisin(referentiel, valeur: str, saisi: str, departements):
    """The commune found (as typed or close) in exactly one of the departments the code may have meant."""
    trouvees = {}
    for code in departements_voisins(saisi, departements):
        trouve = chercher_commune(referentiel, valeur, departement=code)
        if trouve.commune is not None:
            trouvees[trouve.commune.code_insee] = trouve
    return next(iter(trouvees.values())) if len(trouvees) == 1 else None


def _juger_departement(point: PointReferentiel, departements: dict):
    """The point's verdict on the code typed; returns the department it stands for ("6" is 06), if any."""
    saisi = point.valeur.strip()
    lu = (departements.get(saisi) or _code_departement(departements.values(), saisi)) if saisi else None
    if lu is not None and lu.code != saisi:
        ecriture = _("Le département s'écrit comme dans la liste : %(code)s.") % {"code": lu.code}
        point.proposer(lu.code, f"{lu.code} {lu.nom}", [ecriture])
    elif lu is None:
        point.signaler(
            _("Département inconnu de l'ANTS : choisissez-le dans la liste.")
            if saisi
            else _("Le département est vide : choisissez-le dans la liste.")
        )
    return lu


def _chercher_ville_naissance(referentiel, valeur: str, saisi: str, lu, departements):
    trouve = chercher_commune(referentiel, valeur, departement=lu.code if lu else "")
    if not trouve.trouvee and trouve.commune is None and not trouve.ailleurs and saisi:
        trouve = _dans_un_departement_voisin(referentiel, valeur, saisi, departements) or trouve
    return trouve


def _juger_ville_naissance(ville: PointReferentiel, dept: PointReferentiel, trouve, lu) -> None:
    commune = trouve.commune
    if trouve.trouvee:
        return
    if commune is not None and ville.valeur != commune.nom:
        raisons = list(trouve.raisons) or [
            _("Choisissez la ville dans la liste qui s'affiche en tapant ses premières lettres.")
        ]
        ville.proposer(commune.nom, _libelle_commune(commune), raisons)
    elif commune is None and trouve.ailleurs:
        dept.signaler(
            _(
                "Il n'y a pas de ville %(ville)s dans ce département ; il y en a dans les départements "
                "%(codes)s : vérifiez le département."
            )
            % {"ville": trouve.ailleurs[0].nom, "codes": _liste(c.departement for c in trouve.ailleurs)}
        )
    elif commune is None:
        ville.signaler(
            _("Ville introuvable dans le référentiel de l'ANTS%(dans)s : choisissez-la dans la liste.")
            % {"dans": _(" (département %s)") % lu.code if lu else ""}
        )


def _departement_de_la_ville(dept: PointReferentiel, commune, departements: dict) -> None:
    """The department proposed is the city's, whatever code was typed."""
    propre = departements.get(commune.departement)
    saisi = dept.valeur.strip()
    dept.proposer(
        commune.departement,
        f"{commune.departement} {propre.nom if propre else ''}".strip(),
        [
            _("%(ville)s est dans le département %(code)s%(nom)s%(pas)s : le département suit la ville.")
            % {
                "ville": commune.nom,
                "code": commune.departement,
                "nom": f" ({propre.nom})" if propre else "",
                "pas": _(", pas %s") % saisi if saisi else "",
            }
        ],
    )


def _points_naissance(referentiel, eleve: Eleve) -> list[PointReferentiel]:
    """Birth city and department, one fact: the department proposed is the city's."""
    departements = {d.code: d for d in referentiel.departements()}
    dept = PointReferentiel(
        "departement_naissance",
        _("Département de naissance"),
        Nature.DEPARTEMENT,
        eleve.departement_naissance,
    )
    ville = PointReferentiel(
        "ville_naissance",
        _("Ville de naissance"),
        Nature.COMMUNE,
        eleve.ville_naissance,
        cle_departement="departement_naissance",
    )
    lu = _juger_departement(dept, departements)
    if not ville.valeur.strip():
        ville.signaler(_("La ville est vide : saisissez-la."))
        return [ville, dept]
    trouve = _chercher_ville_naissance(referentiel, ville.valeur, dept.valeur.strip(), lu, departements)
    _juger_ville_naissance(ville, dept, trouve, lu)
    if trouve.commune is not None and (lu is None or trouve.commune.departement != lu.code):
        _departement_de_la_ville(dept, trouve.commune, departements)
    return [ville, dept]


def _point_departement_etranger(cle, libelle, valeur) -> PointReferentiel:
    point = PointReferentiel(cle, libelle, Nature.DEPARTEMENT, valeur)
    if valeur.strip():
        point.proposer(
            "",
            "",
            [_("Le lieu n'est pas en France : le département doit rester vide (99 n'est plus accepté).")],
        )
    return point


def _point_departement(referentiel, cle, libelle, valeur) -> PointReferentiel:
    point = PointReferentiel(cle, libelle, Nature.DEPARTEMENT, valeur)
    _juger_departement(point, {d.code: d for d in referentiel.departements()})
    return point


def _point_pays(referentiel, cle, libelle, valeur) -> PointReferentiel:
    point = PointReferentiel(cle, libelle, Nature.PAYS, valeur)
    noms = [p.nom for p in referentiel.pays()]
    if valeur in noms:
        return point
    trouve = next(
        (nom for nom in noms if valeur.strip() and cle_comparaison(nom) == cle_comparaison(valeur)), None
    )
    if trouve:
        ecriture = _(
            "Le pays s'écrit comme dans la liste de l'ANTS : en majuscules, sans accents, avec des tirets."
        )
        point.proposer(trouve, trouve, [ecriture])
    elif valeur.strip():
        point.signaler(_("Pays non reconnu par l'ANTS : choisissez-le dans la liste."))
    else:
        point.signaler(_("Le pays est vide : choisissez-le dans la liste."))
    return point


def _points_adresse(referentiel, cle_ville: str, libelle_ville: str, libelle_pays: str, adresse) -> list:
    if adresse.habite_en_france:
        return [_point_adresse(referentiel, cle_ville, libelle_ville, adresse)]
    cle_pays = cle_ville.replace("ville", "pays")
    return [_point_pays(referentiel, cle_pays, libelle_pays, adresse.pays)]


def verifier_referentiel(eleve: Eleve, *, referentiel: Referentiel | None = None) -> list[PointReferentiel]:
    """Every city, department and country of the file, checked; the ones not found carry a proposal.

    Raises ants.client.AntsError when the referential cannot be read (the caller says so), and
    eleves.referentiel.ReferentielNonConsulte from a cache-only referential that lacks an answer.
    """
    referentiel = referentiel or Referentiel()
    points = _points_adresse(
        referentiel, "ville", _("Ville d'habitation de l'élève"), _("Pays d'habitation de l'élève"), eleve
    )
    for r in eleve.representants.all():
        points += _points_adresse(
            referentiel,
            f"representant_{r.rang}_ville",
            _("Ville du représentant légal %(rang)s") % {"rang": r.rang},
            _("Pays du représentant légal %(rang)s") % {"rang": r.rang},
            r,
        )
    pays_naissance = _point_pays(referentiel, "pays_naissance", _("Pays de naissance"), eleve.pays_naissance)
    # An empty country is its own problem: the department is then judged as French, not as "abroad".
    if eleve.ne_en_france or not eleve.pays_naissance.strip():
        points += _points_naissance(referentiel, eleve)
    else:
        points.append(
            _point_departement_etranger(
                "departement_naissance", _("Département de naissance"), eleve.departement_naissance
            )
        )
    points.append(pays_naissance)
    dossier = _dossier(eleve)
    if dossier is not None and (dossier.categories_obtenues or dossier.derniere_categorie):
        pays = dossier.derniere_categorie_pays
        libelle = _("Département de délivrance de l'ancien permis")
        valeur = dossier.derniere_categorie_departement
        points += [
            _point_departement(referentiel, "derniere_categorie_departement", libelle, valeur)
            if pays.strip().upper() in (PAYS_FRANCE, "")
            else _point_departement_etranger("derniere_categorie_departement", libelle, valeur),
            _point_pays(referentiel, "derniere_categorie_pays", _("Pays d'origine de l'ancien permis"), pays),
        ]
    return points


# Longest city name a file can store (Adresse.ville, Eleve.ville_naissance).
LONGUEUR_VILLE_MAX = Eleve._meta.get_field("ville").max_length


def _erreur_valeur(nature: str, libelle: str, valeur: str, codes: set[str], noms_pays: set[str]) -> str:
    if nature == Nature.DEPARTEMENT and valeur not in codes:
        return _("Choisissez le département dans la liste (vide pour un lieu à l'étranger).")
    if nature == Nature.PAYS and valeur not in noms_pays:
        return _("Choisissez le pays dans la liste.")
    if nature != Nature.COMMUNE:
        return ""
    if not valeur:
        return _("Saisissez la ville puis choisissez-la dans la liste.")
    if len(valeur) > LONGUEUR_VILLE_MAX:
        return _("Un nom de ville compte au plus %(max)d caractères : choisissez la ville dans la liste.") % {
            "max": LONGUEUR_VILLE_MAX
        }
    return erreur_saisie(libelle, valeur)


def _erreur_paire(referentiel, point: PointReferentiel, valeur: str, lies: dict[str, str]) -> str:
    """A city saved only with a postal code or a department the referential gives it."""
    if point.cle_code_postal:
        code_postal = lies[point.cle_code_postal]
        if message := erreur_code_postal(code_postal):
            return message
        if valeur not in {c.nom for c in referentiel.communes_du_code_postal(code_postal)}:
            return _(
                "« %(ville)s » n'a pas le code postal %(code)s dans le référentiel de l'ANTS : choisissez "
                "la ville dans la liste, ou corrigez le code postal."
            ) % {"ville": valeur, "code": code_postal}
    if point.cle_departement:
        departement = lies[point.cle_departement]
        if not departement or valeur not in {
            c.nom for c in referentiel.communes(valeur, departement=departement)
        }:
            return _(
                "« %(ville)s » n'est pas une ville du département %(code)s dans le référentiel de l'ANTS : "
                "choisissez la ville dans la liste (le département suit), ou corrigez le département."
            ) % {"ville": valeur, "code": departement or "—"}
    return ""


def corrections_choisies(data, points, referentiel) -> tuple[dict, dict]:
    """The values posted for each checked point, and an error per point whose value is not allowed.

    A city changed, or whose postal code or department changed, must form with it a pair the
    referential holds: never VILLEURBANNE (06).
    """
    codes = {d.code for d in referentiel.departements()} | {""}
    noms_pays = {p.nom for p in referentiel.pays()}
    corrections, erreurs = {}, {}
    for point in points:
        if point.cle not in data or point.cle not in CIBLES:
            continue
        valeur = data[point.cle].strip().upper()
        if message := _erreur_valeur(point.nature, point.libelle, valeur, codes, noms_pays):
            erreurs[point.cle] = message
        corrections[point.cle] = valeur
        if point.cle_code_postal:
            corrections[point.cle_code_postal] = data.get(point.cle_code_postal, point.code_postal).strip()
    initiales = {p.cle: p.valeur for p in points} | {
        p.cle_code_postal: p.code_postal for p in points if p.cle_code_postal
    }
    for point in points:
        if point.cle not in corrections or point.cle in erreurs or point.nature != Nature.COMMUNE:
            continue
        liees = [c for c in (point.cle, point.cle_code_postal, point.cle_departement) if c]
        if all(corrections.get(c, initiales.get(c)) == initiales.get(c) for c in liees):
            continue  # nothing of this place changed: nothing new is written
        lies = {c: corrections.get(c, initiales.get(c, "")) for c in liees}
        if message := _erreur_paire(referentiel, point, corrections[point.cle], lies):
            erreurs[point.cle] = message
    return corrections, erreurs


# ---------------------------------------------------------------------------------------------
# Before sending
# ---------------------------------------------------------------------------------------------


def _message_referentiel(point: PointReferentiel) -> str:
    """ "« ST PRIEST » : SAINT s'écrit en toutes lettres, pas ST. Proposition : SAINT-PRIEST (69800).
    Corrigez avec…": the value, why, the proposal, where to correct."""
    phrases = list(point.explications)
    if point.proposition_libelle:
        phrases.append(_("Proposition : %(proposition)s.") % {"proposition": point.proposition_libelle})
    phrases.append(_("Corrigez avec « Vérifier les villes, départements et pays » (onglet Dossier 02-06)."))
    texte = " ".join(phrases)
    return f"« {point.valeur} » : {texte}" if point.valeur.strip() else texte


def problemes_referentiel(eleve: Eleve, *, referentiel: Referentiel) -> list[Probleme]:
    """The referential check's findings, as problems (raises ants.client.AntsError like it).

    From a cache-only referential that lacks an answer: one problem saying the check is to be run.
    """
    try:
        points = verifier_referentiel(eleve, referentiel=referentiel)
    except ReferentielNonConsulte:
        return [
            Probleme(
                _("Villes, départements et pays"),
                _(
                    "Pas encore vérifiés dans le référentiel de l'ANTS depuis la dernière modification : "
                    "cliquez sur « Vérifier les villes, départements et pays » (onglet Dossier 02-06)."
                ),
                "referentiel",
            )
        ]
    return [
        Probleme(point.libelle, _message_referentiel(point), point.cle)
        for point in points
        if not point.conforme
    ]


def _contexte(eleve: Eleve, cerfa: str, jour: date) -> Contexte:
    dossier = _dossier(eleve) or DossierPermis(eleve=eleve)
    emails = eleve.agence.users.exclude(email="").values_list("email", flat=True)
    return Contexte(
        eleve, dossier, list(eleve.representants.all()), cerfa, jour, tuple(e.lower() for e in emails)
    )


def problemes_envoi(
    eleve: Eleve, *, cerfa: str, jour: date | None = None, referentiel: Referentiel | None = None
) -> list[Probleme]:
    """Everything to fix in the file before a demande of type `cerfa` can go to ANTS, each once.

    With `referentiel` (the submission flow), the cities, departments and countries are checked
    too, through the ANTS client; with a cache-only one (the screens), from the last check's
    answers, or a problem saying the check is to be run; without it, no referential at all.
    """
    ctx = _contexte(eleve, cerfa, jour or timezone.localdate())
    problemes = [probleme for regle in REGLES for probleme in regle(ctx)]
    if referentiel is not None:
        deja = {cle for p in problemes for cle in p.cles}
        problemes += [p for p in problemes_referentiel(eleve, referentiel=referentiel) if p.cle not in deja]
    return problemes
