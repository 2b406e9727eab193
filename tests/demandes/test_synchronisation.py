"""Reading an ANTS account into ours: new, changed, gone, vanished, retried, one at a time."""

import sys
import threading
from datetime import time as heure
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agences.services import client_for_agence
from ants.sandbox.demo import demande_body
from demandes.construction import demande_depuis_eleve
from demandes.instantane import vers_json
from demandes.models import BailSynchronisation, ChangementStatut, Demande, Synchronisation
from demandes.synchronisation import (
    ListingEnFond,
    SynchronisationEnCours,
    synchronisation_creer,
    synchronisation_executer,
    synchronisations_incrementales_demander,
    synchronisations_nocturnes_demander,
    synchronisations_reprendre,
)
from tests.ants.sandbox_helpers import Api
from tests.demandes.planificateur import decrite_vide, pages_decrites
from tests.eleves.factories import EleveFactory
from tests.factories import AgenceFactory, UserFactory

Etat = Synchronisation.Etat


def sur_le_site(sandbox, agence, eleve=None, statut=None, **champs):
    """A demande made directly on the ANTS site with the agency's account (by default for a student
    of another school, whom nothing here links it to)."""
    if eleve is None:
        eleve = EleveFactory(agence=AgenceFactory(), **champs)
        eleve.dossier.categories_demandees = ["B"]
    payload = {
        "agrement": agence.numero_agrement,
        "demande": vers_json(demande_depuis_eleve(eleve, type_demande="CERFA_02")),
    }
    if statut:
        payload["statut"] = statut
    return sandbox.control("demandes", **payload)


def lettres(n: int) -> str:
    """Three letters, different for each n below 17,576 (names take no digits)."""
    return "".join(chr(65 + n // 26**k % 26) for k in range(3))


def lire(agence, **fenetre) -> Synchronisation:
    return synchronisation_executer(synchronisation_id=synchronisation_creer(agence=agence, **fenetre).pk)


def test_demandes_made_on_the_site_arrive_unlinked(agence, ants_sandbox):
    for n in range(3):
        sur_le_site(ants_sandbox, agence, nom_naissance=f"SITE{chr(65 + n)}", email=f"site{n}@example.org")
    lecture = lire(agence)
    assert (lecture.etat, lecture.nouvelles, lecture.non_reliees) == (Etat.TERMINEE, 3, 3)
    assert Demande.objects.filter(agence=agence, eleve__isnull=True).count() == 3
    assert "3 nouvelle(s)" in lecture.message


def test_a_demande_of_exactly_one_student_is_linked_to_them(agence, eleve, ants_sandbox):
    numero = sur_le_site(ants_sandbox, agence, eleve=eleve)["numero"]
    lecture = lire(agence)
    assert lecture.reliees == 1
    assert Demande.objects.get(numero=numero).eleve == eleve


def test_a_status_change_is_read_and_kept_in_the_history(agence, ants_sandbox):
    numero = sur_le_site(ants_sandbox, agence, statut="VERIFICATION_PIECES", email="a@example.org")["numero"]
    lire(agence)
    ants_sandbox.control("administration", numero=numero, action="advance")
    lecture = lire(agence)
    assert (lecture.mises_a_jour, lecture.inchangees) == (1, 0)
    demande = Demande.objects.get(numero=numero)
    assert demande.statut == "VERIFICATION_IMAGES"
    assert list(
        ChangementStatut.objects.filter(demande=demande).order_by("pk").values_list("nouveau", flat=True)
    ) == [
        "VERIFICATION_PIECES",
        "VERIFICATION_IMAGES",
    ]


def test_a_second_reading_with_nothing_new_changes_nothing(agence, ants_sandbox):
    sur_le_site(ants_sandbox, agence, email="b@example.org")
    lire(agence)
    lecture = lire(agence)
    assert (lecture.nouvelles, lecture.mises_a_jour, lecture.inchangees) == (0, 0, 1)


def test_a_demande_transferred_to_another_school_shows_transferred(agence, ants_sandbox):
    numero = sur_le_site(ants_sandbox, agence, email="c@example.org")["numero"]
    lire(agence)
    autre = ants_sandbox.control("accounts")
    Api(ants_sandbox, autre).post("/demandes/transferts", json={"numero": numero}).raise_for_status()
    lire(agence)
    assert Demande.objects.get(numero=numero).statut == "TRANSFEREE"


def test_an_empty_listing_deletes_nothing_and_reads_each_demande_by_number(agence, ants_sandbox):
    numeros = [sur_le_site(ants_sandbox, agence, email=f"v{n}@example.org")["numero"] for n in range(3)]
    lire(agence)
    ants_sandbox.control("faults/vanish", agrement=agence.numero_agrement, mode="empty")
    for _ in range(5):
        lecture = lire(agence)
        assert lecture.etat == Etat.TERMINEE
    demandes = Demande.objects.filter(numero__in=numeros)
    assert [d.statut for d in demandes] == ["BROUILLON"] * 3
    assert all(d.absente_de_la_liste_depuis for d in demandes)


def test_a_partial_listing_loses_nothing_over_many_readings(agence, ants_sandbox):
    numeros = {sur_le_site(ants_sandbox, agence, email=f"p{n}@example.org")["numero"] for n in range(4)}
    lire(agence)
    ants_sandbox.control("faults/vanish", agrement=agence.numero_agrement, mode="partial")
    for _ in range(10):
        lire(agence)
    assert set(Demande.objects.exclude(statut="SUPPRIMEE").values_list("numero", flat=True)) == numeros


def test_a_demande_ants_deleted_is_marked_gone_on_its_404(agence, ants_sandbox):
    numero = sur_le_site(ants_sandbox, agence, statut="EN_ATTENTE_VALIDATION_USAGER", email="e@example.org")[
        "numero"
    ]
    lire(agence)
    ants_sandbox.control("student", numero=numero, action="expire")
    lecture = lire(agence)
    assert lecture.disparues == 1
    assert Demande.objects.get(numero=numero).statut == "SUPPRIMEE"


def test_failing_calls_are_retried_and_said(agence, ants_sandbox, settings):
    settings.ANTS_RETRY_BASE_DELAY = 0.01
    for n in range(3):
        sur_le_site(ants_sandbox, agence, email=f"r{n}@example.org")
    ants_sandbox.control("faults/errors", next=2, status=503, method="GET", path="/api/v1/demandes*")
    lecture = lire(agence)
    assert (lecture.etat, lecture.nouvelles) == (Etat.TERMINEE, 3)
    assert lecture.appels_repris == 2
    assert "2 appel(s) à l'ANTS ont dû être repris" in lecture.message


@pytest.mark.django_db(transaction=True)
def test_two_readings_of_one_account_started_at_once_make_one(agence, ants_sandbox):
    ants_sandbox.control("faults/latency", ms=400)
    lectures = [synchronisation_creer(agence=agence) for _ in range(2)]
    depart = threading.Barrier(2)

    def lancer(lecture):
        depart.wait()
        try:
            synchronisation_executer(synchronisation_id=lecture.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=lancer, args=(lecture,)) for lecture in lectures]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    etats = sorted(Synchronisation.objects.values_list("etat", flat=True))
    assert etats == [Etat.ECHOUEE, Etat.TERMINEE]
    assert "déjà en cours" in Synchronisation.objects.get(etat=Etat.ECHOUEE).message


def test_one_failing_agency_does_not_stop_the_others(agence, ants_sandbox, capsys):
    deux = ants_sandbox.control("accounts")
    AgenceFactory(
        numero_agrement=deux["agrement"],
        identifiant_ants=deux["identifiant"],
        mot_de_passe=deux["mot_de_passe"],
    )
    AgenceFactory(mot_de_passe="faux")  # an account ANTS refuses
    with pytest.raises(Exception, match="1 agence"):
        call_command("sync_demandes")
    assert sorted(Synchronisation.objects.values_list("etat", flat=True)) == [
        Etat.ECHOUEE,
        Etat.TERMINEE,
        Etat.TERMINEE,
    ]
    assert "L'ANTS a répondu" in capsys.readouterr().out


def test_the_nightly_reading_is_incremental_from_the_last_days_reading(agence, ants_sandbox, time_machine):
    agence.heure_synchronisation = heure(2, 30)
    agence.save()
    time_machine.move_to(timezone.make_aware(timezone.datetime(2026, 12, 1, 2, 45)))
    premiere = synchronisations_nocturnes_demander()
    synchronisation_executer(synchronisation_id=premiere[0].pk)
    assert synchronisations_nocturnes_demander() == []  # not twice the same night

    time_machine.move_to(timezone.make_aware(timezone.datetime(2026, 12, 2, 2, 35)))
    (suivante,) = synchronisations_nocturnes_demander()
    assert suivante.modifie_depuis == timezone.datetime(2026, 12, 1).date()


def nuit_du(jour: int, heures: int = 3):
    return timezone.make_aware(timezone.datetime(2026, 12, jour, heures, 0))


def test_the_nightly_asking_takes_as_many_queries_for_three_accounts_as_for_one(db, time_machine):
    time_machine.move_to(nuit_du(1))
    AgenceFactory(heure_synchronisation=heure(2, 0))
    with CaptureQueriesContext(connection) as pour_un:
        assert len(synchronisations_nocturnes_demander()) == 1
    time_machine.move_to(nuit_du(2))
    AgenceFactory.create_batch(2, heure_synchronisation=heure(2, 0))
    with CaptureQueriesContext(connection) as pour_trois:
        assert len(synchronisations_nocturnes_demander()) == 3
    assert len(pour_trois) == len(pour_un)


def test_each_account_reads_from_its_own_last_successful_reading(db, time_machine):
    lue, jamais_lue = AgenceFactory.create_batch(2, heure_synchronisation=heure(2, 0))
    Synchronisation.objects.create(agence=lue, etat=Etat.TERMINEE, commencee_le=nuit_du(1))
    Synchronisation.objects.create(agence=jamais_lue, etat=Etat.ECHOUEE, commencee_le=nuit_du(1))
    time_machine.move_to(nuit_du(2))
    lectures = synchronisations_incrementales_demander(comptes=[lue, jamais_lue])
    assert [lecture.modifie_depuis for lecture in lectures] == [nuit_du(1).date(), None]


def test_the_nightly_readings_are_queued_once_committed(db, time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(nuit_du(1))
    AgenceFactory.create_batch(3, heure_synchronisation=heure(2, 0))
    with django_capture_on_commit_callbacks() as envois:
        lectures = synchronisations_nocturnes_demander()
    assert (len(lectures), len(envois)) == (3, 3)


def test_an_account_whose_hour_has_not_come_is_not_asked_yet(db, time_machine):
    time_machine.move_to(nuit_du(1))
    AgenceFactory(heure_synchronisation=heure(2, 0))
    AgenceFactory(heure_synchronisation=heure(4, 0))
    (lecture,) = synchronisations_nocturnes_demander()
    assert lecture.agence.heure_synchronisation == heure(2, 0)


def test_rows_are_written_in_batches_not_one_query_per_demande(
    agence, ants_sandbox, django_assert_max_num_queries
):
    for n in range(40):
        sur_le_site(
            ants_sandbox,
            agence,
            nom_naissance=f"LOT{chr(65 + n % 26)}{chr(65 + n // 26)}",
            email=f"l{n}@example.org",
        )
    with django_assert_max_num_queries(25):  # per batch, not per demande: 40 demandes, one batch
        lecture = lire(agence)
    assert lecture.nouvelles == 40


def test_a_first_reading_that_fills_the_table_leaves_it_described_as_full(agence, ants_sandbox):
    """Its foreign keys' checks are then planned for a table of that size, not for an empty one."""
    decrite_vide()
    demandes = [
        {"demande": demande_body(nom_naissance=f"REMPLIE{lettres(n)}", email=f"r{n}@example.org")}
        for n in range(1500)
    ]
    ants_sandbox.control("demandes/bulk", agrement=agence.numero_agrement, demandes=demandes)

    assert lire(agence).nouvelles == 1500
    assert pages_decrites() > 0


def test_the_listing_is_written_while_its_next_pages_come(agence, ants_sandbox):
    for n in range(5):
        sur_le_site(ants_sandbox, agence, nom_naissance=f"PAGE{chr(65 + n)}", email=f"pg{n}@example.org")
    client = client_for_agence(agence)
    client.page_size = 2
    with ListingEnFond(client) as lecture:
        lots = [[resume.numero for resume in lot] for lot in lecture.lots(3)]
    assert [len(lot) for lot in lots] == [4, 1]  # three demandes or a page more, then the rest
    assert [numero for lot in lots for numero in lot] == [r.numero for r in lecture.listing]
    assert lecture.listing.consistent and lecture.total == 5


def test_a_writer_that_stops_stops_the_listing(agence, ants_sandbox):
    for n in range(6):
        sur_le_site(ants_sandbox, agence, nom_naissance=f"ARRET{chr(65 + n)}", email=f"ar{n}@example.org")
    ants_sandbox.control("faults/latency", ms=100)
    client = client_for_agence(agence)
    client.page_size = 2
    ants_sandbox.control("requests", reset=True)
    with pytest.raises(SynchronisationEnCours), ListingEnFond(client) as lecture:
        next(lecture.lots(2))
        raise SynchronisationEnCours  # the lease was lost: page 3 is not asked for
    assert ants_sandbox.control("requests")["requests"]["GET /api/v1/demandes"] == 2


def deux_listings(agence, sandbox) -> tuple[ListingEnFond, ListingEnFond]:
    sur_le_site(sandbox, agence, email="chaine@example.org")
    return ListingEnFond(client_for_agence(agence)), ListingEnFond(client_for_agence(agence))


def test_a_listing_chained_to_another_starts_when_the_other_has_been_read(agence, ants_sandbox):
    premiere, seconde = deux_listings(agence, ants_sandbox)
    premiere.puis(seconde)
    with premiere:
        list(premiere.lots(10))
    assert seconde.pages.get(timeout=10)  # its page came: nobody but the first listing started it
    with seconde:
        pass


def test_a_listing_chained_to_another_starts_before_the_others_last_page_is_written(agence, ants_sandbox):
    premiere, seconde = deux_listings(agence, ants_sandbox)
    pages_a_ecrire = []
    demarrer = seconde.demarrer
    seconde.demarrer = lambda: (pages_a_ecrire.append(premiere.pages.qsize()), demarrer())
    premiere.puis(seconde)
    with premiere:
        list(premiere.lots(10))
    assert pages_a_ecrire[0] == 0  # the first listing's one page not yet handed over
    with seconde:
        pass


def test_a_listing_chained_to_one_already_read_starts_at_once(agence, ants_sandbox):
    premiere, seconde = deux_listings(agence, ants_sandbox)
    with premiere:
        list(premiere.lots(10))
    premiere.puis(seconde)
    assert seconde.pages.get(timeout=10)
    with seconde:
        pass


def test_mettre_a_jour_from_the_list_reads_the_account_and_says_how_it_went(
    client_secretaire, agence, ants_sandbox, eager, django_capture_on_commit_callbacks
):
    sur_le_site(ants_sandbox, agence, email="m@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client_secretaire.post(reverse("demandes:synchroniser", args=[agence.code]))
    html = client_secretaire.get(reverse("demandes:espace_agence", args=[agence.code])).content.decode()
    assert Synchronisation.objects.get().etat == Etat.TERMINEE
    assert "Dernière mise à jour le" in html and "1 nouvelle(s)" in html


def test_a_running_reading_shows_its_progress_until_done(client_secretaire, agence):
    lecture = synchronisation_creer(agence=agence)
    Synchronisation.objects.filter(pk=lecture.pk).update(etat=Etat.EN_COURS, total=200, lues=50)
    url = reverse("demandes:suivi_synchronisation", args=[lecture.pk])
    html = client_secretaire.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'value="50"' in html and 'hx-trigger="every 2s"' in html
    Synchronisation.objects.filter(pk=lecture.pk).update(etat=Etat.TERMINEE, message="Fini.")
    assert client_secretaire.get(url, headers={"HX-Request": "true"})["HX-Refresh"] == "true"


def test_another_agency_can_neither_start_nor_follow_a_reading(client, agence, db):
    lecture = synchronisation_creer(agence=agence)
    client.force_login(UserFactory(agences=[AgenceFactory()]))
    assert client.post(reverse("demandes:synchroniser", args=[agence.code])).status_code == 404
    assert client.get(reverse("demandes:suivi_synchronisation", args=[lecture.pk])).status_code == 404
    assert Synchronisation.objects.count() == 1


def test_a_batch_updates_every_field_a_listing_carries(agence, ants_sandbox):
    from ants.client import CandidatResume, DemandeResume
    from demandes.lecture import CHAMPS_RESUME, champs_resume

    candidat = CandidatResume(nom_naissance="N", nom_usage="", prenom="P", date_naissance=None, email="")
    resume = DemandeResume(
        "1",
        "CERFA_02",
        "PREMIERE_INSCRIPTION",
        "BROUILLON",
        "",
        timezone.now(),
        timezone.now(),
        False,
        "",
        candidat,
    )
    assert sorted(champs_resume(resume)) == sorted(CHAMPS_RESUME)


def test_a_status_that_has_not_moved_for_a_month_is_said(
    agence, ants_sandbox, time_machine, client, secretaire
):
    numero = sur_le_site(ants_sandbox, agence, statut="VERIFICATION_IMAGES", email="i@example.org")["numero"]
    lire(agence)
    time_machine.move_to(timezone.now() + timedelta(days=31))
    lecture = lire(agence)
    assert lecture.immobiles == 1 and "n'ont pas bougé sur l'ANTS depuis plus de 30 jours" in lecture.message
    client.force_login(secretaire)
    html = client.get(reverse("demandes:espace_agence", args=[agence.code])).content.decode()
    assert numero in html and "sans mouvement depuis 31 jours" in html


def test_the_summary_names_the_calls_it_retried(agence, ants_sandbox, settings):
    settings.ANTS_RETRY_BASE_DELAY = 0.01
    ants_sandbox.control("faults/errors", next=1, status=500, method="GET", path="/api/v1/demandes*")
    assert "GET /demandes ×1" in lire(agence).message


def test_a_demande_moved_between_two_of_our_accounts_stays_with_the_one_that_holds_it(
    agence, ants_sandbox, ants_account
):
    compte_b = ants_sandbox.control("accounts")
    agence_b = AgenceFactory(
        numero_agrement=compte_b["agrement"],
        identifiant_ants=compte_b["identifiant"],
        mot_de_passe=compte_b["mot_de_passe"],
    )
    numero = sur_le_site(ants_sandbox, agence_b, email="t@example.org")["numero"]
    lire(agence_b)
    Api(ants_sandbox, ants_account).post("/demandes/transferts", json={"numero": numero}).raise_for_status()
    for lecteur in (agence, agence_b, agence, agence_b):  # whatever the order of the readings
        lire(lecteur)
        demande = Demande.objects.get(numero=numero)
        assert (demande.agrement, demande.agence, demande.statut) == (
            agence.numero_agrement,
            agence,
            "BROUILLON",
        )


def deux_autres_comptes(sandbox) -> list:
    """Two more agencies with ANTS accounts of their own in the sandbox."""
    autres = []
    for _ in range(2):
        compte = sandbox.control("accounts")
        autres.append(
            AgenceFactory(
                numero_agrement=compte["agrement"],
                identifiant_ants=compte["identifiant"],
                mot_de_passe=compte["mot_de_passe"],
            )
        )
    return autres


def test_a_task_goes_on_with_the_readings_waiting_after_its_own(agence, ants_sandbox):
    lectures = [synchronisation_creer(agence=a) for a in [agence, *deux_autres_comptes(ants_sandbox)]]
    ants_sandbox.control("requests", reset=True)
    synchronisation_executer(synchronisation_id=lectures[0].pk, enchainer=True)
    assert set(Synchronisation.objects.values_list("etat", flat=True)) == {Etat.TERMINEE}
    # Each account signed in once and listed once: going on costs no call of its own.
    appels = ants_sandbox.control("requests")["requests"]
    assert (appels["POST /api/v1/auth/token"], appels["GET /api/v1/demandes"]) == (3, 3)


def test_a_reading_run_alone_leaves_the_others_to_their_tasks(agence, ants_sandbox):
    lectures = [synchronisation_creer(agence=a) for a in [agence, *deux_autres_comptes(ants_sandbox)]]
    synchronisation_executer(synchronisation_id=lectures[0].pk)
    etats = dict(Synchronisation.objects.values_list("pk", "etat"))
    assert [etats[lecture.pk] for lecture in lectures] == [Etat.TERMINEE, Etat.EN_ATTENTE, Etat.EN_ATTENTE]


def test_a_reading_waiting_for_an_account_being_read_is_not_run_beside_it(agence, ants_sandbox):
    autre = deux_autres_comptes(ants_sandbox)[0]
    en_cours = synchronisation_creer(agence=autre)  # read by another worker right now
    Synchronisation.objects.filter(pk=en_cours.pk).update(etat=Etat.EN_COURS, commencee_le=timezone.now())
    BailSynchronisation.objects.create(
        agence=autre, synchronisation=en_cours, jusqu_a=timezone.now() + timedelta(minutes=5)
    )
    premiere, suivante = synchronisation_creer(agence=agence), synchronisation_creer(agence=autre)
    synchronisation_executer(synchronisation_id=premiere.pk, enchainer=True)
    suivante.refresh_from_db()
    assert (suivante.etat, "déjà en cours" in suivante.message) == (Etat.ECHOUEE, True)


def abandonnee(agence, *, il_y_a) -> Synchronisation:
    """A reading a worker started `il_y_a` ago, then died in (its lease left to run out)."""
    lecture = synchronisation_creer(agence=agence)
    debut = timezone.now() - il_y_a
    Synchronisation.objects.filter(pk=lecture.pk).update(
        etat=Etat.EN_COURS, commencee_le=debut, lues=40, nouvelles=40
    )
    BailSynchronisation.objects.create(
        agence=agence, synchronisation=lecture, jusqu_a=debut + timedelta(minutes=6)
    )
    return lecture


def test_a_reading_whose_worker_died_is_read_again_from_nothing(agence, ants_sandbox):
    sur_le_site(ants_sandbox, agence, email="mort@example.org")
    lecture = abandonnee(agence, il_y_a=timedelta(minutes=10))
    assert synchronisations_reprendre() == [lecture.pk]
    lecture = synchronisation_executer(synchronisation_id=lecture.pk)
    assert (lecture.etat, lecture.lues, lecture.nouvelles) == (Etat.TERMINEE, 1, 1)


def test_a_reading_under_way_is_neither_queued_again_nor_taken(agence, ants_sandbox):
    lecture = abandonnee(agence, il_y_a=timedelta(minutes=1))  # its lease still runs
    assert synchronisations_reprendre() == []
    assert synchronisation_executer(synchronisation_id=lecture.pk) is None


def test_a_reading_whose_task_was_lost_is_queued_again(agence, ants_sandbox):
    perdue = synchronisation_creer(agence=agence)
    Synchronisation.objects.filter(pk=perdue.pk).update(demandee_le=timezone.now() - timedelta(minutes=10))
    synchronisation_creer(agence=agence)  # just asked for: its task is on its way
    assert synchronisations_reprendre() == [perdue.pk]


def test_a_reading_interrupted_for_more_than_an_hour_is_given_up_and_says_so(agence, ants_sandbox):
    lecture = abandonnee(agence, il_y_a=timedelta(minutes=10))
    Synchronisation.objects.filter(pk=lecture.pk).update(demandee_le=timezone.now() - timedelta(hours=2))
    assert synchronisations_reprendre() == []
    lecture.refresh_from_db()
    assert (lecture.etat, "relancez-la" in lecture.message) == (Etat.ECHOUEE, True)


def test_a_task_out_of_time_leaves_the_waiting_readings_to_their_tasks(agence, ants_sandbox, monkeypatch):
    monkeypatch.setattr("demandes.synchronisation.ENCHAINEMENT_S", 0)
    lectures = [synchronisation_creer(agence=a) for a in [agence, *deux_autres_comptes(ants_sandbox)]]
    synchronisation_executer(synchronisation_id=lectures[0].pk, enchainer=True)
    etats = dict(Synchronisation.objects.values_list("pk", "etat"))
    assert [etats[lecture.pk] for lecture in lectures] == [Etat.TERMINEE, Etat.EN_ATTENTE, Etat.EN_ATTENTE]


def test_a_reading_gives_the_process_its_switch_interval_back(agence, ants_sandbox):
    avant = sys.getswitchinterval()
    lire(agence)
    assert sys.getswitchinterval() == avant
