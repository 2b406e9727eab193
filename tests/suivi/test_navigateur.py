"""In real Chromium: the menu's count opens the board, and a line leads to what resolves it."""

import pytest
from playwright.sync_api import expect

from ants.client.types import Statut
from tests.demandes.factories import DemandeFactory
from tests.factories import AgenceFactory, UserFactory
from tests.navigateur import se_connecter


@pytest.mark.django_db(transaction=True)
def test_from_the_menus_count_to_the_pieces_asked_for(page, live_server):
    agence = AgenceFactory()
    demande = DemandeFactory(
        eleve__agence=agence, statut=Statut.A_COMPLETER, motif_statut="Justificatif de domicile illisible"
    )
    DemandeFactory(eleve=None, agence=agence, statut=Statut.BROUILLON, candidat_nom="SITE")
    se_connecter(page, live_server, UserFactory(agences=[agence]))
    page.goto(live_server.url)

    compte = page.locator("[data-a-suivre]")
    expect(compte).to_have_text("2")
    compte.click()
    page.locator('.nav-groupes a[data-groupe="a_completer"]').click()
    lignes = page.locator("table.a-suivre tbody tr.ligne-suivi")
    expect(lignes).to_have_count(1)
    ligne = page.locator(f'tr[data-numero="{demande.numero}"]')
    expect(ligne).to_contain_text("L'ANTS demande : Justificatif de domicile illisible")

    ligne.get_by_role("link", name="Ajouter les pièces").click()
    expect(page).to_have_url(f"{live_server.url}/demandes/{demande.pk}/pieces/")
    expect(page.get_by_role("heading", level=2)).to_contain_text(
        f"Pièces justificatives — Cerfa 02 (inscription au permis) n° {demande.numero}"
    )
