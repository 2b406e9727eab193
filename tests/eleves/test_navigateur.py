"""In real Chromium: a secretary creates a student, runs the referential check, accepts the proposals."""

import pytest
from playwright.sync_api import expect

from eleves.models import Eleve
from tests.navigateur import se_connecter

from .factories import EleveFactory, UserFactory

JAUNE = "rgb(255, 245, 157)"


@pytest.fixture
def refus_csp(page):
    """What Chromium refused to run or apply under the Content-Security-Policy: must stay empty."""
    refus = []
    page.on(
        "console", lambda message: "Content Security Policy" in message.text and refus.append(message.text)
    )
    return refus


@pytest.mark.django_db(transaction=True)
def test_secretary_fixes_st_priest_and_lyon_1_through_the_check(
    page, live_server, ants_sandbox, agence, refus_csp
):
    se_connecter(page, live_server, UserFactory(agences=[agence]))
    page.goto(f"{live_server.url}/eleves/nouveau/")
    page.select_option("#id_sexe", "M")
    page.fill("#id_nom_naissance", "Dupont")
    page.fill("#id_prenom", "Jean")
    page.fill("#id_date_naissance", "2001-03-14")
    page.fill("#id_ville_naissance", "LYON 1")
    page.fill("#id_departement_naissance", "69")
    page.fill("#id_numero_voie", "12")
    page.select_option("#id_type_voie", "RUE")
    page.fill("#id_nom_voie", "DE LA REPUBLIQUE")
    page.fill("#id_code_postal", "69800")
    page.fill("#id_ville", "ST PRIEST")
    page.fill("#id_email", "jean.dupont@gmail.com")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("La fiche de DUPONT JEAN est enregistrée.")).to_be_visible()

    page.get_by_role("link", name="Formation › Dossier 02-06").click()
    page.get_by_role("button", name="Vérifier les villes, départements et pays").click()
    dialogue = page.locator("dialog.dialogue-verification")
    expect(dialogue).to_be_visible()
    signalees = dialogue.locator("tr.non-conforme")
    expect(signalees).to_have_count(2)
    ville, naissance = (
        dialogue.locator("tr[data-cle=ville]"),
        dialogue.locator("tr[data-cle=ville_naissance]"),
    )
    expect(ville.locator("td").first).to_have_css("background-color", JAUNE)
    expect(ville).to_contain_text("SAINT-PRIEST (69800)")
    expect(ville.locator("input[name=ville]")).to_have_value("SAINT-PRIEST")
    expect(naissance).to_contain_text("LYON 1ER ARRONDISSEMENT (69001)")
    expect(naissance.locator("input[name=ville_naissance]")).to_have_value("LYON 1ER ARRONDISSEMENT")
    expect(dialogue.locator("tr[data-cle=departement_naissance]")).to_have_class("conforme")

    dialogue.get_by_role("button", name="Enregistrer les corrections").click()
    expect(
        page.get_by_text("Les villes, départements et pays sont enregistrés sur la fiche.")
    ).to_be_visible()
    eleve = Eleve.objects.get(nom_naissance="DUPONT")
    assert (eleve.ville, eleve.ville_naissance) == ("SAINT-PRIEST", "LYON 1ER ARRONDISSEMENT")
    assert refus_csp == []


@pytest.mark.django_db(transaction=True)
def test_the_check_dialog_closes_without_saving(page, live_server, ants_sandbox, agence, refus_csp):
    eleve = EleveFactory(agence=agence, ville="ST PRIEST")
    se_connecter(page, live_server, UserFactory(agences=[agence]))
    page.goto(f"{live_server.url}/eleves/{eleve.pk}/dossier/")
    page.get_by_role("button", name="Vérifier les villes, départements et pays").click()
    dialogue = page.locator("dialog.dialogue-verification")
    expect(dialogue).to_be_visible()
    dialogue.get_by_role("link", name="Fermer").click()
    expect(dialogue).to_have_count(0)
    assert page.url.endswith(f"/eleves/{eleve.pk}/dossier/")
    eleve.refresh_from_db()
    assert eleve.ville == "ST PRIEST" and refus_csp == []


@pytest.mark.django_db(transaction=True)
def test_the_same_address_button_fills_the_legal_representative_address(page, live_server, agence, refus_csp):
    se_connecter(page, live_server, UserFactory(agences=[agence]))
    page.goto(f"{live_server.url}/eleves/nouveau/")
    page.fill("#id_nom_voie", "DES LILAS")
    page.fill("#id_code_postal", "69500")
    page.fill("#id_ville", "BRON")
    page.locator("[data-copier-adresse=representant1]").click()
    expect(page.locator("#id_representant1-nom_voie")).to_have_value("DES LILAS")
    expect(page.locator("#id_representant1-ville")).to_have_value("BRON")
    expect(page.locator("#id_representant2-ville")).to_have_value("")
    assert refus_csp == []
