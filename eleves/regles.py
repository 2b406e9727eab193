"""The rules a file must meet before a demande goes to ANTS, each with the French message saying what
to fix. They read only the database (eleves.verification adds the referential's verdict).

Each rule takes a `Contexte` and returns its `Probleme`s; `REGLES` lists them in the order shown.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ants.client.types import Motif, Statut, TypeDemande
from ants.identifiants import ephoto_validator, neph_validator

from .donnees import (
    ADRESSES_GENERIQUES,
    AGE_MAJORITE,
    AGE_MINIMUM_CANDIDAT,
    AGES_MINIMUMS_TITRE,
    CATEGORIES_AVEC_VISITE_MEDICALE,
    MESSAGERIES_PUBLIQUES,
    PREFIXES_GENERIQUES,
)
from .models import DossierPermis, Eleve, RepresentantLegal
from .selectors import eleves_meme_email
from .validators import (
    erreur_autres_prenoms,
    erreur_libelle_voie,
    erreur_nom,
    erreur_numero_voie,
    erreur_prenom,
    erreur_telephone,
)


@dataclass(frozen=True)
class Probleme:
    """A reason ANTS would refuse the demande: the field concerned and what to do.

    `cle` (and `autres_cles`) name the fields ("pays_naissance", "representant_1_ville"…): two checks
    that find the same field at fault say it once.
    """

    champ: str
    message: str
    cle: str = ""
    autres_cles: tuple[str, ...] = ()

    @property
    def cles(self) -> set[str]:
        return {self.cle, *self.autres_cles} - {""}


@dataclass(frozen=True)
class Contexte:
    eleve: Eleve
    dossier: DossierPermis
    representants: list[RepresentantLegal]
    cerfa: str
    jour: date
    emails_equipe: tuple[str, ...]  # the agency staff's addresses, lowercased


def label(model, champ: str) -> str:
    return capfirst(str(model._meta.get_field(champ).verbose_name))


def age(naissance: date, jour: date) -> int:
    return jour.year - naissance.year - ((jour.month, jour.day) < (naissance.month, naissance.day))


def _jour(valeur: date) -> str:
    return date_format(valeur, "d/m/Y")


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
        (Eleve, "pays"),
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
    """One problem per tab, naming its empty fields (worded to agree with any label)."""
    cerfa = TypeDemande(ctx.cerfa).label
    vides: dict[str, list[tuple[str, str]]] = {}
    for model, champ in champs:
        if getattr(ctx.eleve if model is Eleve else ctx.dossier, champ) in ("", None, []):
            onglet = _("Fiche") if model is Eleve else _("Dossier 02-06")
            vides.setdefault(onglet, []).append((champ, label(model, champ)))
    return [
        Probleme(
            liste[0][1] if len(liste) == 1 else _("Champs obligatoires"),
            _("Pour une demande %(cerfa)s, renseignez dans l'onglet %(onglet)s : %(champs)s.")
            % {
                "cerfa": cerfa,
                "onglet": onglet,
                "champs": ", ".join(f"« {libelle} »" for _c, libelle in liste),
            },
            liste[0][0],
            tuple(champ for champ, _libelle in liste[1:]),
        )
        for onglet, liste in vides.items()
    ]


def regle_champs_requis(ctx: Contexte) -> list[Probleme]:
    champs = list(CHAMPS_REQUIS[ctx.cerfa])
    if ctx.eleve.ne_en_france:
        champs.append((Eleve, "departement_naissance"))
    if ctx.dossier.categories_obtenues:
        champs += CHAMPS_SI_PERMIS_DETENU
    problemes = _manquants(ctx, champs)
    if not ctx.eleve.agence.responsable.prefecture:
        problemes.append(
            Probleme(
                _("Préfecture"),
                _(
                    "La préfecture de l'agence %(agence)s n'est pas renseignée : un responsable doit la "
                    "choisir dans l'administration des agences."
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
            label(DossierPermis, "visite_medicale"),
            _(
                "La catégorie %(categories)s demande un avis médical : saisissez la date de la visite "
                "médicale dans l'onglet Dossier 02-06."
            )
            % {"categories": ", ".join(lourdes)},
        )
    ]


def regle_age_candidat(ctx: Contexte) -> list[Probleme]:
    naissance = ctx.eleve.date_naissance
    if naissance > ctx.jour:
        return [
            Probleme(
                label(Eleve, "date_naissance"),
                _("La date de naissance (%(le)s) est dans le futur : vérifiez l'année dans l'onglet Fiche.")
                % {"le": _jour(naissance)},
                "date_naissance",
            )
        ]
    if (ans := age(naissance, ctx.jour)) >= AGE_MINIMUM_CANDIDAT:
        return []
    return [
        Probleme(
            label(Eleve, "date_naissance"),
            _(
                "L'élève a %(age)s ans : l'ANTS n'accepte aucune demande avant %(minimum)s ans. Vérifiez la "
                "date de naissance."
            )
            % {"age": ans, "minimum": AGE_MINIMUM_CANDIDAT},
            "date_naissance",
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


def _anniversaire(naissance: date, ans: int) -> date:
    try:
        return naissance.replace(year=naissance.year + ans)
    except ValueError:  # born on 29 February
        return date(naissance.year + ans, 3, 1)


def regle_age_titre(ctx: Contexte) -> list[Probleme]:
    naissance = ctx.eleve.date_naissance
    if ctx.cerfa != TypeDemande.CERFA_06 or naissance > ctx.jour:
        return []
    ans = age(naissance, ctx.jour)
    problemes = []
    for categorie in ctx.dossier.categories_demandees:
        minimum = age_minimum_titre(
            categorie, jour=ctx.jour, categories_detenues=ctx.dossier.categories_obtenues
        )
        if minimum is not None and ans < minimum:
            problemes.append(
                Probleme(
                    _("Catégories demandées"),
                    _(
                        "Le titre de la catégorie %(categorie)s ne peut être délivré qu'à partir de "
                        "%(minimum)s ans ; l'élève a %(age)s ans : envoyez la demande de titre à partir du "
                        "%(le)s."
                    )
                    % {
                        "categorie": categorie,
                        "minimum": minimum,
                        "age": ans,
                        "le": _jour(_anniversaire(naissance, minimum)),
                    },
                )
            )
    return problemes


def regle_mineur(ctx: Contexte) -> list[Probleme]:
    if ctx.eleve.date_naissance > ctx.jour or age(ctx.eleve.date_naissance, ctx.jour) >= AGE_MAJORITE:
        return []
    if not ctx.representants:
        return [
            Probleme(
                _("Représentant légal"),
                _(
                    "L'élève est mineur : renseignez au moins un représentant légal (identité et adresse) "
                    "dans l'onglet Fiche."
                ),
            )
        ]
    problemes = []
    for representant in ctx.representants:
        qui = _("Représentant légal %(rang)s") % {"rang": representant.rang}
        manquants = [
            label(RepresentantLegal, champ)
            for champ in ("nom", "prenom", "date_naissance", "nom_voie", "code_postal", "ville")
            if not getattr(representant, champ)
        ]
        if manquants:
            problemes.append(
                Probleme(
                    qui,
                    _("L'élève est mineur : complétez pour le représentant légal %(rang)s : %(champs)s.")
                    % {"rang": representant.rang, "champs": ", ".join(manquants)},
                )
            )
        elif age(representant.date_naissance, ctx.jour) < AGE_MAJORITE:
            problemes.append(
                Probleme(
                    qui,
                    _("Le représentant légal %(rang)s doit être majeur : vérifiez sa date de naissance.")
                    % {"rang": representant.rang},
                )
            )
    return problemes


def _email_generique(email: str) -> bool:
    local = re.sub(r"[.\-_+]", "", email.split("@", 1)[0].lower())
    return local in ADRESSES_GENERIQUES or local.startswith(PREFIXES_GENERIQUES)


def _probleme_email(message: str) -> list[Probleme]:
    return [Probleme(label(Eleve, "email"), message, "email")]


def regle_email(ctx: Contexte) -> list[Probleme]:
    email = ctx.eleve.email.lower()
    if not email:
        return []
    domaines_equipe = {e.rsplit("@", 1)[-1] for e in ctx.emails_equipe} - set(MESSAGERIES_PUBLIQUES)
    if email in ctx.emails_equipe:
        return _probleme_email(
            _(
                "L'adresse %(email)s est celle d'un membre de l'agence : l'ANTS écrit à l'élève pour qu'il "
                "valide sa demande. Saisissez l'adresse personnelle de l'élève dans l'onglet Fiche."
            )
            % {"email": email}
        )
    if _email_generique(email) or email.rsplit("@", 1)[-1] in domaines_equipe:
        return _probleme_email(
            _(
                "L'adresse %(email)s est celle d'une école ou d'une entreprise : l'ANTS la refuse. "
                "Saisissez l'adresse personnelle de l'élève."
            )
            % {"email": email}
        )
    if representant := next((r for r in ctx.representants if r.email.lower() == email), None):
        return _probleme_email(
            _(
                "L'adresse %(email)s est aussi celle du représentant légal %(rang)s : l'ANTS crée le compte "
                "de l'élève à cette adresse. Saisissez l'adresse personnelle de l'élève dans l'onglet Fiche."
            )
            % {"email": email, "rang": representant.rang}
        )
    if autres := list(eleves_meme_email(ctx.eleve)[:3]):
        return _probleme_email(
            _(
                "L'adresse %(email)s est aussi celle de %(autres)s : l'ANTS refuse une adresse partagée. "
                "Chaque élève doit avoir sa propre adresse e-mail : modifiez-la dans l'onglet Fiche."
            )
            % {"email": email, "autres": ", ".join(map(str, autres))}
        )
    return []


def regle_telephone_mobile(ctx: Contexte) -> list[Probleme]:
    libelle = label(Eleve, "telephone_mobile")
    if not ctx.eleve.telephone_mobile.strip():
        message = _(
            "Renseignez « %(label)s » dans l'onglet Fiche : l'ANTS envoie par SMS à l'élève de quoi valider "
            "sa demande."
        ) % {"label": libelle}
    else:
        message = erreur_telephone(libelle, ctx.eleve.telephone_mobile, mobile=True)
    return [Probleme(libelle, message, "telephone_mobile")] if message else []


def _noms(ctx: Contexte):
    """(key, label, value, check) of every person's name of the file."""
    eleve = ctx.eleve
    yield "prenom", label(Eleve, "prenom"), eleve.prenom, erreur_prenom_et_caracteres
    for champ in ("nom_naissance", "nom_usage"):
        yield champ, label(Eleve, champ), getattr(eleve, champ), erreur_nom
    yield "autres_prenoms", label(Eleve, "autres_prenoms"), eleve.autres_prenoms, erreur_autres_prenoms
    for r in ctx.representants:
        for champ in ("nom", "prenom"):
            libelle = _("%(champ)s du représentant légal %(rang)s") % {
                "champ": label(RepresentantLegal, champ),
                "rang": r.rang,
            }
            yield f"representant_{r.rang}_{champ}", libelle, getattr(r, champ), erreur_nom


def erreur_prenom_et_caracteres(libelle: str, valeur: str) -> str:
    return erreur_nom(libelle, valeur) or erreur_prenom(valeur)


def regle_noms(ctx: Contexte) -> list[Probleme]:
    return [
        Probleme(libelle, message, cle)
        for cle, libelle, valeur, erreur in _noms(ctx)
        if (message := erreur(libelle, valeur))
    ]


# The street fields of an address and the rule each one follows.
CHAMPS_DE_VOIE = (
    ("numero_voie", erreur_numero_voie),
    ("nom_voie", erreur_libelle_voie),
    ("complement", erreur_libelle_voie),
)


def regle_voies(ctx: Contexte) -> list[Probleme]:
    adresses = [(_("de l'élève"), ctx.eleve)] + [
        (_("du représentant légal %(rang)s") % {"rang": r.rang}, r) for r in ctx.representants
    ]
    problemes = []
    for qui, adresse in adresses:
        for champ, erreur in CHAMPS_DE_VOIE:
            libelle = f"{label(Eleve, champ)} {qui}"
            if message := erreur(libelle, getattr(adresse, champ)):
                problemes.append(Probleme(libelle, message))
    return problemes


def _format(validateur, valeur: str) -> str:
    try:
        validateur(valeur)
    except ValidationError as erreur:
        return erreur.messages[0]
    return ""


def regle_identifiants(ctx: Contexte) -> list[Probleme]:
    """NEPH and ePhoto formats, checked again: a file may be written otherwise than by its forms."""
    dossier, problemes = ctx.dossier, []
    if ctx.eleve.neph and (message := _format(neph_validator, ctx.eleve.neph)):
        problemes.append(Probleme(label(Eleve, "neph"), message, "neph"))
    champ = "code_ephoto_06" if ctx.cerfa == TypeDemande.CERFA_06 else "code_ephoto_02"
    code = getattr(dossier, champ)
    if code and (message := _format(ephoto_validator, code)):
        problemes.append(Probleme(label(DossierPermis, champ), message, champ))
    if ctx.cerfa != TypeDemande.CERFA_06:
        return problemes
    if not code:
        problemes.append(
            Probleme(
                label(DossierPermis, champ),
                _(
                    "Le code ePhoto du Cerfa 06 est vide : sans lui, l'élève devra coller une photo sur un "
                    "formulaire papier et l'envoyer par la poste. Saisissez le code de sa nouvelle planche "
                    "ePhoto dans l'onglet Dossier 02-06."
                ),
                champ,
            )
        )
    elif code.upper() == dossier.code_ephoto_02.upper():
        problemes.append(
            Probleme(
                label(DossierPermis, champ),
                _(
                    "Le code ePhoto du Cerfa 06 est celui du Cerfa 02 : un code ne sert qu'une fois. "
                    "Saisissez le code d'une nouvelle planche ePhoto dans l'onglet Dossier 02-06."
                ),
                champ,
            )
        )
    return problemes


def regle_titre(ctx: Contexte) -> list[Probleme]:
    """A title demande follows the exam or the training: its date is past."""
    quand = ctx.dossier.date_examen_ou_formation
    if ctx.cerfa != TypeDemande.CERFA_06 or quand is None or quand <= ctx.jour:
        return []
    apres = _("la formation suivie") if ctx.dossier.motif_titre == Motif.FORMATION else _("l'examen réussi")
    return [
        Probleme(
            label(DossierPermis, "date_examen_ou_formation"),
            _(
                "La date de l'examen ou de la formation (%(le)s) est dans le futur : la demande de titre se "
                "fait après %(apres)s. Corrigez la date dans l'onglet Dossier 02-06."
            )
            % {"le": _jour(quand), "apres": apres},
            "date_examen_ou_formation",
        )
    ]


def regle_categorie_formation(ctx: Contexte) -> list[Probleme]:
    demandees, formation = ctx.dossier.categories_demandees, ctx.eleve.categorie_formation
    if not demandees or formation in demandees:
        return []
    return [
        Probleme(
            _("Catégories demandées"),
            _(
                "La fiche indique une formation au permis %(formation)s, mais le Dossier 02-06 demande "
                "%(demandees)s : cochez %(formation)s dans les catégories demandées, ou corrigez la "
                "formation dans l'onglet Fiche."
            )
            % {"formation": formation, "demandees": ", ".join(demandees)},
        )
    ]


REGLES = (
    regle_champs_requis,
    regle_visite_medicale,
    regle_age_candidat,
    regle_age_titre,
    regle_mineur,
    regle_noms,
    regle_voies,
    regle_email,
    regle_telephone_mobile,
    regle_identifiants,
    regle_titre,
    regle_categorie_formation,
)

# The statuses of a Cerfa 02 after which the title (Cerfa 06) is the next demande.
INSCRIPTION_ACCEPTEE = (Statut.ACCEPTEE, Statut.A_TRAITER_CERFA_06)


def cerfa_en_cours(eleve: Eleve) -> str:
    """The Cerfa the student is at: the title (06) once the NEPH is known, the title asked for
    (exam passed or training), or a registration accepted on ANTS; the registration (02) before.

    The demandes are read through their reverse relation: eleves does not import that layer.
    """
    dossier = getattr(eleve, "dossier", None)
    if eleve.neph or (dossier is not None and dossier.motif_titre):
        return TypeDemande.CERFA_06
    demandes = getattr(eleve, "demandes", None)
    if (
        demandes is not None
        and demandes.filter(type=TypeDemande.CERFA_02, statut__in=INSCRIPTION_ACCEPTEE).exists()
    ):
        return TypeDemande.CERFA_06
    return TypeDemande.CERFA_02
