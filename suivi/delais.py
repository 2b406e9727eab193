"""How long ANTS and the prefectures usually take, measured from the status history the sync keeps.

Per prefecture and type, the median and the 90th percentile in days of each step: the time a
demande spends in one status (the change that leaves it, minus the change that entered it), and
the whole way from the school's validation to acceptance. Two queries whatever the history's size:
one per kind of step, each grouped by prefecture, type and step, with PostgreSQL's percentile_cont
(on SQLite, the embedded demo, the same rows are measured in Python).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import quantiles

from django.core.cache import cache
from django.db import connection
from django.db.models import Aggregate, Case, Count, F, FloatField, Func, OuterRef, Subquery, Value, When
from django.utils.translation import gettext_lazy as _

from agences.access import agences_for_user, scope_for_user
from ants.client.types import Statut, TypeDemande
from demandes.models import ChangementStatut

from .echeances import MESURES_MINIMUM, PERIODE_DELAIS, SANS_MOUVEMENT_PAR_DEFAUT

# The statuses whose duration is measured (the steps ANTS, the CTN and the prefecture take, and
# the student's validation), in the order of a demande's life.
STATUTS_MESURES = {
    Statut.EN_ATTENTE_VALIDATION_USAGER: _("Validation par l'élève"),
    Statut.VERIFICATION_PIECES: _("Vérification des pièces"),
    Statut.VERIFICATION_IMAGES: _("Vérification des images"),
    Statut.EN_COURS_TRAITEMENT: _("Traitement en préfecture"),
    Statut.A_COMPLETER: _("À compléter (auto-école)"),
}
# The whole way: from the school's validation (waiting for the student, or straight to the checks
# under paper mandate) to acceptance — the NEPH for a Cerfa 02, the title for a Cerfa 06.
PARCOURS = "VALIDEE_ACCEPTEE"
PARCOURS_DEPART = (Statut.EN_ATTENTE_VALIDATION_USAGER, Statut.VERIFICATION_PIECES)
LIBELLES = {**STATUTS_MESURES, PARCOURS: _("De la validation à l'acceptation")}
DUREE_CACHE_SEUILS = 3600  # seconds


@dataclass(frozen=True)
class Delai:
    prefecture: str
    type: str
    etape: str
    mesures: int
    mediane: float  # days
    p90: float

    @property
    def libelle(self) -> str:
        return str(LIBELLES.get(self.etape, self.etape))

    @property
    def fiable(self) -> bool:
        return self.mesures >= MESURES_MINIMUM


class Percentile(Aggregate):
    """PostgreSQL's percentile_cont, an ordered-set aggregate: the value below which `fraction` lie."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


class Jours(Func):
    """Days from the second datetime to the first, as a float."""

    output_field = FloatField()
    arity = 2

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0", arg_joiner=" - "
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="(julianday(%(expressions)s))", arg_joiner=") - julianday("
        )


# The prefecture a demande went to: that of the agency whose ANTS account sent it.
PREFECTURE = Case(
    When(demande__agence__agence_responsable__isnull=True, then=F("demande__agence__prefecture")),
    default=F("demande__agence__agence_responsable__prefecture"),
)


def _changements(user, depuis: datetime):
    return scope_for_user(ChangementStatut.objects.all(), user, agence_path="demande__agence").filter(
        modifie_le__gte=depuis
    )


def _entree(*, premiere: bool, **statut):
    """When the row's demande entered the status (the latest entry before the row, or the first)."""
    entrees = ChangementStatut.objects.filter(demande=OuterRef("demande"), modifie_le__isnull=False, **statut)
    if premiere:
        return entrees.order_by("modifie_le", "id").values("modifie_le")[:1]
    return (
        entrees.filter(modifie_le__lte=OuterRef("modifie_le"))
        .order_by("-modifie_le", "-id")
        .values("modifie_le")[:1]
    )


def _durees_par_statut(user, depuis):
    return (
        _changements(user, depuis)
        .filter(ancien__in=list(STATUTS_MESURES))
        .annotate(jours=Jours(F("modifie_le"), Subquery(_entree(premiere=False, nouveau=OuterRef("ancien")))))
        .values(prefecture=PREFECTURE, type_demande=F("demande__type"), etape=F("ancien"))
    )


def _durees_du_parcours(user, depuis):
    return (
        _changements(user, depuis)
        .filter(nouveau=Statut.ACCEPTEE)
        .annotate(jours=Jours(F("modifie_le"), Subquery(_entree(premiere=True, nouveau__in=PARCOURS_DEPART))))
        .values(prefecture=PREFECTURE, type_demande=F("demande__type"), etape=Value(PARCOURS))
    )


def _mesurer(durees) -> list[Delai]:
    durees = durees.filter(jours__gte=0)
    if connection.vendor == "postgresql":
        rangs = durees.annotate(
            mesures=Count("pk"), mediane=Percentile("jours", 0.5), p90=Percentile("jours", 0.9)
        ).order_by()
        return [
            Delai(r["prefecture"], r["type_demande"], r["etape"], r["mesures"], r["mediane"], r["p90"])
            for r in rangs
        ]
    groupes = defaultdict(list)  # SQLite has no percentile_cont: the same rows, measured here
    for r in durees.values("prefecture", "type_demande", "etape", "jours"):
        groupes[r["prefecture"], r["type_demande"], r["etape"]].append(r["jours"])
    return [Delai(*cle, len(j), *_mediane_p90(j)) for cle, j in groupes.items()]


def _mediane_p90(jours: list[float]) -> tuple[float, float]:
    if len(jours) == 1:
        return jours[0], jours[0]
    deciles = quantiles(jours, n=10, method="inclusive")
    return quantiles(jours, n=2, method="inclusive")[0], deciles[8]


def delais_usuels(*, user, maintenant: datetime) -> list[Delai]:
    """Every step's usual delay at each prefecture of the user's agencies, over PERIODE_DELAIS."""
    depuis = maintenant - PERIODE_DELAIS
    delais = _mesurer(_durees_par_statut(user, depuis)) + _mesurer(_durees_du_parcours(user, depuis))
    ordre = {etape: rang for rang, etape in enumerate(LIBELLES)}
    types = {t: rang for rang, t in enumerate(TypeDemande.values)}
    return sorted(delais, key=lambda d: (d.prefecture, types.get(d.type, 9), ordre.get(d.etape, 99)))


def seuils_sans_mouvement(*, user, maintenant: datetime) -> dict[tuple[str, str, str], timedelta]:
    """Past this long in a status a demande is stuck: the 90th percentile where it is measured enough.

    Six months of history move little in an hour: kept that long per set of agencies, so that the board
    and the menu's count do not measure the whole history each time (bench/suivi_tableau.py).
    """
    agences = ",".join(str(pk) for pk in agences_for_user(user).order_by("pk").values_list("pk", flat=True))
    cle = f"suivi:seuils:{agences}"
    seuils = cache.get(cle)
    if seuils is None:
        seuils = {
            (d.prefecture, d.type, d.etape): timedelta(days=d.p90)
            for d in _mesurer(_durees_par_statut(user, maintenant - PERIODE_DELAIS))
            if d.fiable
        }
        cache.set(cle, seuils, DUREE_CACHE_SEUILS)
    return seuils


def seuil(seuils: dict, prefecture: str, type_demande: str, statut: str) -> tuple[timedelta, bool]:
    """The threshold for one demande, and whether it was measured (else the default)."""
    mesure = seuils.get((prefecture, type_demande, statut))
    return (mesure, True) if mesure is not None else (SANS_MOUVEMENT_PAR_DEFAUT, False)
