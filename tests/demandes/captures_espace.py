"""Screenshots of the Espace Administratif at 1366×768, to look at the layout: not collected by the
suite (the name is not test_*); run with
    pytest tests/demandes/captures_espace.py
They land in var/captures/espace-*.png: ~30 demandes of mixed statuses, a few linked to no student.
"""

import random
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from ants.client.types import Statut, TypeDemande
from demandes.models import Operation
from tests.demandes.factories import DemandeFactory
from tests.eleves.factories import EleveFactory
from tests.factories import AgenceFactory, UserFactory
from tests.navigateur import se_connecter

CAPTURES = Path(settings.BASE_DIR) / "var" / "captures"
NOMS = "MARTIN BERNARD DUBOIS LAMBERT FONTAINE ROUSSEAU GARNIER CHEVALIER MERCIER BLANC GUERIN FAURE".split()
PRENOMS = "LEA HUGO CHLOE LOUIS INES JULES EMMA ARTHUR JADE ADAM".split()
STATUTS = (
    [s for s in Statut] + [Statut.ACCEPTEE] * 4 + [Statut.BROUILLON] * 2 + [Statut.EN_COURS_TRAITEMENT] * 2
)

pytestmark = pytest.mark.django_db(transaction=True)


def _remplir(agence):
    rng = random.Random(3)
    eleves = [EleveFactory(agence=agence, nom_naissance=nom, prenom=rng.choice(PRENOMS)) for nom in NOMS]
    maintenant = timezone.now()
    demandes = []
    for i in range(32):
        cree_le = maintenant - timedelta(days=rng.randrange(400), hours=rng.randrange(24))
        statut = rng.choice(STATUTS)
        sans_eleve = i % 6 == 0
        demandes.append(
            DemandeFactory(
                eleve=None if sans_eleve else rng.choice(eleves),
                agence=agence,
                numero=f"9012017{rng.randrange(10**15):015d}" if i % 4 == 0 else f"{4000 + i * 37}",
                type=TypeDemande.CERFA_02
                if statut == Statut.A_TRAITER_CERFA_06
                else rng.choice(TypeDemande.values),
                statut=statut,
                cree_le=cree_le,
                modifie_le=min(cree_le + timedelta(days=rng.randrange(30)), maintenant),
                neph=f"1703921{rng.randrange(10**5):05d}"
                if statut in (Statut.ACCEPTEE, Statut.A_TRAITER_CERFA_06)
                else "",
                **(
                    {"candidat_nom": rng.choice(NOMS), "candidat_prenom": rng.choice(PRENOMS)}
                    if sans_eleve
                    else {}
                ),
            )
        )
    return demandes, eleves


def test_captures(page, live_server):
    CAPTURES.mkdir(parents=True, exist_ok=True)
    agence = AgenceFactory(code="LYON01", nom="Lyon Part-Dieu")
    AgenceFactory(code="VILLEU", nom="Villeurbanne")
    user = UserFactory(agences=list(agence.__class__.objects.all()), first_name="Sophie", last_name="Girard")
    demandes, eleves = _remplir(agence)
    rouge = next(d for d in demandes if d.eleve is None)
    Operation.objects.create(
        agence=agence,
        eleve=eleves[0],
        action="RELIER",
        cle=f"RELIER:{rouge.numero}",
        entree={"numero": rouge.numero},
    )
    liee = next(d for d in demandes if d.eleve is not None)
    Operation.objects.create(
        agence=agence,
        eleve=liee.eleve,
        demande=liee,
        action="TELECHARGER",
        cle="T",
        etat="FAITE",
        terminee_le=timezone.now(),
        message=f"« Avis médical (n° {liee.numero}) » est prêt.",
        resultat={"document": 1},
    )
    page.set_viewport_size({"width": 1366, "height": 768})
    se_connecter(page, live_server, user)
    page.goto(f"{live_server.url}/demandes/")
    page.screenshot(path=CAPTURES / "espace-1-ecran.png")
    page.screenshot(path=CAPTURES / "espace-2-page.png", full_page=True)
    page.locator('[data-compteur="CERFA_02:accepte"]').click()
    page.screenshot(path=CAPTURES / "espace-3-filtre.png", full_page=True)
    page.goto(f"{live_server.url}/demandes/agences/LYON01/?non_reliees=on")
    autre_rouge = page.locator("tr.non-reliee").nth(1)
    autre_rouge.get_by_role("link", name="Relier à un élève").click()
    page.get_by_role("dialog").get_by_label("Rechercher un élève").fill("m")
    page.get_by_role("dialog").get_by_role("button", name="MARTIN").first.wait_for()
    page.screenshot(path=CAPTURES / "espace-4-dialogue.png")
