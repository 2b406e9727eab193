"""Demandes as our rows hold them, without asking ANTS (for the pages that only read them)."""

from datetime import date

import factory
from django.utils import timezone

from ants.client.types import Motif, Statut, TypeDemande
from demandes.models import Demande
from tests.eleves.factories import EleveFactory
from tests.factories import AgenceFactory

DOCUMENTS = [
    {"code": "AVIS_MEDICAL", "libelle": "Avis médical", "aide": "", "disponible": True},
    {"code": "JUSTIFICATIF_DEMANDE", "libelle": "Justificatif de la demande", "aide": "", "disponible": True},
    {
        "code": "ATTESTATION_INSCRIPTION",
        "libelle": "Attestation dépôt inscription au permis",
        "aide": "",
        "disponible": False,
    },
]


def _libelle(statut: str) -> str:
    return str(Statut(statut).label) if statut in Statut.values else statut


class DemandeFactory(factory.django.DjangoModelFactory):
    """A demande of a student; `eleve=None` (with `agence=`) for one made on the ANTS site, not linked."""

    class Meta:
        model = Demande

    eleve = factory.SubFactory(EleveFactory)
    agence = factory.LazyAttribute(lambda o: o.eleve.agence if o.eleve else AgenceFactory())
    numero = factory.Sequence(lambda n: f"{4700 + n}")
    type = TypeDemande.CERFA_02
    motif = Motif.PREMIERE_INSCRIPTION
    statut = Statut.BROUILLON
    statut_libelle = factory.LazyAttribute(lambda o: _libelle(o.statut))
    cree_le = factory.LazyFunction(timezone.now)
    modifie_le = factory.LazyAttribute(lambda o: o.cree_le)
    candidat_nom = factory.LazyAttribute(lambda o: o.eleve.nom_naissance if o.eleve else "MARTIN")
    candidat_prenom = factory.LazyAttribute(lambda o: o.eleve.prenom if o.eleve else "LUCIE")
    candidat_date_naissance = factory.LazyAttribute(
        lambda o: o.eleve.date_naissance if o.eleve else date(2001, 3, 9)
    )
    documents = factory.LazyFunction(lambda: [dict(d) for d in DOCUMENTS])
