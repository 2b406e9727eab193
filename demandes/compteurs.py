"""The counters of the Espace Administratif (seed 000, pp. 19-22): which ANTS statuses each one counts.

The grouping is data, here only: the page, its filter and the export read it, and a status ANTS
adds later is placed by adding it to one tuple. A status counted by no counter (ours, SUPPRIMEE,
or one this version does not know) is still listed, only not counted.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Sum
from django.utils.translation import gettext_lazy as _

from ants.client.types import Statut, TypeDemande


@dataclass(frozen=True)
class Compteur:
    cle: str
    libelle: str
    aide: str
    statuts: tuple[str, ...]
    # The Cerfas it is shown for: "à traiter en Cerfa 06" only ever happens to a Cerfa 02.
    types: tuple[str, ...] = tuple(TypeDemande.values)


COMPTEURS = (
    Compteur(
        "a_traiter",
        _("à traiter"),
        _("Statut « À compléter » : l'ANTS demande des pièces ou des corrections."),
        (Statut.A_COMPLETER,),
    ),
    Compteur(
        "attente_usager",
        _("en attente de validation usager"),
        _("L'élève doit activer son compte ANTS puis valider la demande (7 jours)."),
        (Statut.EN_ATTENTE_VALIDATION_USAGER,),
    ),
    Compteur(
        "rejete",
        _("rejeté"),
        _("Rejetée par l'ANTS ou refusée par l'élève : une nouvelle demande est nécessaire."),
        (Statut.REJETEE, Statut.REFUSEE_USAGER),
    ),
    Compteur(
        "brouillons",
        _("brouillons"),
        _("Pièces justificatives et code ePhoto modifiables, demande à valider."),
        (Statut.BROUILLON,),
    ),
    Compteur(
        "a_traiter_cerfa_06",
        _("à traiter en Cerfa 06"),
        _("Inscription acceptée et examen réussi : la demande de titre peut être créée."),
        (Statut.A_TRAITER_CERFA_06,),
        types=(TypeDemande.CERFA_02,),
    ),
    Compteur(
        "en_cours",
        _("en cours de traitement"),
        _("Vérification des pièces, des images, ou envoyée à la préfecture."),
        (Statut.VERIFICATION_PIECES, Statut.VERIFICATION_IMAGES, Statut.EN_COURS_TRAITEMENT),
    ),
    Compteur(
        "transfere",
        _("transféré"),
        _("Passée sur le compte d'une autre auto-école ou agence."),
        (Statut.TRANSFEREE,),
    ),
    Compteur(
        "accepte",
        _("accepté"),
        _("Cerfa 02 : inscription enregistrée, NEPH attribué. Cerfa 06 : titre produit."),
        (Statut.ACCEPTEE,),
    ),
)

PAR_CLE = {compteur.cle: compteur for compteur in COMPTEURS}


def choix_filtre() -> list[tuple[str, str]]:
    """The values of the list's counter filter: "CERFA_02:brouillons", …"""
    return [
        (f"{type_demande}:{compteur.cle}", f"{type_demande.label} — {compteur.libelle}")
        for type_demande in TypeDemande
        for compteur in COMPTEURS
        if type_demande in compteur.types
    ]


def compteur_du_filtre(valeur: str) -> tuple[str, Compteur] | None:
    type_demande, _sep, cle = (valeur or "").partition(":")
    compteur = PAR_CLE.get(cle)
    if compteur is None or type_demande not in compteur.types:
        return None
    return type_demande, compteur


@dataclass(frozen=True)
class Valeur:
    """One counter's figure on the page, with what clicking it filters."""

    compteur: Compteur
    type_demande: str
    nombre: int

    @property
    def filtre(self) -> str:
        return f"{self.type_demande}:{self.compteur.cle}"


@dataclass(frozen=True)
class Compteurs:
    # Each Cerfa and its counters in COMPTEURS order, None where one does not apply: the page shows
    # a counter in the same column for both Cerfas.
    par_type: list[tuple[TypeDemande, list[Valeur | None]]]
    total: int
    non_reliees: int


def _valeur(compteur: Compteur, type_demande: str, nombres: dict[tuple[str, str], int]) -> Valeur | None:
    if type_demande not in compteur.types:
        return None
    return Valeur(compteur, type_demande, sum(nombres.get((type_demande, s), 0) for s in compteur.statuts))


def groupes_des_demandes(demandes) -> Iterable[tuple[str, str, bool, int]]:
    """(type, statut, sans élève, nombre) of these demandes, counted one by one in a GROUP BY."""
    return (
        demandes.order_by()
        .annotate(sans_eleve=ExpressionWrapper(Q(eleve__isnull=True), output_field=BooleanField()))
        .values_list("type", "statut", "sans_eleve")
        .annotate(n=Count("pk"))
    )


def groupes_des_comptes(comptes) -> Iterable[tuple[str, str, bool, int]]:
    """The same, added up from the counts PostgreSQL keeps (models.CompteDemandes)."""
    return comptes.order_by().values_list("type", "statut", "sans_eleve").annotate(total=Sum("n"))


def comptes_tenus() -> bool:
    """Whether the database keeps the counts (PostgreSQL's triggers; not embedded SQLite)."""
    return connection.vendor == "postgresql"


def comptes_replier(agence_ids: list[int] | None = None) -> None:
    """Each group's counts folded into one row (all agencies' when `agence_ids` is None): one
    statement, which writers adding counts meanwhile do not wait for."""
    if not comptes_tenus():
        return
    condition = "TRUE" if agence_ids is None else "agence_id = ANY(%s)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH repliees AS (DELETE FROM demandes_comptedemandes WHERE {condition}"  # noqa: S608
            " RETURNING agence_id, type, statut, sans_eleve, n)"
            " INSERT INTO demandes_comptedemandes (agence_id, type, statut, sans_eleve, n)"
            " SELECT agence_id, type, statut, sans_eleve, sum(n) FROM repliees"
            " GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0",
            [] if agence_ids is None else [agence_ids],
        )


def compter(groupes: Iterable[tuple[str, str, bool, int]]) -> Compteurs:
    """Every counter, from the demandes' groups (a few dozen rows whatever the volume)."""
    nombres: dict[tuple[str, str], int] = {}
    total = non_reliees = 0
    for type_demande, statut, sans_eleve, n in groupes:
        nombres[type_demande, statut] = nombres.get((type_demande, statut), 0) + n
        total += n
        non_reliees += n if sans_eleve else 0
    par_type = [
        (type_demande, [_valeur(compteur, type_demande, nombres) for compteur in COMPTEURS])
        for type_demande in TypeDemande
    ]
    return Compteurs(par_type=par_type, total=total, non_reliees=non_reliees)
