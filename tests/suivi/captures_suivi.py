"""Screenshots of « À suivre » at 1366×768, to look at the layout: not collected by the suite (the
name is not test_*); run with
    pytest tests/suivi/captures_suivi.py
They land in var/captures/suivi-*.png: a board with a line of each group, the menu's panel, the usual
delays of a generated history, the reminders on a student's file.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from ants.client.types import Statut, TypeDemande
from demandes.models import ChangementStatut
from suivi.models import Rappel
from tests.demandes.factories import DemandeFactory
from tests.eleves.factories import EleveFactory
from tests.factories import AgenceFactory, UserFactory
from tests.navigateur import se_connecter

from .factories import historique

CAPTURES = Path(settings.BASE_DIR) / "var" / "captures"
pytestmark = pytest.mark.django_db(transaction=True)


def _demande(agence, nom, statut, il_y_a: float, **champs):
    eleve = EleveFactory(agence=agence, nom_naissance=nom, prenom="LEA", telephone_mobile="0612345678")
    moment = timezone.now() - timedelta(days=il_y_a)
    demande = DemandeFactory(
        eleve=eleve, statut=statut, cree_le=moment - timedelta(days=3), modifie_le=moment, **champs
    )
    ChangementStatut.objects.create(demande=demande, ancien="BROUILLON", nouveau=statut, modifie_le=moment)
    return demande


def _remplir(agence):
    maintenant = timezone.now()
    activation = _demande(
        agence, "MARTIN", Statut.EN_ATTENTE_VALIDATION_USAGER, 5.5, valide_le=maintenant - timedelta(days=5.5)
    )
    _demande(agence, "BERNARD", Statut.EN_ATTENTE_VALIDATION_USAGER, 1.2)
    _demande(agence, "DUBOIS", Statut.VERIFICATION_PIECES, 9, valide_le=maintenant - timedelta(days=10))
    _demande(
        agence, "LAMBERT", Statut.A_COMPLETER, 4, motif_statut="Justificatif de domicile de plus de 6 mois"
    )
    _demande(agence, "FONTAINE", Statut.REJETEE, 12, motif_statut="Photo non conforme (fond non uni)")
    _demande(agence, "ROUSSEAU", Statut.A_TRAITER_CERFA_06, 20, neph="170392100012")
    _demande(
        agence,
        "GARNIER",
        Statut.EN_COURS_TRAITEMENT,
        48,
        ephoto_presente=True,
        valide_le=maintenant - timedelta(days=60),
    )
    DemandeFactory(
        eleve=None,
        agence=agence,
        statut=Statut.EN_COURS_TRAITEMENT,
        candidat_nom="CHEVALIER",
        candidat_prenom="HUGO",
        type=TypeDemande.CERFA_06,
    )
    pret = EleveFactory(agence=agence, nom_naissance="MERCIER", prenom="JULES")
    pret.dossier.categories_demandees = ["B"]
    pret.dossier.save()
    Rappel.objects.create(
        demande=activation,
        echeance="ACTIVATION",
        etape="LENDEMAIN",
        etat="ENVOYE",
        envoye_le=maintenant - timedelta(days=4.5),
        destinataires=[activation.eleve.email],
    )
    return activation


def test_captures(page, live_server):
    CAPTURES.mkdir(parents=True, exist_ok=True)
    agence = AgenceFactory(code="LYON01", nom="Auto-école du Rhône — Lyon")
    autre = AgenceFactory(code="VILLEU01", nom="Auto-école du Rhône — Villeurbanne")
    activation = _remplir(agence)
    historique([autre], demandes=400, maintenant=timezone.now())  # made on the site: not on this board
    user = UserFactory(agences=[agence, autre], first_name="Sophie", last_name="Girard", is_staff=True)
    page.set_viewport_size({"width": 1366, "height": 768})
    se_connecter(page, live_server, user)
    page.goto(f"{live_server.url}/suivi/")
    page.locator("[data-a-suivre]").wait_for()
    page.screenshot(path=CAPTURES / "suivi-1-tableau.png")
    page.screenshot(path=CAPTURES / "suivi-2-tableau-page.png", full_page=True)
    page.locator("[data-a-suivre]").click()
    page.screenshot(path=CAPTURES / "suivi-3-menu.png")
    page.goto(f"{live_server.url}/suivi/delais/")
    page.screenshot(path=CAPTURES / "suivi-4-delais.png", full_page=True)
    page.goto(f"{live_server.url}/demandes/eleves/{activation.eleve_id}/")
    page.locator(".rappels-eleve").scroll_into_view_if_needed()
    page.screenshot(path=CAPTURES / "suivi-5-fiche.png")
    page.goto(f"{live_server.url}/suivi/rappels/")
    page.get_by_label("Adresse de l'expéditeur").first.fill("contact@")
    page.get_by_role("button", name="Enregistrer").first.click()
    page.screenshot(path=CAPTURES / "suivi-6-reglages.png")
