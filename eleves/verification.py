"""Checks run before anything about a student is sent to ANTS.

Two parts: `verifier_referentiel` (cities, departments, countries against ANTS's referential, with a
proposed correction for each one not found) and `problemes_envoi` (every other rule, each with a
French message saying what to fix). The submission flow calls both before creating a demande.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from ants.client.types import TypeDemande
from autoecole.saisie import erreur_saisie

from .donnees import (
    ADRESSES_GENERIQUES,
    AGE_MAJORITE,
    AGE_MINIMUM_CANDIDAT,
    AGES_MINIMUMS_TITRE,
    CATEGORIES_AVEC_VISITE_MEDICALE,
    MESSAGERIES_PUBLIQUES,
    PREFIXES_GENERIQUES,
)
from .models import PAYS_FRANCE, DossierPermis, Eleve, RepresentantLegal
from .noms import ants_normalise_commune, cle_comparaison, sans_accents
from .referentiel import Referentiel
from .selectors import eleves_meme_email
from .validators import erreur_libelle_voie, erreur_prenom

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


CIBLES: dict[str, Cible] = {
    "ville": Cible(lambda eleve: eleve, "ville"),
    "representant_1_ville": Cible(_representant(1), "ville"),
    "representant_2_ville": Cible(_representant(2), "ville"),
    "ville_naissance": Cible(lambda eleve: eleve, "ville_naissance"),
    "departement_naissance": Cible(lambda eleve: eleve, "departement_naissance"),
    "pays_naissance": Cible(lambda eleve: eleve, "pays_naissance"),
    "dernier_permis_departement": Cible(_dossier, "derniere_categorie_departement"),
    "dernier_permis_pays": Cible(_dossier, "derniere_categorie_pays"),
}


class Nature(models.TextChoices):
    COMMUNE = "commune"
    DEPARTEMENT = "departement"
    PAYS = "pays"


@dataclass
class PointReferentiel:
    """One value of the file checked against the referential.

    `proposition` is None when there is nothing to propose, "" when the fix is to empty the field
    (a department for a place abroad).
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

    @property
    def valeur_proposee(self) -> str:
        return self.valeur if self.proposition is None else self.proposition


def _libelle_commune(commune) -> str:
    return f"{commune.nom} ({commune.codes_postaux[0]})" if commune.codes_postaux else commune.nom


def _explications_commune(valeur: str, proposition: str) -> list[str]:
    """Why the typed name differs from the referential's, in the words of the user manual."""
    raisons = []
    mots = re.split(r"[^A-Z0-9]+", sans_accents(valeur).upper())
    if any(mot in ("ST", "STE") for mot in mots):
        raisons.append(_("SAINT s'écrit en toutes lettres, pas ST."))
    if sans_accents(valeur) != valeur:
        raisons.append(_("Les noms de ville s'écrivent sans accents."))
    if " " in valeur.strip() and "-" in proposition:
        raisons.append(_("Les espaces sont remplacés par des tirets (-)."))
    if "ARRONDISSEMENT" in proposition and "ARRONDISSEMENT" not in valeur.upper():
        raisons.append(_("Pour Paris, Lyon et Marseille, précisez l'arrondissement."))
    return raisons or [_("Choisissez la ville dans la liste qui s'affiche en tapant ses premières lettres.")]


_ARRONDISSEMENT = re.compile(r"^(?P<ville>.*?)-(?P<numero>\d+)(?:-?(?:ER|E|EME|EMES))?(?:-ARR.*)?$")


def _numero(nom: str) -> int | None:
    found = re.search(r"\b(\d+)", nom)
    return int(found.group(1)) if found else None


def _chercher_commune(referentiel: Referentiel, valeur: str, code_postal: str, departement: str):
    """(found, proposition): the referential's commune for what was typed, if one stands out."""

    def compatible(commune) -> bool:
        return (not code_postal or code_postal in commune.codes_postaux) and (
            not departement or commune.departement == departement
        )

    normalise = ants_normalise_commune(valeur)
    candidats = [c for c in referentiel.communes(normalise, code_postal=code_postal) if compatible(c)]
    if any(c.nom == valeur for c in candidats):
        return True, None
    memes = [c for c in candidats if cle_comparaison(c.nom) == cle_comparaison(valeur)]
    if memes:
        return False, memes[0]
    arrondissement = _ARRONDISSEMENT.match(normalise)
    if arrondissement:
        ville, numero = arrondissement["ville"], int(arrondissement["numero"])
        communes = referentiel.communes(ville, code_postal=code_postal)
        arrondissements = [
            c
            for c in communes
            if compatible(c)
            and "ARRONDISSEMENT" in c.nom
            and cle_comparaison(c.nom).startswith(cle_comparaison(ville))
            and (code_postal or _numero(c.nom) == numero)
        ]
        if len(arrondissements) == 1:
            return False, arrondissements[0]
    return False, None


def _point_commune(referentiel, cle, libelle, valeur, *, code_postal="", departement="") -> PointReferentiel:
    point = PointReferentiel(cle, libelle, Nature.COMMUNE, valeur, code_postal=code_postal)
    if not valeur.strip():
        point.conforme = False
        point.explications = [_("La ville est vide : saisissez-la.")]
        return point
    point.conforme, commune = _chercher_commune(referentiel, valeur, code_postal, departement)
    if not point.conforme:
        if commune is not None:
            point.proposition, point.proposition_libelle = commune.nom, _libelle_commune(commune)
            point.explications = _explications_commune(valeur, commune.nom)
        else:
            point.explications = [
                _("Ville introuvable dans le référentiel de l'ANTS%(cp)s : choisissez-la dans la liste.")
                % {"cp": _(" pour le code postal %s") % code_postal if code_postal else ""}
            ]
    return point


def _point_departement(referentiel, cle, libelle, valeur, *, en_france: bool) -> PointReferentiel:
    point = PointReferentiel(cle, libelle, Nature.DEPARTEMENT, valeur)
    valeur = valeur.strip()
    if not en_france:
        if valeur:
            point.conforme, point.proposition = False, ""
            point.explications = [
                _("Le lieu n'est pas en France : le département doit rester vide (99 n'est plus accepté).")
            ]
        return point
    departements = referentiel.departements()
    if valeur in {d.code for d in departements}:
        return point
    point.conforme = False
    saisi = valeur.upper().zfill(2) if valeur.isdigit() else valeur.upper()
    trouve = next(
        (d for d in departements if d.code == saisi or cle_comparaison(d.nom) == cle_comparaison(valeur)),
        None,
    )
    if valeur and trouve:
        point.proposition, point.proposition_libelle = trouve.code, f"{trouve.code} {trouve.nom}"
    point.explications = [
        _("Département inconnu de l'ANTS : choisissez-le dans la liste.")
        if valeur
        else _("Le département est vide : choisissez-le dans la liste.")
    ]
    return point


def _point_pays(referentiel, cle, libelle, valeur) -> PointReferentiel:
    point = PointReferentiel(cle, libelle, Nature.PAYS, valeur)
    noms = [p.nom for p in referentiel.pays()]
    if valeur in noms:
        return point
    point.conforme = False
    trouve = next(
        (nom for nom in noms if valeur.strip() and cle_comparaison(nom) == cle_comparaison(valeur)), None
    )
    if trouve:
        point.proposition = point.proposition_libelle = trouve
        point.explications = [_("Le pays s'écrit en majuscules, sans accents, comme dans la liste.")]
    elif valeur.strip():
        point.explications = [_("Pays non reconnu par l'ANTS : choisissez-le dans la liste.")]
    else:
        point.explications = [_("Le pays est vide : choisissez-le dans la liste.")]
    return point


def verifier_referentiel(eleve: Eleve, *, referentiel: Referentiel | None = None) -> list[PointReferentiel]:
    """Every city, department and country of the file, checked; the ones not found carry a proposal.

    Raises ants.client.AntsError when the referential cannot be read (the caller says so).
    """
    referentiel = referentiel or Referentiel()
    points = [
        _point_commune(
            referentiel,
            "ville",
            _("Ville d'habitation de l'élève"),
            eleve.ville,
            code_postal=eleve.code_postal,
        )
    ]
    for representant in eleve.representants.all():
        points.append(
            _point_commune(
                referentiel,
                f"representant_{representant.rang}_ville",
                _("Ville du représentant légal %(rang)s") % {"rang": representant.rang},
                representant.ville,
                code_postal=representant.code_postal,
            )
        )
    pays_naissance = _point_pays(referentiel, "pays_naissance", _("Pays de naissance"), eleve.pays_naissance)
    en_france = eleve.ne_en_france
    departement = _point_departement(
        referentiel,
        "departement_naissance",
        _("Département de naissance"),
        eleve.departement_naissance,
        en_france=en_france,
    )
    if en_france:
        # The birth department narrows the city only once it is itself right.
        dept = departement.valeur_proposee if departement.conforme or departement.proposition else ""
        points.append(
            _point_commune(
                referentiel,
                "ville_naissance",
                _("Ville de naissance"),
                eleve.ville_naissance,
                departement=dept,
            )
        )
    points += [departement, pays_naissance]
    dossier = _dossier(eleve)
    if dossier is not None and (dossier.categories_obtenues or dossier.derniere_categorie):
        pays = dossier.derniere_categorie_pays
        points += [
            _point_departement(
                referentiel,
                "dernier_permis_departement",
                _("Département de délivrance de l'ancien permis"),
                dossier.derniere_categorie_departement,
                en_france=pays.strip().upper() == PAYS_FRANCE,
            ),
            _point_pays(referentiel, "dernier_permis_pays", _("Pays d'origine de l'ancien permis"), pays),
        ]
    return points


# Longest city name a file can store (Adresse.ville, Eleve.ville_naissance).
LONGUEUR_VILLE_MAX = Eleve._meta.get_field("ville").max_length


def _erreur_correction(point: PointReferentiel, valeur: str, codes: set[str], noms_pays: set[str]) -> str:
    if point.nature == Nature.DEPARTEMENT and valeur not in codes:
        return _("Choisissez le département dans la liste (vide pour un lieu à l'étranger).")
    if point.nature == Nature.PAYS and valeur not in noms_pays:
        return _("Choisissez le pays dans la liste.")
    if point.nature != Nature.COMMUNE:
        return ""
    if not valeur:
        return _("Saisissez la ville puis choisissez-la dans la liste.")
    if len(valeur) > LONGUEUR_VILLE_MAX:
        return _("Un nom de ville compte au plus %(max)d caractères : choisissez la ville dans la liste.") % {
            "max": LONGUEUR_VILLE_MAX
        }
    return erreur_saisie(point.libelle, valeur)


def corrections_choisies(data, points, departements, pays) -> tuple[dict, dict]:
    """The values posted for each checked point, and an error per point whose value is not allowed."""
    codes = {d.code for d in departements} | {""}
    noms_pays = {p.nom for p in pays}
    corrections, erreurs = {}, {}
    for point in points:
        if point.cle not in data or point.cle not in CIBLES:
            continue
        valeur = data[point.cle].strip().upper()
        if message := _erreur_correction(point, valeur, codes, noms_pays):
            erreurs[point.cle] = message
        corrections[point.cle] = valeur
    return corrections, erreurs


# ---------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Probleme:
    """A reason ANTS would refuse the demande: the field concerned and what to do."""

    champ: str
    message: str


@dataclass(frozen=True)
class Contexte:
    eleve: Eleve
    dossier: DossierPermis
    representants: list[RepresentantLegal]
    cerfa: str
    jour: date


def _label(model, champ: str) -> str:
    return str(model._meta.get_field(champ).verbose_name).capitalize()


def _age(naissance: date, jour: date) -> int:
    return jour.year - naissance.year - ((jour.month, jour.day) < (naissance.month, naissance.day))


# Fields each demande needs, by Cerfa: (model, field). Conditional ones are rules below.
CHAMPS_REQUIS = {
    TypeDemande.CERFA_02: (
        (Eleve, "sexe"),
        (Eleve, "nom_naissance"),
        (Eleve, "prenom"),
        (Eleve, "date_naissance"),
        (Eleve, "ville_naissance"),
        (Eleve, "pays_naissance"),
        (Eleve, "nom_voie"),
        (Eleve, "code_postal"),
        (Eleve, "ville"),
        (Eleve, "email"),
        (DossierPermis, "categories_demandees"),
    ),
}
CHAMPS_REQUIS[TypeDemande.CERFA_06] = CHAMPS_REQUIS[TypeDemande.CERFA_02] + (
    (Eleve, "neph"),
    (DossierPermis, "motif_titre"),
    (DossierPermis, "date_examen_ou_formation"),
)
CHAMPS_SI_PERMIS_DETENU = (
    (DossierPermis, "derniere_categorie"),
    (DossierPermis, "derniere_categorie_date"),
    (DossierPermis, "derniere_categorie_pays"),
    (DossierPermis, "derniere_categorie_mode"),
)


def _manquants(ctx: Contexte, champs) -> list[Probleme]:
    cerfa = TypeDemande(ctx.cerfa).label
    problemes = []
    for model, champ in champs:
        valeur = getattr(ctx.eleve if model is Eleve else ctx.dossier, champ)
        if valeur in ("", None, []):
            label = _label(model, champ)
            onglet = _("Fiche") if model is Eleve else _("Dossier 02-06")
            problemes.append(
                Probleme(
                    label,
                    _(
                        "« %(label)s » est obligatoire pour une demande %(cerfa)s : renseignez-le "
                        "dans l'onglet "
                        "%(onglet)s."
                    )
                    % {"label": label, "cerfa": cerfa, "onglet": onglet},
                )
            )
    return problemes


def regle_champs_requis(ctx: Contexte) -> list[Probleme]:
    problemes = _manquants(ctx, CHAMPS_REQUIS[ctx.cerfa])
    if ctx.dossier.categories_obtenues:
        problemes += _manquants(ctx, CHAMPS_SI_PERMIS_DETENU)
    if ctx.eleve.ne_en_france and not ctx.eleve.departement_naissance:
        problemes += _manquants(ctx, [(Eleve, "departement_naissance")])
    if not ctx.eleve.agence.responsable.prefecture:
        problemes.append(
            Probleme(
                _("Préfecture"),
                _(
                    "La préfecture de l'agence %(agence)s n'est pas renseignée : un responsable doit "
                    "la choisir "
                    "dans l'administration des agences."
                )
                % {"agence": ctx.eleve.agence.responsable.nom},
            )
        )
    return problemes


def regle_visite_medicale(ctx: Contexte) -> list[Probleme]:
    lourdes = [c for c in ctx.dossier.categories_demandees if c in CATEGORIES_AVEC_VISITE_MEDICALE]
    if not lourdes or ctx.dossier.visite_medicale:
        return []
    return [
        Probleme(
            _label(DossierPermis, "visite_medicale"),
            _(
                "La catégorie %(categories)s demande un avis médical : saisissez la date de la "
                "visite médicale "
                "dans l'onglet Dossier 02-06."
            )
            % {"categories": ", ".join(lourdes)},
        )
    ]


def regle_age_candidat(ctx: Contexte) -> list[Probleme]:
    age = _age(ctx.eleve.date_naissance, ctx.jour)
    if age >= AGE_MINIMUM_CANDIDAT:
        return []
    return [
        Probleme(
            _label(Eleve, "date_naissance"),
            _(
                "L'élève a %(age)s ans : l'ANTS n'accepte aucune demande avant %(minimum)s ans. "
                "Vérifiez la date "
                "de naissance."
            )
            % {"age": age, "minimum": AGE_MINIMUM_CANDIDAT},
        )
    ]


def age_minimum_titre(categorie: str, *, jour: date, categories_detenues=()) -> int | None:
    """The lowest minimum age open to this candidate for the title of `categorie` on `jour`."""
    en_vigueur: dict[str, tuple[date, int]] = {}
    for regle in AGES_MINIMUMS_TITRE:
        if regle.categorie != categorie or regle.depuis > jour:
            continue
        if regle.si_detient and regle.si_detient not in categories_detenues:
            continue
        courant = en_vigueur.get(regle.si_detient)
        if courant is None or regle.depuis > courant[0]:
            en_vigueur[regle.si_detient] = (regle.depuis, regle.age)
    return min((age for _depuis, age in en_vigueur.values()), default=None)


def regle_age_titre(ctx: Contexte) -> list[Probleme]:
    if ctx.cerfa != TypeDemande.CERFA_06:
        return []
    age = _age(ctx.eleve.date_naissance, ctx.jour)
    problemes = []
    for categorie in ctx.dossier.categories_demandees:
        minimum = age_minimum_titre(
            categorie, jour=ctx.jour, categories_detenues=ctx.dossier.categories_obtenues
        )
        if minimum is not None and age < minimum:
            naissance = ctx.eleve.date_naissance
            possible_le = _anniversaire(naissance, minimum)
            problemes.append(
                Probleme(
                    _("Catégories demandées"),
                    _(
                        "Le titre de la catégorie %(categorie)s ne peut être délivré qu'à partir de "
                        "%(minimum)s ans ; "
                        "l'élève a %(age)s ans : envoyez la demande de titre à partir du %(le)s."
                    )
                    % {
                        "categorie": categorie,
                        "minimum": minimum,
                        "age": age,
                        "le": possible_le.strftime("%d/%m/%Y"),
                    },
                )
            )
    return problemes


def _anniversaire(naissance: date, age: int) -> date:
    try:
        return naissance.replace(year=naissance.year + age)
    except ValueError:  # born on 29 February
        return date(naissance.year + age, 3, 1)


def regle_mineur(ctx: Contexte) -> list[Probleme]:
    if _age(ctx.eleve.date_naissance, ctx.jour) >= AGE_MAJORITE:
        return []
    if not ctx.representants:
        return [
            Probleme(
                _("Représentant légal"),
                _(
                    "L'élève est mineur : renseignez au moins un représentant légal (identité et "
                    "adresse) dans "
                    "l'onglet Fiche."
                ),
            )
        ]
    problemes = []
    for representant in ctx.representants:
        manquants = [
            _label(RepresentantLegal, champ)
            for champ in ("nom", "prenom", "date_naissance", "nom_voie", "code_postal", "ville")
            if not getattr(representant, champ)
        ]
        if manquants:
            problemes.append(
                Probleme(
                    _("Représentant légal %(rang)s") % {"rang": representant.rang},
                    _("L'élève est mineur : complétez pour le représentant légal %(rang)s : %(champs)s.")
                    % {"rang": representant.rang, "champs": ", ".join(manquants)},
                )
            )
        elif _age(representant.date_naissance, ctx.jour) < AGE_MAJORITE:
            problemes.append(
                Probleme(
                    _("Représentant légal %(rang)s") % {"rang": representant.rang},
                    _("Le représentant légal %(rang)s doit être majeur : vérifiez sa date de naissance.")
                    % {"rang": representant.rang},
                )
            )
    return problemes


def _email_generique(email: str) -> bool:
    local = re.sub(r"[.\-_+]", "", email.split("@", 1)[0].lower())
    return local in ADRESSES_GENERIQUES or local.startswith(PREFIXES_GENERIQUES)


def _domaines_agence(eleve: Eleve) -> set[str]:
    """Mail domains of the agency's staff, except public providers (a secretary may use gmail)."""
    emails = eleve.agence.users.exclude(email="").values_list("email", flat=True)
    return {email.rsplit("@", 1)[-1].lower() for email in emails} - set(MESSAGERIES_PUBLIQUES)


def regle_email(ctx: Contexte) -> list[Probleme]:
    email = ctx.eleve.email
    if not email:
        return []
    champ = _label(Eleve, "email")
    if _email_generique(email) or email.rsplit("@", 1)[-1].lower() in _domaines_agence(ctx.eleve):
        return [
            Probleme(
                champ,
                _(
                    "L'adresse %(email)s est celle d'une école ou d'une entreprise : l'ANTS la "
                    "refuse. Saisissez "
                    "l'adresse personnelle de l'élève."
                )
                % {"email": email},
            )
        ]
    autres = list(eleves_meme_email(ctx.eleve)[:3])
    if autres:
        return [
            Probleme(
                champ,
                _(
                    "L'adresse %(email)s est aussi celle de %(autres)s : l'ANTS refuse une adresse partagée. "
                    "Chaque élève doit avoir sa propre adresse e-mail : modifiez-la dans l'onglet Fiche."
                )
                % {"email": email, "autres": ", ".join(map(str, autres))},
            )
        ]
    return []


def regle_prenom(ctx: Contexte) -> list[Probleme]:
    message = erreur_prenom(ctx.eleve.prenom)
    return [Probleme(_label(Eleve, "prenom"), message)] if message else []


def regle_voies(ctx: Contexte) -> list[Probleme]:
    adresses = [(_("de l'élève"), ctx.eleve)] + [
        (_("du représentant légal %(rang)s") % {"rang": r.rang}, r) for r in ctx.representants
    ]
    problemes = []
    for qui, adresse in adresses:
        for champ in ("nom_voie", "complement"):
            libelle = f"{_label(Eleve, champ)} {qui}"
            if message := erreur_libelle_voie(libelle, getattr(adresse, champ)):
                problemes.append(Probleme(libelle, message))
    return problemes


REGLES = (
    regle_champs_requis,
    regle_visite_medicale,
    regle_age_candidat,
    regle_age_titre,
    regle_mineur,
    regle_email,
    regle_prenom,
    regle_voies,
)


def problemes_referentiel(eleve: Eleve, *, referentiel: Referentiel) -> list[Probleme]:
    """The referential check's findings, as problems (raises ants.client.AntsError like it)."""
    return [
        Probleme(
            point.libelle,
            _(
                "« %(valeur)s » n'a pas été trouvé dans le référentiel de l'ANTS : %(explication)s "
                "Corrigez-le avec "
                "« Vérifier les villes, départements et pays » (onglet Dossier 02-06)."
            )
            % {"valeur": point.valeur or _("(vide)"), "explication": " ".join(point.explications)},
        )
        for point in verifier_referentiel(eleve, referentiel=referentiel)
        if not point.conforme
    ]


def problemes_envoi(
    eleve: Eleve, *, cerfa: str, jour: date | None = None, referentiel: Referentiel | None = None
) -> list[Probleme]:
    """Everything to fix in the file before a demande of type `cerfa` can go to ANTS.

    With `referentiel` (the submission flow), the cities, departments and countries are checked
    too, through the ANTS client; without it (the Dossier tab on every display), no HTTP call.
    """
    dossier = _dossier(eleve) or DossierPermis(eleve=eleve)
    ctx = Contexte(eleve, dossier, list(eleve.representants.all()), cerfa, jour or timezone.localdate())
    problemes = [probleme for regle in REGLES for probleme in regle(ctx)]
    if referentiel is not None:
        problemes += problemes_referentiel(eleve, referentiel=referentiel)
    return problemes
