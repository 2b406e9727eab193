"""The counts PostgreSQL keeps for the counters of « Demandes en ligne »: always what counting the
demandes one by one would say, whatever writes them."""

import pytest
from django.db import connection
from django.utils import timezone

from ants.client.types import Statut, TypeDemande
from demandes import lots
from demandes.compteurs import comptes_replier, groupes_des_comptes, groupes_des_demandes
from demandes.espace import compteurs_de_l_agence
from demandes.models import CompteDemandes, Demande
from tests.demandes.factories import DemandeFactory
from tests.eleves.factories import EleveFactory
from tests.factories import AgenceFactory, UserFactory

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL keeps the counts")


@pytest.fixture
def bureau(db):
    return AgenceFactory()


def comptes(agence) -> dict:
    tenus = groupes_des_comptes(CompteDemandes.objects.filter(agence=agence))
    return {(t, s, sans): n for t, s, sans, n in tenus if n}


def recomptes(agence) -> dict:
    return {(t, s, sans): n for t, s, sans, n in groupes_des_demandes(Demande.objects.filter(agence=agence))}


def test_created_demandes_are_counted(bureau):
    DemandeFactory.create_batch(3, eleve__agence=bureau)
    DemandeFactory(eleve=None, agence=bureau, statut=Statut.ACCEPTEE)
    assert (
        comptes(bureau)
        == recomptes(bureau)
        == {
            ("CERFA_02", "BROUILLON", False): 3,
            ("CERFA_02", "ACCEPTEE", True): 1,
        }
    )


def test_a_status_change_moves_the_demande_between_counts(bureau):
    demande = DemandeFactory(eleve__agence=bureau)
    demande.statut = Statut.VERIFICATION_PIECES
    demande.save()
    assert comptes(bureau) == recomptes(bureau) == {("CERFA_02", "VERIFICATION_PIECES", False): 1}


def test_linking_a_demande_to_a_student_is_counted(bureau):
    demande = DemandeFactory(eleve=None, agence=bureau)
    Demande.objects.filter(pk=demande.pk).update(eleve=EleveFactory(agence=bureau))
    assert comptes(bureau) == recomptes(bureau) == {("CERFA_02", "BROUILLON", False): 1}


def test_a_deleted_demande_is_no_longer_counted(bureau):
    DemandeFactory.create_batch(2, eleve__agence=bureau)
    Demande.objects.filter(agence=bureau).first().delete()
    assert comptes(bureau) == recomptes(bureau) == {("CERFA_02", "BROUILLON", False): 1}


def test_the_sync_s_batches_are_counted(bureau):
    modele = DemandeFactory(eleve=None, agence=bureau)
    ligne = {
        f.attname: getattr(modele, f.attname) for f in Demande._meta.concrete_fields if not f.primary_key
    }
    ids = lots.inserer(
        Demande, [{**ligne, "numero": f"LOT{n}", "type": TypeDemande.CERFA_06} for n in range(4)]
    )
    changees = list(Demande.objects.filter(pk__in=ids[:2]))
    for demande in changees:
        demande.statut, demande.lue_le = Statut.ACCEPTEE, timezone.now()
    lots.mettre_a_jour(changees, ["statut", "lue_le"])
    assert (
        comptes(bureau)
        == recomptes(bureau)
        == {
            ("CERFA_02", "BROUILLON", True): 1,
            ("CERFA_06", "BROUILLON", True): 2,
            ("CERFA_06", "ACCEPTEE", True): 2,
        }
    )


def test_folding_leaves_one_row_per_group_and_the_same_counts(bureau):
    demande = DemandeFactory(eleve__agence=bureau)
    for statut in (Statut.VERIFICATION_PIECES, Statut.VERIFICATION_IMAGES, Statut.ACCEPTEE):
        demande.statut = statut
        demande.save()
    avant = comptes(bureau)
    comptes_replier([bureau.pk])
    assert comptes(bureau) == avant == recomptes(bureau)
    assert CompteDemandes.objects.filter(agence=bureau).count() == 1


def test_the_counters_of_another_agency_s_user_are_empty(bureau):
    DemandeFactory(eleve__agence=bureau)
    etranger = UserFactory(agences=[AgenceFactory()])
    assert compteurs_de_l_agence(user=etranger, agence=bureau).total == 0
    assert compteurs_de_l_agence(user=UserFactory(agences=[bureau]), agence=bureau).total == 1


def test_folding_every_agency_at_once_keeps_each_one_s_counts(bureau):
    autre = AgenceFactory()
    for agence in (bureau, autre):
        DemandeFactory(eleve__agence=agence).delete()
        DemandeFactory(eleve__agence=agence, statut=Statut.ACCEPTEE)
    comptes_replier()
    for agence in (bureau, autre):
        assert comptes(agence) == recomptes(agence) == {("CERFA_02", "ACCEPTEE", False): 1}
        assert CompteDemandes.objects.filter(agence=agence).count() == 1
