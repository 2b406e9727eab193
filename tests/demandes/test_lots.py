"""Batch writes of the sync (demandes/lots.py): what the ORM would write, in one statement a batch."""

from datetime import date

import pytest
from django.utils import timezone

from demandes import lots
from demandes.models import Demande
from tests.demandes.factories import DemandeFactory
from tests.demandes.planificateur import decrite_vide, pages_decrites
from tests.factories import AgenceFactory

pytestmark = pytest.mark.django_db


def test_inserted_rows_get_their_ids_and_their_fields_defaults(django_assert_num_queries):
    agence, moment = AgenceFactory(), timezone.now()
    lignes = [
        {
            "agence_id": agence.pk,
            "numero": f"L{n}",
            "type": "CERFA_02",
            "statut": "ACCEPTEE",
            "cree_le": moment,
            "modifie_le": moment,
            "candidat_date_naissance": date(2001, 2, 3) if n else None,
        }
        for n in range(3)
    ]
    with django_assert_num_queries(1):
        ids = lots.inserer(Demande, lignes)

    relues = Demande.objects.in_bulk(ids)
    assert [relues[pk].numero for pk in ids] == ["L0", "L1", "L2"]
    assert (relues[ids[0]].candidat_date_naissance, relues[ids[1]].documents) == (None, [])
    assert (relues[ids[2]].cree_le, relues[ids[2]].motif, relues[ids[2]].transferee) == (moment, "", False)


def test_an_update_writes_the_named_fields_only(django_assert_num_queries):
    demandes = [DemandeFactory(statut="BROUILLON", neph="") for _ in range(2)]
    for demande in demandes:
        demande.statut, demande.neph, demande.transferee = "ACCEPTEE", "123456789012", True
        demande.absente_de_la_liste_depuis = None
    with django_assert_num_queries(1):
        lots.mettre_a_jour(demandes, ["statut", "transferee", "absente_de_la_liste_depuis"])

    relues = list(
        Demande.objects.filter(pk__in=[d.pk for d in demandes]).values_list("statut", "transferee", "neph")
    )
    assert relues == [("ACCEPTEE", True, "")] * 2


NOM = 'L\'HÔPITAL "dit" \\ ÉLÉONORE\n😀'
PIECES = [{"type": "IDENTITE", "nom": "carte d'identité"}]


def inserer_une(**champs) -> int:
    agence, moment = AgenceFactory(), timezone.now()
    ligne = {"agence_id": agence.pk, "numero": "J1", "type": "CERFA_02", "statut": "ACCEPTEE"}
    (pk,) = lots.inserer(Demande, [{**ligne, "cree_le": moment, "modifie_le": moment, **champs}])
    return pk


def test_inserted_texts_json_and_moments_arrive_as_written():
    moment = timezone.now()
    pk = inserer_une(candidat_nom=NOM, pieces=PIECES, lue_le=moment)

    relue = Demande.objects.get(pk=pk)
    assert (relue.candidat_nom, relue.pieces, relue.lue_le) == (NOM, PIECES, moment)


def test_updated_texts_json_and_moments_arrive_as_written():
    demande, moment = Demande.objects.get(pk=inserer_une()), timezone.now()
    demande.candidat_nom, demande.documents, demande.lue_le = NOM, PIECES, moment
    lots.mettre_a_jour([demande], ["candidat_nom", "documents", "lue_le"])

    relue = Demande.objects.get(pk=demande.pk)
    assert (relue.candidat_nom, relue.documents, relue.lue_le) == (NOM, PIECES, moment)


def remplir(n: int, prefixe: str = "R") -> None:
    agence, moment = AgenceFactory(), timezone.now()
    champs = {"agence_id": agence.pk, "type": "CERFA_02", "statut": "ACCEPTEE", "cree_le": moment}
    lots.inserer(Demande, [{**champs, "numero": f"{prefixe}{k}", "modifie_le": moment} for k in range(n)])


def test_a_table_grown_well_past_its_statistics_is_analyzed():
    decrite_vide()
    remplir(2000)

    assert lots.statistiques_a_jour(Demande) is True
    assert pages_decrites() > 0


def test_a_table_its_statistics_describe_is_not_analyzed_again():
    decrite_vide()
    remplir(2000)
    lots.statistiques_a_jour(Demande)
    remplir(10, prefixe="S")

    assert lots.statistiques_a_jour(Demande) is False
