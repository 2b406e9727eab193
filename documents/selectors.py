from django.utils import timezone

from eleves.models import Eleve

from .conservation import MANDAT_VALIDITE_MOIS, mois_apres, mois_avant
from .models import AccesDocument, DocumentEleve

ACCES_AFFICHES = 30


def mandat_en_cours(eleve: Eleve, *, maintenant=None) -> DocumentEleve | None:
    """The student's latest signed paper mandate filed less than MANDAT_VALIDITE_MOIS ago, if any."""
    depuis = mois_avant(maintenant or timezone.now(), MANDAT_VALIDITE_MOIS)
    return (
        eleve.documents.filter(nature=DocumentEleve.Nature.MANDAT_SIGNE, depose_le__gte=depuis)
        .order_by("-depose_le", "-id")
        .first()
    )


def mandat_valable_jusqu_au(mandat: DocumentEleve):
    return mois_apres(mandat.depose_le, MANDAT_VALIDITE_MOIS)


def acces_de_l_eleve(eleve: Eleve) -> list[AccesDocument]:
    return list(AccesDocument.objects.filter(eleve=eleve).select_related("par")[:ACCES_AFFICHES])
