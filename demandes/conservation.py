"""When a student's file is over, for the retention of the student's documents (documents.conservation
holds the durations; this layer knows the demandes).

The file is over when every demande of the student has reached its end on ANTS (accepted, rejected,
refused by the student, transferred, deleted) and no operation is under way: from the last change ANTS
made to them. A student without any demande has no end but each document's own upload. There is no
"closing" of a file yet: a file with no demande counts from each document's upload.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Case, DateTimeField, Exists, Expression, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce

from ants.client.types import Statut
from documents.conservation import acces_perimes, documents_perimes
from documents.models import DocumentEleve
from documents.services import documents_supprimer

from .models import Demande, Operation
from .regles import SUPPRIMEE

STATUTS_FINIS = (Statut.ACCEPTEE, Statut.REJETEE, Statut.REFUSEE_USAGER, Statut.TRANSFEREE, SUPPRIMEE)


def fin_du_dossier() -> Expression:
    """On DocumentEleve rows: when the student's file ended, NULL while it goes on."""
    demandes = Demande.objects.filter(eleve=OuterRef("eleve_id"))
    operations = Operation.objects.filter(eleve=OuterRef("eleve_id"), etat__in=Operation.ETATS_OUVERTS)
    # A status this version does not know counts as under way: keeping is the safe mistake.
    derniere = Subquery(demandes.order_by("-modifie_le").values("modifie_le")[:1])
    return Case(
        When(Exists(demandes.exclude(statut__in=STATUTS_FINIS)), then=Value(None)),
        When(Exists(operations), then=Value(None)),
        default=Coalesce(derniere, F("depose_le")),
        output_field=DateTimeField(),
    )


@dataclass
class Purge:
    documents: list[DocumentEleve] = field(default_factory=list)
    acces: int = 0


def documents_purger(*, maintenant: datetime, essai: bool = False) -> Purge:
    """Deletes the documents past their retention and the download records past theirs; with
    `essai`, only says which."""
    perimes = list(documents_perimes(maintenant=maintenant, fin_du_dossier=fin_du_dossier()))
    acces = acces_perimes(maintenant=maintenant)
    if essai:
        return Purge(perimes, acces.count())
    return Purge(documents_supprimer(perimes), acces.delete()[0])
