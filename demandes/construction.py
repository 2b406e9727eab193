"""The student file → the demande ANTS receives (ants.client.DemandeInput), in one place.

`CHAMPS` says where each part of the demande comes from in the file, so that a field ANTS
refuses points the secretary to the field to correct.
"""

import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from ants.client import (
    AdressePostale,
    Candidat,
    Declarations,
    DemandeInput,
    DerniereCategorie,
    Dossier,
    LieuNaissance,
    RepresentantLegal,
)
from ants.client.types import Formation, ModeObtention, Motif, TypeDemande
from eleves.models import PAYS_FRANCE, DossierPermis, Eleve
from eleves.noms import forme_ants

DECLARATIONS = [
    "instance_examen",
    "lit_francais",
    "correction_vision",
    "affection_medicale",
    "vehicule_amenage",
    "pension_invalidite",
]


def _telephone(valeur: str) -> str:
    return re.sub(r"[\s.\-]", "", valeur or "")


def _adresse(source) -> AdressePostale:
    return AdressePostale(
        numero=source.numero_voie,
        extension=source.extension_voie,
        type_voie=source.type_voie,
        nom_voie=forme_ants(source.nom_voie),
        complement=forme_ants(source.complement),
        code_postal=source.code_postal,
        commune=source.ville,
        pays=source.pays or PAYS_FRANCE,
    )


def motif_pour(eleve: Eleve, type_demande: str) -> Motif:
    dossier = eleve.dossier
    if type_demande == TypeDemande.CERFA_06:
        return Motif(dossier.motif_titre or Motif.REUSSITE_EXAMEN)
    return Motif.EXTENSION if dossier.categories_obtenues else Motif.PREMIERE_INSCRIPTION


def code_ephoto_pour(dossier: DossierPermis, type_demande: str) -> str:
    return dossier.code_ephoto_06 if type_demande == TypeDemande.CERFA_06 else dossier.code_ephoto_02


def _candidat(eleve: Eleve, type_demande: str) -> Candidat:
    en_france = eleve.ne_en_france
    return Candidat(
        sexe=eleve.sexe,
        nom_naissance=forme_ants(eleve.nom_naissance),
        nom_usage=forme_ants(eleve.nom_usage),
        prenom=forme_ants(eleve.prenom),
        autres_prenoms=forme_ants(eleve.autres_prenoms),
        date_naissance=eleve.date_naissance,
        naissance=LieuNaissance(
            commune=eleve.ville_naissance,
            departement=eleve.departement_naissance if en_france else "",
            pays=eleve.pays_naissance,
        ),
        adresse=_adresse(eleve),
        telephone_mobile=_telephone(eleve.telephone_mobile),
        telephone_autre=_telephone(eleve.telephone_autre),
        email=eleve.email,
        neph=eleve.neph if type_demande == TypeDemande.CERFA_06 else "",
    )


def _representant(eleve: Eleve) -> RepresentantLegal | None:
    # ANTS takes one legal representative: the first one of the file.
    representant = next(iter(eleve.representants.all()), None)
    if representant is None:
        return None
    return RepresentantLegal(
        sexe=representant.sexe,
        nom=forme_ants(representant.nom),
        prenom=forme_ants(representant.prenom),
        date_naissance=representant.date_naissance,
        adresse=_adresse(representant),
        telephone=_telephone(representant.telephone),
        email=representant.email,
    )


def _derniere_categorie(dossier: DossierPermis) -> DerniereCategorie | None:
    if not dossier.derniere_categorie:
        return None
    pays = dossier.derniere_categorie_pays or PAYS_FRANCE
    return DerniereCategorie(
        categorie=dossier.derniere_categorie,
        date=dossier.derniere_categorie_date,
        lieu=forme_ants(dossier.derniere_categorie_lieu),
        pays=pays,
        departement=dossier.derniere_categorie_departement if pays == PAYS_FRANCE else "",
        prefecture=dossier.derniere_categorie_prefecture,
        mode=ModeObtention(dossier.derniere_categorie_mode or ModeObtention.EXAMEN),
    )


def _dossier(eleve: Eleve) -> Dossier:
    dossier = eleve.dossier
    return Dossier(
        categories_demandees=tuple(dossier.categories_demandees),
        categories_obtenues=tuple(dossier.categories_obtenues),
        derniere_categorie=_derniere_categorie(dossier),
        declarations=Declarations(**{nom: getattr(dossier, nom) for nom in DECLARATIONS}),
        formation=Formation(eleve.filiere),
        opposition_reutilisation_donnees=dossier.opposition_reutilisation_donnees,
    )


def demande_depuis_eleve(eleve: Eleve, *, type_demande: str, mandat_papier: bool = False) -> DemandeInput:
    """What ANTS receives for this student's demande of this type: the file as it is now."""
    return DemandeInput(
        type=TypeDemande(type_demande),
        motif=motif_pour(eleve, type_demande),
        prefecture=eleve.agence.responsable.prefecture,
        candidat=_candidat(eleve, type_demande),
        representant_legal=_representant(eleve),
        dossier=_dossier(eleve),
        mandat_papier=mandat_papier,
        code_ephoto=code_ephoto_pour(eleve.dossier, type_demande),
    )


# Where each part of the demande comes from: (page, form field id, label) by DemandeInput path.
# A path not listed falls back to its first segment (e.g. every "dossier.*" → the Dossier tab).
@dataclass(frozen=True)
class Source:
    page: str  # "fiche" (student form), "dossier" (Dossier 02-06 form), "agence" (the admin)
    champ: str
    libelle: str


def _sources() -> dict[str, Source]:
    fiche = {
        "candidat.sexe": ("sexe", _("Civilité")),
        "candidat.nom_naissance": ("nom_naissance", _("Nom de naissance")),
        "candidat.nom_usage": ("nom_usage", _("Nom d'usage")),
        "candidat.prenom": ("prenom", _("Prénom")),
        "candidat.autres_prenoms": ("autres_prenoms", _("Autres prénoms")),
        "candidat.date_naissance": ("date_naissance", _("Date de naissance")),
        "candidat.naissance.commune": ("ville_naissance", _("Ville de naissance")),
        "candidat.naissance.departement": ("departement_naissance", _("Département de naissance")),
        "candidat.naissance.pays": ("pays_naissance", _("Pays de naissance")),
        "candidat.adresse.numero": ("numero_voie", _("Numéro de la voie")),
        "candidat.adresse.nom_voie": ("nom_voie", _("Nom de la voie")),
        "candidat.adresse.complement": ("complement", _("Complément d'adresse")),
        "candidat.adresse.code_postal": ("code_postal", _("Code postal")),
        "candidat.adresse.commune": ("ville", _("Ville")),
        "candidat.adresse.pays": ("pays", _("Pays")),
        "candidat.telephone_mobile": ("telephone_mobile", _("Téléphone mobile")),
        "candidat.telephone_autre": ("telephone_autre", _("Autre téléphone")),
        "candidat.email": ("email", _("E-mail")),
        "candidat.neph": ("neph", _("Numéro NEPH")),
        "representant_legal": ("representant1-nom", _("Représentant légal")),
        "representant_legal.nom": ("representant1-nom", _("Nom du représentant légal")),
        "representant_legal.prenom": ("representant1-prenom", _("Prénom du représentant légal")),
        "representant_legal.date_naissance": (
            "representant1-date_naissance",
            _("Date de naissance du représentant légal"),
        ),
        "representant_legal.adresse.nom_voie": ("representant1-nom_voie", _("Voie du représentant légal")),
        "representant_legal.adresse.complement": (
            "representant1-complement",
            _("Complément d'adresse du représentant légal"),
        ),
        "representant_legal.adresse.code_postal": (
            "representant1-code_postal",
            _("Code postal du représentant légal"),
        ),
        "representant_legal.adresse.commune": ("representant1-ville", _("Ville du représentant légal")),
        "representant_legal.email": ("representant1-email", _("E-mail du représentant légal")),
    }
    dossier = {
        "dossier.categories_demandees": ("categories_demandees", _("Catégories demandées")),
        "dossier.derniere_categorie": ("derniere_categorie", _("Dernière catégorie obtenue")),
        "dossier.derniere_categorie.date": ("derniere_categorie_date", _("Date d'obtention")),
        "dossier.derniere_categorie.pays": ("derniere_categorie_pays", _("Pays de l'ancien permis")),
        "dossier.derniere_categorie.departement": (
            "derniere_categorie_departement",
            _("Département de l'ancien permis"),
        ),
        "dossier.derniere_categorie.prefecture": (
            "derniere_categorie_prefecture",
            _("Préfecture de l'ancien permis"),
        ),
        "code_ephoto": ("code_ephoto_02", _("Code ePhoto")),
        "motif": ("motif_titre", _("Demande de titre après")),
    }
    sources = {path: Source("fiche", *valeur) for path, valeur in fiche.items()}
    sources |= {path: Source("dossier", *valeur) for path, valeur in dossier.items()}
    sources["prefecture"] = Source("agence", "prefecture", _("Préfecture de l'agence"))
    return sources


def source_du_champ(chemin: str) -> Source:
    sources = _sources()
    while chemin and chemin not in sources:
        chemin = chemin.rpartition(".")[0]
    return sources.get(chemin) or Source("dossier", "", _("Dossier 02-06"))


def lien_du_champ(eleve: Eleve, source: Source, *, type_demande: str = "") -> str:
    """The page and field where the secretary corrects what ANTS refused."""
    if source.page == "agence":
        return reverse("admin:agences_agence_change", args=[eleve.agence.responsable.pk])
    if source.page == "fiche":
        return f"{reverse('eleves:modifier', args=[eleve.pk])}#id_{source.champ}"
    champ = source.champ
    if champ == "code_ephoto_02" and type_demande == TypeDemande.CERFA_06:
        champ = "code_ephoto_06"
    return (
        f"{reverse('eleves:dossier', args=[eleve.pk])}#id_{champ}"
        if champ
        else reverse("eleves:dossier", args=[eleve.pk])
    )


def appliquer_sur_eleve(eleve: Eleve, lue) -> Eleve:
    """ "Mettre à jour toutes les informations de l'élève depuis le site de la préfecture"."""
    from eleves.services import dossier_save, eleve_save  # writes go through the file's own services

    candidat, adresse, naissance = lue.candidat, lue.candidat.adresse, lue.candidat.naissance
    for champ, valeur in {
        "sexe": candidat.sexe,
        "nom_naissance": candidat.nom_naissance,
        "nom_usage": candidat.nom_usage,
        "prenom": candidat.prenom,
        "autres_prenoms": candidat.autres_prenoms,
        "date_naissance": candidat.date_naissance,
        "ville_naissance": naissance.commune,
        "departement_naissance": naissance.departement,
        "pays_naissance": naissance.pays,
        "numero_voie": adresse.numero,
        "extension_voie": adresse.extension,
        "type_voie": adresse.type_voie,
        "nom_voie": adresse.nom_voie,
        "complement": adresse.complement,
        "code_postal": adresse.code_postal,
        "ville": adresse.commune,
        "pays": adresse.pays,
        "telephone_mobile": candidat.telephone_mobile,
        "telephone_autre": candidat.telephone_autre,
        "email": candidat.email,
        "neph": lue.neph or candidat.neph or eleve.neph,
        "filiere": lue.dossier.formation,
    }.items():
        setattr(eleve, champ, valeur)
    eleve = eleve_save(eleve=eleve)
    dossier = eleve.dossier
    dossier.categories_demandees = list(lue.dossier.categories_demandees)
    dossier.categories_obtenues = list(lue.dossier.categories_obtenues)
    for nom in DECLARATIONS:
        setattr(dossier, nom, getattr(lue.dossier.declarations, nom))
    dossier.opposition_reutilisation_donnees = lue.dossier.opposition_reutilisation_donnees
    dossier_save(dossier=dossier)
    return eleve
