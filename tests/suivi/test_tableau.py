"""The board: each deadline built as it happens (the sandbox clock, the student's and the
administration's actions, a sync or a « Mettre à jour »), its line, its date, its action."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ants.client.types import Statut
from demandes import services
from demandes.models import ChangementStatut, Demande
from suivi.echeances import ajouter_mois
from tests.demandes.factories import DemandeFactory
from tests.eleves.factories import EleveFactory
from tests.factories import AgenceFactory, UserFactory

from .helpers import (
    administration,
    etudiant,
    groupes,
    lignes,
    lire_le_compte,
    mettre_a_jour,
    sur_le_site,
    valider,
)


@pytest.fixture
def validee(executer, pieces_requises, secretaire):
    """The student's Cerfa 02, validated by the school: ANTS now waits for the student."""
    return valider(executer, pieces_requises, secretaire)


def _ligne(secretaire, agence, groupe):
    (ligne,) = [ligne for ligne in lignes(secretaire, agence) if ligne.groupe.cle == groupe]
    return ligne


def test_a_validated_demande_has_seven_days_to_be_activated(validee, secretaire, agence, horloge):
    ligne = _ligne(secretaire, agence, "activation")
    assert ligne.demande == validee
    assert ligne.echeance == validee.valide_le + timedelta(days=7)
    assert ligne.jours == 7
    horloge(days=5)
    assert _ligne(secretaire, agence, "activation").jours == 2
    assert "Appeler l'élève" in ligne.action.libelle
    assert ligne.action.url == reverse("eleves:fiche", args=[validee.eleve_id])


def test_once_the_student_validates_the_photo_form_has_fifteen_days(
    validee, secretaire, agence, ants_sandbox, horloge, executer
):
    horloge(days=2)
    etudiant(ants_sandbox, validee, "validate")
    demande = mettre_a_jour(executer, validee, secretaire)
    ligne = _ligne(secretaire, agence, "photo")
    assert groupes(secretaire, agence) == ["photo"]
    assert ligne.echeance == demande.modifie_le + timedelta(days=15)
    administration(ants_sandbox, demande, "advance")  # the CTN scanned the form: images being checked
    lire_le_compte(agence)
    assert groupes(secretaire, agence) == []


def test_a_demande_the_student_never_activated_is_to_be_made_again(
    validee, secretaire, agence, ants_sandbox, horloge
):
    horloge(days=6)
    assert _ligne(secretaire, agence, "activation").jours == 1
    horloge(days=2)
    lire_le_compte(agence)  # ANTS deleted it (404): the sync says so
    assert Demande.objects.get(pk=validee.pk).statut == "SUPPRIMEE"
    ligne = _ligne(secretaire, agence, "a_refaire")
    assert "n'a pas activé son compte" in ligne.pourquoi
    assert ligne.action.url == reverse("demandes:eleve", args=[validee.eleve_id])


def test_a_draft_the_school_deleted_is_not_to_be_made_again(executer, brouillon, secretaire, agence):
    executer(services.demande_supprimer, demande=brouillon, par=secretaire)
    assert Demande.objects.get(pk=brouillon.pk).statut == "SUPPRIMEE"
    assert groupes(secretaire, agence) == ["prets"]  # the student may be sent again


def _en_traitement(validee, sandbox, executer, secretaire):
    etudiant(sandbox, validee, "validate")
    administration(sandbox, validee, "advance")
    return mettre_a_jour(executer, validee, secretaire)


def test_pieces_asked_for_lead_to_the_pieces_page(validee, secretaire, agence, ants_sandbox, executer):
    _en_traitement(validee, ants_sandbox, executer, secretaire)
    administration(ants_sandbox, validee, "complete", "Justificatif de domicile de plus de 6 mois")
    lire_le_compte(agence)
    assert "a_completer" in groupes(secretaire, agence)
    mettre_a_jour(executer, validee, secretaire)  # the reason comes with a full read
    ligne = _ligne(secretaire, agence, "a_completer")
    assert "Justificatif de domicile de plus de 6 mois" in ligne.pourquoi
    assert (ligne.action.libelle, ligne.action.url) == (
        "Ajouter les pièces",
        reverse("demandes:pieces", args=[validee.pk]),
    )


def test_a_rejected_demande_asks_for_a_new_one_until_it_exists(
    validee, secretaire, agence, ants_sandbox, executer, eleve
):
    _en_traitement(validee, ants_sandbox, executer, secretaire)
    administration(ants_sandbox, validee, "reject", "Photo non conforme")
    mettre_a_jour(executer, validee, secretaire)
    assert "Photo non conforme" in _ligne(secretaire, agence, "a_refaire").pourquoi
    executer(services.demande_creer, eleve=eleve, type_demande="CERFA_02", par=secretaire)
    assert "a_refaire" not in groupes(secretaire, agence)


def test_an_exam_passed_gives_four_months_for_the_title_demande(
    validee, secretaire, agence, ants_sandbox, executer, horloge
):
    _en_traitement(validee, ants_sandbox, executer, secretaire)
    administration(ants_sandbox, validee, "accept")
    horloge(days=20)
    administration(ants_sandbox, validee, "exam_passed")
    lire_le_compte(agence)
    demande = Demande.objects.get(pk=validee.pk)
    ligne = _ligne(secretaire, agence, "cerfa_06")
    assert ligne.echeance == ajouter_mois(demande.modifie_le, 4)
    assert ligne.action.libelle == "Créer la Cerfa 06"
    assert 118 <= ligne.jours <= 123


def test_an_ephoto_code_already_used_is_said_before_a_new_demande(
    executer, brouillon, secretaire, agence, ants_sandbox, eleve, pieces_requises
):
    code = ants_sandbox.control("ephoto")["code"]
    eleve.dossier.code_ephoto_02 = code
    eleve.dossier.save()
    executer(services.demande_definir_ephoto, demande=brouillon, code=code, par=secretaire)
    demande = valider(executer, brouillon, secretaire)
    etudiant(ants_sandbox, demande, "refuse")
    mettre_a_jour(executer, demande, secretaire)
    ephoto = _ligne(secretaire, agence, "ephoto")
    assert f"déjà servi à la demande n° {demande.numero}" in ephoto.pourquoi
    assert ephoto.action.url == reverse("eleves:dossier", args=[eleve.pk])
    assert "Refusée par l'élève" in _ligne(secretaire, agence, "a_refaire").pourquoi


def test_a_draft_whose_ephoto_code_nears_six_months_is_flagged(
    executer, brouillon, secretaire, agence, ants_sandbox, horloge
):
    executer(
        services.demande_definir_ephoto,
        demande=brouillon,
        code=ants_sandbox.control("ephoto")["code"],
        par=secretaire,
    )
    horloge(days=140)
    assert "ephoto" not in groupes(secretaire, agence)
    horloge(days=13)
    ligne = _ligne(secretaire, agence, "ephoto")
    assert 0 < ligne.jours <= 30


def test_a_demande_made_on_the_site_is_to_be_linked(agence, secretaire, ants_sandbox):
    autre = EleveFactory(agence=AgenceFactory(), nom_naissance="SITE")
    autre.dossier.categories_demandees = ["B"]
    numero = sur_le_site(ants_sandbox, agence, autre)["numero"]
    lire_le_compte(agence)
    ligne = _ligne(secretaire, agence, "non_reliees")
    assert ligne.action.url == reverse("demandes:associer", args=[Demande.objects.get(numero=numero).pk])


def test_a_complete_file_without_demande_is_ready_and_an_incomplete_one_is_not(eleve, secretaire, agence):
    EleveFactory(agence=agence, email="")  # the email is missing: not ready
    ligne = _ligne(secretaire, agence, "prets")
    assert ligne.eleve == eleve
    assert ligne.action.url == reverse("demandes:eleve", args=[eleve.pk])


def test_the_most_urgent_comes_first(executer, validee, secretaire, agence, ants_sandbox, horloge, eleve):
    horloge(days=5)  # the activation ends in 2 days
    premier = EleveFactory(agence=agence)
    premier.dossier.categories_demandees = ["B"]
    premier.dossier.save()
    premier.cree_le = timezone.now() - timedelta(days=10)
    premier.save(update_fields=["cree_le"])
    assert groupes(secretaire, agence) == ["prets", "activation"]  # ready 10 days ago, then due in 2


def test_another_agency_sees_none_of_it(validee, agence, client):
    autre = UserFactory(agences=[AgenceFactory()])
    assert lignes(autre, agence) == []
    client.force_login(autre)
    assert client.get(reverse("suivi:tableau", args=[agence.code])).status_code == 404


def _entree(agence, statut, il_y_a_jours, **champs):
    moment = timezone.now() - timedelta(days=il_y_a_jours)
    demande = DemandeFactory(eleve__agence=agence, statut=statut, modifie_le=moment, **champs)
    ChangementStatut.objects.create(demande=demande, ancien="BROUILLON", nouveau=statut, modifie_le=moment)
    return demande


def test_deadlines_and_waits_come_in_the_order_they_are_due(agence, secretaire):
    titre = _entree(agence, Statut.A_TRAITER_CERFA_06, 10)  # the certificate ends in about 110 days
    bientot = _entree(agence, Statut.EN_ATTENTE_VALIDATION_USAGER, 6)  # ANTS deletes it tomorrow
    plus_tard = _entree(agence, Statut.EN_ATTENTE_VALIDATION_USAGER, 1)  # in 6 days
    attend = _entree(agence, Statut.A_COMPLETER, 3)  # asked for three days ago: due since then
    ordre = [(ligne.demande, ligne.groupe.cle, ligne.jours) for ligne in lignes(secretaire, agence)]
    assert ordre[:3] == [(attend, "a_completer", 3), (bientot, "activation", 1), (plus_tard, "activation", 6)]
    assert ordre[3][:2] == (titre, "cerfa_06") and 105 <= ordre[3][2] <= 115


def test_the_board_page_shows_counts_and_filters_by_group(validee, client_secretaire, agence, eleve):
    EleveFactory(agence=agence).dossier.save()
    html = client_secretaire.get(reverse("suivi:tableau", args=[agence.code])).content.decode()
    assert 'data-groupe="activation"' in html and "dans 7 jours" in html
    filtre = client_secretaire.get(reverse("suivi:tableau", args=[agence.code]), {"groupe": "activation"})
    assert filtre.content.decode().count('class="ligne-suivi') == 1


def test_mettre_a_jour_from_a_line_reads_the_demande_and_comes_back_to_the_board(
    client_secretaire, agence, secretaire
):
    stuck = _entree(agence, Statut.EN_COURS_TRAITEMENT, 40)
    ligne = next(ligne for ligne in lignes(secretaire, agence) if ligne.demande == stuck)
    board = reverse("suivi:tableau", args=[agence.code])
    reponse = client_secretaire.post(ligne.action.url, {"retour": board})
    assert reponse.url == board
    assert stuck.operations.get().action == "ACTUALISER"


def test_the_board_reads_in_a_few_queries(agence, secretaire, django_assert_max_num_queries):
    for statut in [Statut.A_COMPLETER, Statut.REJETEE, Statut.EN_ATTENTE_VALIDATION_USAGER] * 10:
        DemandeFactory(eleve__agence=agence, statut=statut)
    DemandeFactory.create_batch(10, eleve=None, agence=agence, statut=Statut.BROUILLON)
    with django_assert_max_num_queries(6):
        assert len(lignes(secretaire, agence)) == 40
