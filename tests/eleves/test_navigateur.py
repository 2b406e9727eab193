"""In real Chromium: a secretary creates a student, runs the referential check, accepts the proposals;
a secretary typing fast and loose (dots, lower case, a wrong department, the keyboard, Échap); a user
with only some rights."""

import pytest
from playwright.sync_api import expect

from agences.access import VALIDER_DEMANDE
from eleves.models import Eleve
from tests.demandes.factories import DemandeFactory
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


# --- A secretary who types fast and loose (issue 14) --------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_sloppy_secretary_is_stopped_on_dots_gets_capitals_and_a_department_that_follows_the_city(
    page, live_server, ants_sandbox, agence, refus_csp
):
    se_connecter(page, live_server, UserFactory(agences=[agence]))
    page.goto(f"{live_server.url}/eleves/nouveau/")
    expect(page.locator("#id_inscrit_le")).not_to_have_value("")  # today, already
    page.select_option("#id_sexe", "F")
    page.fill("#id_nom_naissance", "le gall")
    page.fill("#id_prenom", "anne.")
    page.fill("#id_date_naissance", "1998-03-15")
    page.fill("#id_ville_naissance", "villeurbanne")
    page.fill("#id_departement_naissance", "6")
    page.fill("#id_numero_voie", "12")
    page.fill("#id_nom_voie", "de la republique")
    page.fill("#id_code_postal", "69100")
    page.locator("#communes-id_ville option[value=VILLEURBANNE]").wait_for(state="attached")
    page.fill("#id_ville", "VILLEURBANNE")
    page.fill("#id_telephone_mobile", "06 12 34 56 78")
    page.fill("#id_email", "Anne.LeGall@gmail.com")
    page.get_by_role("button", name="Enregistrer").click()

    resume = page.locator(".resume-erreurs")
    expect(resume).to_contain_text("« Prénom » contient « . »")
    expect(page.locator("#id_nom_naissance")).to_have_value("le gall")  # nothing typed is lost
    page.fill("#id_prenom", "anne")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("La fiche de LE GALL ANNE est enregistrée.")).to_be_visible()
    # On the page the secretary is on, in the words of the Dossier tab:
    expect(page.locator(".controles-fiche")).to_contain_text("Pas encore vérifiés dans le référentiel")

    page.get_by_role("link", name="Formation › Dossier 02-06").click()
    page.get_by_role("button", name="Vérifier les villes, départements et pays").click()
    dialogue = page.locator("dialog.dialogue-verification")
    expect(dialogue.locator("tr[data-cle=departement_naissance] select")).to_have_value("69")
    expect(dialogue.locator("tr[data-cle=ville_naissance]")).to_have_class("conforme")
    dialogue.get_by_role("button", name="Enregistrer les corrections").click()
    expect(
        page.get_by_text("Les villes, départements et pays sont enregistrés sur la fiche.")
    ).to_be_visible()
    eleve = Eleve.objects.get()
    assert (eleve.nom_naissance, eleve.prenom, eleve.email) == ("LE GALL", "ANNE", "anne.legall@gmail.com")
    assert (eleve.ville_naissance, eleve.departement_naissance) == ("VILLEURBANNE", "69")
    assert refus_csp == []


@pytest.mark.django_db(transaction=True)
def test_choosing_a_birth_city_in_the_typeahead_sets_its_department(
    page, live_server, ants_sandbox, agence, refus_csp
):
    se_connecter(page, live_server, UserFactory(agences=[agence]))
    page.goto(f"{live_server.url}/eleves/nouveau/")
    page.type("#id_ville_naissance", "villeurb")
    page.locator("#communes-id_ville_naissance option[value=VILLEURBANNE]").wait_for(state="attached")
    page.fill("#id_ville_naissance", "VILLEURBANNE")
    expect(page.locator("#id_departement_naissance")).to_have_value("69")
    assert refus_csp == []


@pytest.mark.django_db(transaction=True)
def test_the_search_is_driven_from_the_keyboard(page, live_server, agence, refus_csp):
    EleveFactory(agence=agence, nom_naissance="DUBOIS", prenom="EMMA")
    voulu = EleveFactory(agence=agence, nom_naissance="LE GALL", prenom="YANN")
    se_connecter(page, live_server, UserFactory(agences=[agence]))
    page.goto(f"{live_server.url}/eleves/")
    recherche = page.locator("#recherche-eleve")
    recherche.type("gall")
    options = page.locator("#suggestions [role=option]")
    expect(options).to_have_count(1)
    recherche.press("Escape")
    expect(options).to_have_count(0)
    expect(recherche).to_have_value("gall")
    recherche.press("Backspace")
    expect(options).to_have_count(1)
    recherche.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    recherche.press("Enter")
    page.wait_for_url(f"**/eleves/{voulu.pk}/")
    assert refus_csp == []


@pytest.mark.django_db(transaction=True)
def test_escape_closes_the_check_dialog(page, live_server, ants_sandbox, agence, refus_csp):
    eleve = EleveFactory(agence=agence, ville="ST PRIEST")
    se_connecter(page, live_server, UserFactory(agences=[agence]))
    page.goto(f"{live_server.url}/eleves/{eleve.pk}/dossier/")
    page.get_by_role("button", name="Vérifier les villes, départements et pays").click()
    dialogue = page.locator("dialog.dialogue-verification")
    expect(dialogue).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialogue).to_have_count(0)
    assert refus_csp == []


# --- A user with only some rights --------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_user_without_the_ephoto_right_sees_the_code_locked_with_the_reason(
    page, live_server, agence, refus_csp
):
    eleve = EleveFactory(agence=agence)
    eleve.dossier.code_ephoto_02 = "AB12CD34EF56GH78IJ90KL"
    eleve.dossier.save()
    se_connecter(page, live_server, UserFactory(agences=[agence], permissions=[VALIDER_DEMANDE]))
    page.goto(f"{live_server.url}/eleves/{eleve.pk}/dossier/")
    code = page.locator("#id_code_ephoto_02")
    expect(code).to_be_disabled()
    expect(page.get_by_text("Vous n'avez pas le droit « ANTS - Supprimer le code ePhoto »")).to_be_visible()
    expect(page.locator("#id_code_ephoto_06")).to_be_enabled()  # an empty code may be typed
    page.get_by_role("button", name="Enregistrer le dossier").click()
    expect(page.get_by_text("Le dossier 02-06 est enregistré.")).to_be_visible()
    eleve.dossier.refresh_from_db()
    assert eleve.dossier.code_ephoto_02 == "AB12CD34EF56GH78IJ90KL" and refus_csp == []


@pytest.mark.django_db(transaction=True)
def test_a_student_with_a_demande_on_ants_shows_why_it_cannot_be_deleted(
    page, live_server, agence, refus_csp
):
    eleve = EleveFactory(agence=agence, nom_naissance="MARTIN", prenom="LUCAS")
    DemandeFactory(eleve=eleve)
    se_connecter(page, live_server, UserFactory(agences=[agence]))
    page.goto(f"{live_server.url}/eleves/{eleve.pk}/")
    page.get_by_role("link", name="Supprimer l'élève…").click()
    expect(page.get_by_role("alert")).to_contain_text("MARTIN LUCAS a des demandes sur le site de l'ANTS")
    expect(page.get_by_role("button", name="Supprimer définitivement")).to_have_count(0)
    assert Eleve.objects.filter(pk=eleve.pk).exists() and refus_csp == []
