"""What the ANTS client takes and returns: frozen dataclasses in domain terms.

Field names follow docs/ants-api.md (French, as the domain). Names of places are in ANTS form
(uppercase, no accents): the caller normalises them, the referential checks them.

What ANTS returns may hold a code this client does not know yet (a new status, type or motif): it is
kept as ANTS's own string rather than refused, so `statut` is a `Statut` member or a plain `str`
(`isinstance(demande.statut, Statut)` tells them apart; `statut_libelle` is ANTS's label either way).
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class TypeDemande(models.TextChoices):
    CERFA_02 = "CERFA_02", _("Cerfa 02 (inscription au permis)")
    CERFA_06 = "CERFA_06", _("Cerfa 06 (demande de titre)")


class Motif(models.TextChoices):
    PREMIERE_INSCRIPTION = "PREMIERE_INSCRIPTION", _("Première inscription")
    EXTENSION = "EXTENSION", _("Extension de catégorie")
    APRES_ANNULATION = "APRES_ANNULATION", _("Après annulation")
    REUSSITE_EXAMEN = "REUSSITE_EXAMEN", _("Réussite à l'examen")
    FORMATION = "FORMATION", _("Attestation de suivi de formation (AM, A, B96, code 78)")


class Formation(models.TextChoices):
    TRADITIONNELLE = "TRADITIONNELLE", _("Traditionnelle")
    AAC = "AAC", _("Apprentissage anticipé de la conduite (AAC)")
    SUPERVISEE = "SUPERVISEE", _("Conduite supervisée")


class ModeObtention(models.TextChoices):
    EXAMEN = "EXAMEN", _("Par examen")
    ECHANGE = "ECHANGE", _("Par échange")


class Statut(models.TextChoices):
    """The demande's status on ANTS; labels are ANTS's own `statut_libelle`."""

    BROUILLON = "BROUILLON", _("Brouillon")
    EN_ATTENTE_VALIDATION_USAGER = "EN_ATTENTE_VALIDATION_USAGER", _("En attente de validation par l'usager")
    REFUSEE_USAGER = "REFUSEE_USAGER", _("Refusée par l'usager")
    VERIFICATION_PIECES = "VERIFICATION_PIECES", _("Vérification des pièces justificatives")
    VERIFICATION_IMAGES = "VERIFICATION_IMAGES", _("Vérification des images")
    A_COMPLETER = "A_COMPLETER", _("À compléter")
    REJETEE = "REJETEE", _("Rejetée")
    EN_COURS_TRAITEMENT = "EN_COURS_TRAITEMENT", _("En cours de traitement")
    TRANSFEREE = "TRANSFEREE", _("Transférée")
    ACCEPTEE = "ACCEPTEE", _("Acceptée")
    A_TRAITER_CERFA_06 = "A_TRAITER_CERFA_06", _("À traiter en Cerfa 06")


# Referential and account


@dataclass(frozen=True)
class Commune:
    nom: str
    code_insee: str
    codes_postaux: tuple[str, ...]
    departement: str


@dataclass(frozen=True)
class Departement:
    code: str
    nom: str


@dataclass(frozen=True)
class Pays:
    code: str
    nom: str


@dataclass(frozen=True)
class Prefecture:
    code: str
    nom: str


# The demande as sent


@dataclass(frozen=True)
class LieuNaissance:
    commune: str
    pays: str
    departement: str = ""  # empty for a foreign birthplace


@dataclass(frozen=True)
class AdressePostale:
    code_postal: str
    commune: str
    nom_voie: str = ""
    numero: str = ""
    extension: str = ""
    type_voie: str = ""
    complement: str = ""
    pays: str = "FRANCE"


@dataclass(frozen=True)
class Candidat:
    sexe: str  # "M" | "F"
    nom_naissance: str
    prenom: str
    date_naissance: date
    naissance: LieuNaissance
    adresse: AdressePostale
    email: str
    nom_usage: str = ""
    autres_prenoms: str = ""
    telephone_mobile: str = ""
    telephone_autre: str = ""
    neph: str = ""


@dataclass(frozen=True)
class RepresentantLegal:
    sexe: str
    nom: str
    prenom: str
    date_naissance: date
    adresse: AdressePostale
    telephone: str = ""
    email: str = ""


@dataclass(frozen=True)
class DerniereCategorie:
    categorie: str
    date: date
    pays: str
    mode: ModeObtention | str
    lieu: str = ""
    departement: str = ""
    prefecture: str = ""


@dataclass(frozen=True)
class Declarations:
    instance_examen: bool = False
    lit_francais: bool = True
    correction_vision: bool = False
    affection_medicale: bool = False
    vehicule_amenage: bool = False
    pension_invalidite: bool = False


@dataclass(frozen=True)
class Dossier:
    categories_demandees: tuple[str, ...]
    categories_obtenues: tuple[str, ...] = ()
    derniere_categorie: DerniereCategorie | None = None
    declarations: Declarations = field(default_factory=Declarations)
    formation: Formation | str = Formation.TRADITIONNELLE
    opposition_reutilisation_donnees: bool = False


@dataclass(frozen=True)
class DemandeInput:
    type: TypeDemande
    motif: Motif
    prefecture: str
    candidat: Candidat
    dossier: Dossier
    representant_legal: RepresentantLegal | None = None
    mandat_papier: bool = False
    code_ephoto: str = ""

    def __repr__(self) -> str:
        # Personal data stays out of logs and tracebacks; the type says what this is.
        return f"DemandeInput(type={self.type!s}, motif={self.motif!s})"


# The demande as ANTS holds it


@dataclass(frozen=True)
class DemandeAnts:
    numero: str
    type: TypeDemande | str
    motif: Motif | str
    statut: Statut | str
    statut_libelle: str
    motif_statut: str
    cree_le: datetime
    modifie_le: datetime
    valide_le: datetime | None
    transferee: bool
    mandat_papier: bool
    neph: str
    ephoto_present: bool
    agrement: str
    prefecture: str
    candidat: Candidat
    representant_legal: RepresentantLegal | None
    dossier: Dossier


@dataclass(frozen=True)
class CandidatResume:
    nom_naissance: str
    nom_usage: str
    prenom: str
    date_naissance: date | None
    email: str


@dataclass(frozen=True)
class DemandeResume:
    numero: str
    type: TypeDemande | str
    motif: Motif | str
    statut: Statut | str
    statut_libelle: str
    cree_le: datetime
    modifie_le: datetime
    transferee: bool
    neph: str
    candidat: CandidatResume


@dataclass(frozen=True)
class Listing:
    """Every demande a GET /demandes listing returned, all pages read, each demande once.

    `problems` (French sentences) say why it cannot be trusted: ANTS's pages contradicted each other
    (the total changed, a page was empty or short before the last, a demande came twice or could not
    be read, more pages than the client reads). A sync concludes nothing from an inconsistent
    listing. A consistent one may still be incomplete (the vanishing anomaly lists nothing, with a
    total to match): a deletion is never concluded from an absence, only from a 404 on
    GET /demandes/{numero}.
    """

    items: tuple[DemandeResume, ...]
    total: int  # as ANTS announced it on the first page
    problems: tuple[str, ...] = ()

    @property
    def consistent(self) -> bool:
        return not self.problems

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class PieceFichier:
    id: str
    nom: str
    pages: int
    taille: int
    type: str
    commentaire: str
    depose_le: datetime


@dataclass(frozen=True)
class Piece:
    code: str
    libelle: str
    aide: str
    requise: bool
    pages_max: int
    pages: int
    commentaire_autorise: bool
    fichiers: tuple[PieceFichier, ...]


@dataclass(frozen=True)
class Document:
    code: str
    libelle: str
    aide: str
    disponible: bool


@dataclass(frozen=True)
class Ephoto:
    photo: bytes  # JPEG
    signature: bytes  # PNG

    def __repr__(self) -> str:
        return f"Ephoto(photo={len(self.photo)} bytes, signature={len(self.signature)} bytes)"
