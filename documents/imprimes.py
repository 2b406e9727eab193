"""The three PDFs a school hands out: the summary of a demande, the letter to the candidate, the paper
mandate. Each is built from what it is given (the summary from the very DemandeInput that ANTS will
receive: demandes builds it) and rendered by documents.pdf from templates/documents/imprimes/.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agences.models import ExtensionVoie, TypeVoie
from ants.client import AdressePostale, DemandeInput
from ants.client.types import Formation, ModeObtention, Motif, TypeDemande
from eleves.donnees import AGE_MAJORITE
from eleves.models import DossierPermis, Eleve, Sexe
from eleves.regles import age  # the file's own age rule, not a copy

from .pdf import rendre_pdf

VIDE = "—"


@dataclass(frozen=True)
class Section:
    titre: str
    lignes: list[tuple[str, str]]
    classe: str = ""


def _date(valeur) -> str:
    return date_format(valeur, "d/m/Y") if valeur else VIDE


def _choix(choices, valeur) -> str:
    return str(dict(choices).get(valeur, valeur)) if valeur else VIDE


def _jour(jour) -> str:
    """A date as a letter writes it: « 1er décembre 2026 », « 2 décembre 2026 »."""
    texte = date_format(jour, "j F Y")
    return texte.replace("1 ", "1er ", 1) if jour.day == 1 else texte


def _oui_non(valeur: bool) -> str:
    return _("Oui") if valeur else _("Non")


def _lignes(numero, extension, type_voie, nom_voie, complement, code_postal, ville) -> list[str]:
    extension = _choix(ExtensionVoie.choices, extension).lower() if extension else ""
    type_voie = _choix(TypeVoie.choices, type_voie) if type_voie else ""
    voie = " ".join(part for part in (numero, extension, type_voie, nom_voie) if part)
    return [ligne for ligne in (voie, complement, f"{code_postal} {ville}".strip()) if ligne]


def adresse_lignes(adresse) -> list[str]:
    """An agency's address as it is typed, for the letterhead."""
    return _lignes(
        adresse.numero_voie,
        adresse.extension_voie,
        adresse.type_voie,
        adresse.nom_voie,
        adresse.complement,
        adresse.code_postal,
        adresse.ville,
    )


def adresse_postale(adresse) -> list[str]:
    """A person's address as La Poste wants it on an envelope: in capitals."""
    return [ligne.upper() for ligne in adresse_lignes(adresse)]


def _adresse(adresse: AdressePostale) -> str:
    """An address as ANTS will receive it, on one line."""
    lignes = _lignes(
        adresse.numero,
        adresse.extension,
        adresse.type_voie,
        adresse.nom_voie,
        adresse.complement,
        adresse.code_postal,
        adresse.commune,
    )
    return ", ".join([*lignes, adresse.pays]).upper()


def _lieu(commune: str, departement: str, pays: str) -> str:
    return ", ".join(p for p in (f"{commune} ({departement})" if departement else commune, pays) if p)


def _contexte(eleve: Eleve, titre: str, **contexte) -> dict:
    agence = eleve.agence
    return {
        "titre": titre,
        "agence": agence,
        "agence_adresse": adresse_lignes(agence),
        "agrement": agence.responsable.numero_agrement,
        "eleve": eleve,
        "le": _jour(timezone.localdate()),
        **contexte,
    }


# Récapitulatif de la demande


def _sections_candidat(envoi: DemandeInput) -> list[Section]:
    candidat = envoi.candidat
    naissance = candidat.naissance
    identite = [
        (_("Civilité"), _choix(Sexe.choices, candidat.sexe)),
        (_("Nom de naissance"), candidat.nom_naissance or VIDE),
        (_("Nom d'usage"), candidat.nom_usage or VIDE),
        (_("Prénom"), candidat.prenom or VIDE),
        (_("Autres prénoms"), candidat.autres_prenoms or VIDE),
        (_("Date de naissance"), _date(candidat.date_naissance)),
        (_("Lieu de naissance"), _lieu(naissance.commune, naissance.departement, naissance.pays) or VIDE),
    ]
    if envoi.type == TypeDemande.CERFA_06:
        identite.append((_("Numéro NEPH"), candidat.neph or VIDE))
    contact = [
        (_("Adresse"), _adresse(candidat.adresse)),
        (_("Téléphone mobile"), candidat.telephone_mobile or VIDE),
        (_("Autre téléphone"), candidat.telephone_autre or VIDE),
        (_("E-mail"), candidat.email or VIDE),
    ]
    return [Section(_("État civil"), identite), Section(_("Adresse et contact"), contact)]


def _section_representant(envoi: DemandeInput) -> list[Section]:
    representant = envoi.representant_legal
    if representant is None:
        return []
    return [
        Section(
            _("Représentant légal"),
            [
                (_("Civilité"), _choix(Sexe.choices, representant.sexe)),
                (_("Nom"), representant.nom or VIDE),
                (_("Prénoms"), representant.prenom or VIDE),
                (_("Date de naissance"), _date(representant.date_naissance)),
                (_("Adresse"), _adresse(representant.adresse)),
                (_("Téléphone"), representant.telephone or VIDE),
                (_("E-mail"), representant.email or VIDE),
            ],
        )
    ]


def _derniere_categorie(envoi: DemandeInput) -> list[tuple[str, str]]:
    derniere = envoi.dossier.derniere_categorie
    if derniere is None:
        return []
    lieu = ", ".join(p for p in (derniere.lieu, derniere.departement, derniere.pays) if p)
    return [
        (_("Dernière catégorie obtenue"), derniere.categorie),
        (_("Obtenue le"), f"{_date(derniere.date)} — {_choix(ModeObtention.choices, derniere.mode).lower()}"),
        (_("Lieu"), lieu or VIDE),
        (_("Préfecture"), derniere.prefecture or VIDE),
    ]


def _sections_dossier(envoi: DemandeInput) -> list[Section]:
    dossier = envoi.dossier
    permis = [
        (_("Catégories demandées"), ", ".join(dossier.categories_demandees) or VIDE),
        (_("Catégories déjà obtenues"), ", ".join(dossier.categories_obtenues) or VIDE),
        *_derniere_categorie(envoi),
        (_("Formation"), _choix(Formation.choices, dossier.formation)),
    ]
    declarations = dossier.declarations
    champs = DossierPermis._meta
    reponses = [
        (str(champs.get_field(nom).verbose_name).capitalize(), _oui_non(getattr(declarations, nom)))
        for nom in declarations.__dataclass_fields__
    ]
    reponses.append(
        (
            str(champs.get_field("opposition_reutilisation_donnees").verbose_name).capitalize(),
            _oui_non(dossier.opposition_reutilisation_donnees),
        )
    )
    return [
        Section(_("Permis demandé"), permis),
        Section(_("Déclarations du candidat"), reponses, "declarations"),
    ]


def _photo_signature(code_ephoto: str) -> str:
    if code_ephoto:
        return _("code ePhoto %(code)s") % {"code": code_ephoto}
    return _("sans code ePhoto : formulaire papier à envoyer au CTN")


def _section_demande(envoi: DemandeInput, prefecture: str) -> Section:
    return Section(
        _("La demande"),
        [
            (_("Motif"), _choix(Motif.choices, envoi.motif)),
            (_("Préfecture"), prefecture or VIDE),
            (_("Photo et signature"), _photo_signature(envoi.code_ephoto)),
        ],
    )


def recapitulatif_pdf(*, eleve: Eleve, envoi: DemandeInput) -> bytes:
    """Everything ANTS will receive for this demande, for the candidate to reread before the school
    validates it."""
    agence = eleve.agence.responsable
    prefecture = agence.prefecture_nom if envoi.prefecture == agence.prefecture else envoi.prefecture
    sections = [
        _section_demande(envoi, prefecture),
        *_sections_candidat(envoi),
        *_section_representant(envoi),
        *_sections_dossier(envoi),
    ]
    return rendre_pdf(
        "documents/imprimes/recapitulatif.html",
        _contexte(eleve, _("Récapitulatif de la demande"), envoi=envoi, sections=sections),
    )


# Lettre au candidat


def lettre_pdf(*, eleve: Eleve, type_demande: str, ephoto: bool, mandat: bool, numero: str = "") -> bytes:
    """What happens next for the candidate, for this demande: ANTS's email and the 7 days, the
    validation, the paper photo-signature form without an ePhoto code, the attestation for the exam."""
    return rendre_pdf(
        "documents/imprimes/lettre.html",
        _contexte(
            eleve,
            _("Votre demande de permis de conduire : la suite"),
            type_demande=TypeDemande(type_demande),
            cerfa_02=type_demande == TypeDemande.CERFA_02,
            ephoto=ephoto,
            mandat=mandat,
            numero=numero,
            eleve_adresse=adresse_postale(eleve),
            prenom=eleve.prenom.title(),
        ),
    )


# Mandat


def mandat_pdf(*, eleve: Eleve) -> bytes:
    """The paper mandate, prefilled, for the candidate (and a minor's legal representative) to sign."""
    mineur = age(eleve.date_naissance, timezone.localdate()) < AGE_MAJORITE
    representant = eleve.representants.first() if mineur else None
    return rendre_pdf(
        "documents/imprimes/mandat.html",
        _contexte(
            eleve,
            _("Mandat pour les démarches du permis de conduire"),
            mineur=mineur,
            representant=representant,
            representant_adresse=adresse_postale(representant) if representant else [],
            eleve_adresse=adresse_postale(eleve),
            naissance=_lieu(eleve.ville_naissance, eleve.departement_naissance, eleve.pays_naissance),
        ),
    )
