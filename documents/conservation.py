"""How long each nature of student document is kept, as data, and which documents are past it.

The defaults follow the CNIL's line for the data a driving school holds on its students (RGPD art. 5-1-e,
storage limitation): a copy of an identity document, a proof of address, a photo, a medical opinion are
collected for one purpose, the student's demandes to ANTS, and are kept only as long as that purpose
needs them, then deleted — not archived "just in case". The purpose is over when the student's last
demande has reached its end on ANTS (accepted, rejected, refused, transferred or deleted) and none is
under way; six months more cover what may still come after it: a prefecture that asks for a piece
again, a title sent back that ANTS re-sends within 6 months (seeds 002 and 003). The paper mandate is
kept at least 6 months, as ANTS asks of the school. What the school prints (summary, letter, blank
mandate) is rebuilt from the file at any time: 3 months. The download records are security logs: the
CNIL's recommendation on logging (2021) says between six months and a year — a year.

Changing a duration here changes it for every agency at the next purge (manage.py purger_documents).
"""

import calendar
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Expression, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import AccesDocument, DocumentEleve

Nature = DocumentEleve.Nature


@dataclass(frozen=True)
class Regle:
    """Kept `mois` months from the upload, or — `apres_le_dossier` — from the end of the student's
    file (never before the upload), and in any case at least `au_moins_mois` months after the upload."""

    mois: int
    apres_le_dossier: bool = True
    au_moins_mois: int = 0

    def __str__(self):
        if not self.apres_le_dossier:
            return _("%(n)s mois après le dépôt") % {"n": self.mois}
        texte = _("%(n)s mois après la fin du dossier") % {"n": self.mois}
        if self.au_moins_mois:
            texte += " " + _("(au moins %(n)s mois après le dépôt)") % {"n": self.au_moins_mois}
        return texte


SIX_MOIS_APRES = Regle(6)
CONSERVATION: dict[str, Regle] = {
    Nature.PIECE_IDENTITE: SIX_MOIS_APRES,
    Nature.JUSTIFICATIF_DOMICILE: SIX_MOIS_APRES,
    Nature.PIECE_JUSTIFICATIVE: SIX_MOIS_APRES,  # ASSR, JDC, avis médical (health data): no longer
    Nature.PHOTO_SIGNATURE: SIX_MOIS_APRES,
    Nature.DOCUMENT_ANTS: SIX_MOIS_APRES,  # still on ANTS while the demande lives there
    Nature.MANDAT_SIGNE: Regle(6, au_moins_mois=6),
    Nature.PDF_ECOLE: Regle(3, apres_le_dossier=False),
    Nature.AUTRE: SIX_MOIS_APRES,  # unknown content: as an identity document
}
ACCES_CONSERVATION_MOIS = 12
# A signed paper mandate allows sending demandes under mandate for this long after it was filed.
MANDAT_VALIDITE_MOIS = 6


def mois_avant(moment: datetime, mois: int) -> datetime:
    """The same moment `mois` calendar months earlier (31 March − 1 month → 28 or 29 February)."""
    annee, mois_index = divmod(moment.year * 12 + moment.month - 1 - mois, 12)
    jour = min(moment.day, calendar.monthrange(annee, mois_index + 1)[1])
    return moment.replace(year=annee, month=mois_index + 1, day=jour)


def mois_apres(moment: datetime, mois: int) -> datetime:
    return mois_avant(moment, -mois)


def documents_perimes(*, maintenant: datetime, fin_du_dossier: Expression) -> QuerySet[DocumentEleve]:
    """The documents past their retention at `maintenant`.

    `fin_du_dossier` is an expression on DocumentEleve rows: when the student's file ended, NULL
    while it goes on (the layer that knows the demandes says it: demandes.conservation). A document
    filed after the end counts from its own upload.
    """
    perimes = Q()
    for nature, regle in CONSERVATION.items():
        limite = mois_avant(maintenant, regle.mois)
        if regle.apres_le_dossier:
            depot = min(limite, mois_avant(maintenant, regle.au_moins_mois))
            condition = Q(fin_du_dossier__lt=limite, depose_le__lt=depot)
        else:
            condition = Q(depose_le__lt=limite)
        perimes |= Q(nature=nature) & condition
    return (
        DocumentEleve.objects.annotate(fin_du_dossier=fin_du_dossier)
        .filter(perimes)
        .select_related("eleve__agence")
        .order_by("eleve__agence__code", "eleve_id", "depose_le", "id")
    )


def acces_perimes(*, maintenant: datetime) -> QuerySet[AccesDocument]:
    return AccesDocument.objects.filter(le__lt=mois_avant(maintenant, ACCES_CONSERVATION_MOIS))
