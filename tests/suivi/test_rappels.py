"""Reminders before the 7 days of activation and the 15 days of the photo form: through a real SMTP
server, once each, never after the student acted."""

import socket
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from autoecole.celery import app as celery_app
from demandes import services
from demandes.models import ChangementStatut, Demande
from suivi.models import ParametresRappels, Rappel
from suivi.rappels import rappel_envoyer, rappels_dus, rappels_envoyer
from suivi.tasks import envoyer_rappels
from tests.eleves.factories import RepresentantFactory
from tests.worker import Worker, attendre

from .helpers import etudiant, lire_le_compte, mettre_a_jour, valider


@pytest.fixture
def actifs(agence):
    return ParametresRappels.objects.create(
        agence=agence,
        actifs=True,
        nom_expediteur="Auto-école du Rhône",
        email_expediteur="contact@ae-rhone.fr",
    )


@pytest.fixture
def validee(executer, pieces_requises, secretaire):
    return valider(executer, pieces_requises, secretaire)


@pytest.fixture
def avec_ephoto(executer, pieces_requises, secretaire, ants_sandbox):
    """Validated with an ePhoto code: no photo form, only the activation's reminders."""
    code = ants_sandbox.control("ephoto")["code"]
    executer(services.demande_definir_ephoto, demande=pieces_requises, code=code, par=secretaire)
    return valider(executer, pieces_requises, secretaire)


def test_the_day_after_validation_the_student_is_reminded_once(actifs, validee, eleve, serveur_smtp, horloge):
    assert rappels_envoyer() == []  # the same day: not yet
    horloge(days=1, seconds=60)
    (rappel,) = rappels_envoyer()
    assert rappels_envoyer() == []
    (recu,) = serveur_smtp.recus
    assert recu.destinataires == [eleve.email]
    assert recu.message["From"] == "Auto-école du Rhône <contact@ae-rhone.fr>"
    assert "activez votre compte ANTS avant le" in recu.message["Subject"]
    assert "Bonjour Camille" in recu.texte and "cliquez sur le lien" in recu.texte
    assert "l'ANTS supprime automatiquement le compte et la demande" in recu.texte
    assert (rappel.etat, rappel.etape, rappel.destinataires) == (
        Rappel.Etat.ENVOYE,
        "LENDEMAIN",
        [eleve.email],
    )


def test_two_days_before_the_end_a_second_reminder_goes(actifs, validee, serveur_smtp, horloge):
    horloge(days=1, seconds=60)
    rappels_envoyer()
    horloge(days=3, seconds=60)
    assert rappels_envoyer() == []  # day 4: between the two
    horloge(days=1)
    (rappel,) = rappels_envoyer()
    assert rappel.etape == "AVANT_FIN"
    assert len(serveur_smtp.recus) == 2
    horloge(days=1)
    assert rappels_envoyer() == [] and len(serveur_smtp.recus) == 2


def test_a_late_run_sends_only_the_latest_step(actifs, validee, serveur_smtp, horloge):
    horloge(days=5, seconds=60)
    assert [r.etape for r in rappels_envoyer()] == ["AVANT_FIN"]
    assert len(serveur_smtp.recus) == 1


def test_no_reminder_after_the_student_validated_and_a_sync(
    actifs, avec_ephoto, agence, serveur_smtp, horloge, ants_sandbox
):
    horloge(days=1, seconds=60)
    rappels_envoyer()
    etudiant(ants_sandbox, avec_ephoto, "validate")
    lire_le_compte(agence)
    horloge(days=4)
    assert rappels_envoyer() == []
    assert len(serveur_smtp.recus) == 1


def test_no_reminder_after_the_student_validated_even_before_the_sync(
    actifs, avec_ephoto, serveur_smtp, horloge, ants_sandbox
):
    etudiant(ants_sandbox, avec_ephoto, "validate")  # ANTS knows, we do not yet
    horloge(days=1, seconds=60)
    (rappel,) = rappels_envoyer()
    assert rappel.etat == Rappel.Etat.ANNULE and serveur_smtp.recus == []
    assert Demande.objects.get(pk=avec_ephoto.pk).statut == "VERIFICATION_PIECES"  # read before sending
    horloge(days=4)
    assert rappels_envoyer() == [] and serveur_smtp.recus == []


def test_without_an_ephoto_code_the_photo_form_is_reminded(
    actifs, validee, serveur_smtp, horloge, ants_sandbox, executer, secretaire
):
    horloge(days=1)
    etudiant(ants_sandbox, validee, "validate")
    mettre_a_jour(executer, validee, secretaire)
    horloge(days=1, seconds=60)
    (rappel,) = rappels_envoyer()
    assert (rappel.echeance, rappel.etape) == ("FORMULAIRE_PHOTO", "LENDEMAIN")
    horloge(days=12)  # two days before the 15 days end
    (rappel,) = rappels_envoyer()
    assert rappel.etape == "AVANT_FIN"
    photo = serveur_smtp.recus[-1]
    assert "formulaire photo-signature" in photo.message["Subject"]
    assert "CTN, CS 80168, 53102 MAYENNE CEDEX" in photo.texte and "encre noire" in photo.texte


def test_the_legal_representative_of_a_minor_is_reminded_too(
    actifs, agence, eleve, executer, secretaire, document, ants_sandbox, serveur_smtp, horloge
):
    eleve.date_naissance = eleve.date_naissance.replace(year=2010)
    eleve.save()
    representant = RepresentantFactory(eleve=eleve, email="parent.durand@gmail.com")
    executer(services.demande_creer, eleve=eleve, type_demande="CERFA_02", par=secretaire)
    demande = Demande.objects.get(eleve=eleve)
    for piece in [p for p in demande.pieces if p["requise"]]:
        executer(
            services.demande_ajouter_fichier,
            demande=demande,
            code=piece["code"],
            document=document(piece["libelle"]),
            par=secretaire,
        )
        demande.refresh_from_db()
    valider(executer, demande, secretaire)
    horloge(days=1, seconds=60)
    (rappel,) = rappels_envoyer()
    assert sorted(rappel.destinataires) == sorted([eleve.email, representant.email])
    au_parent = next(r for r in serveur_smtp.recus if r.destinataires == [representant.email])
    assert f"comme représentant légal de {eleve}" in au_parent.texte


def test_a_message_the_smtp_server_refuses_is_recorded_and_not_sent_again(
    actifs, validee, eleve, serveur_smtp, horloge, client_secretaire
):
    serveur_smtp.refuser = True
    horloge(days=1, seconds=60)
    (rappel,) = rappels_envoyer()
    assert rappel.etat == Rappel.Etat.ECHOUE and "Message refused" in rappel.message
    serveur_smtp.refuser = False
    assert rappels_envoyer() == [] and serveur_smtp.recus == []
    html = client_secretaire.get(reverse("demandes:eleve", args=[eleve.pk])).content.decode()
    assert "échec de l&#x27;envoi" in html and "Le serveur d&#x27;envoi a répondu" in html


def test_an_smtp_server_down_gives_the_reminder_back_for_the_next_run(
    actifs, validee, serveur_smtp, horloge, settings
):
    with socket.socket() as libre:
        libre.bind(("127.0.0.1", 0))
        settings.EMAIL_PORT = libre.getsockname()[1]  # nothing listens there once closed
    horloge(days=1, seconds=60)
    assert rappels_envoyer() == [] and not Rappel.objects.exists()
    settings.EMAIL_PORT = serveur_smtp.port
    (rappel,) = rappels_envoyer()
    assert rappel.etat == Rappel.Etat.ENVOYE and len(serveur_smtp.recus) == 1


def test_an_agency_with_reminders_off_sends_none(actifs, validee, serveur_smtp, horloge):
    actifs.actifs = False
    actifs.save()
    horloge(days=1, seconds=60)
    assert rappels_envoyer() == [] and serveur_smtp.recus == []


def test_each_reminder_shows_on_the_students_file(
    actifs, validee, eleve, serveur_smtp, horloge, client_secretaire
):
    horloge(days=1, seconds=60)
    rappels_envoyer()
    html = client_secretaire.get(reverse("demandes:eleve", args=[eleve.pk])).content.decode()
    assert "Rappels envoyés à l'élève" in html
    assert f"n° {validee.numero}" in html and eleve.email in html and "envoyé" in html


@pytest.fixture
def worker(ants_sandbox, serveur_smtp, tmp_path):
    worker = Worker(
        tmp_path, ANTS_BASE_URL=ants_sandbox.url, EMAIL_URL=f"smtp://127.0.0.1:{serveur_smtp.port}"
    )
    celery_app.conf.task_default_queue = worker.queue
    yield worker.start()
    worker.stop()
    celery_app.conf.task_default_queue = "celery"


@pytest.mark.django_db(transaction=True)
def test_a_task_delivered_twice_to_a_real_worker_sends_one_email(actifs, validee, serveur_smtp, worker):
    # Validated yesterday: the worker runs on the real clock, so the history is moved instead.
    ChangementStatut.objects.filter(demande=validee).update(
        modifie_le=validee.valide_le - timedelta(hours=25)
    )
    celery_app.conf.task_always_eager = False  # the validation ran eagerly; now the worker does the rest
    for _livraison in range(2):
        envoyer_rappels.apply_async(queue=worker.queue)
    attendre(lambda: _faites(worker) == 2, message="both deliveries done")
    assert len(serveur_smtp.recus) == 1
    assert Rappel.objects.count() == 1


def _faites(worker) -> int:
    return sum(
        "suivi.envoyer_rappels" in ligne and "succeeded" in ligne
        for ligne in worker.log.read_text().splitlines()
    )


@pytest.mark.django_db(transaction=True)
def test_two_workers_on_the_same_reminder_send_one_email(actifs, validee, serveur_smtp, horloge):
    horloge(days=1, seconds=60)
    (du,) = rappels_dus(timezone.now())
    depart, faits = threading.Barrier(2), []

    def envoyer():
        depart.wait()
        try:
            faits.append(rappel_envoyer(du))
        finally:
            connection.close()

    threads = [threading.Thread(target=envoyer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(fait is None for fait in faits) == 1  # the second claim failed on the constraint
    assert len(serveur_smtp.recus) == 1 and Rappel.objects.get().etat == Rappel.Etat.ENVOYE
