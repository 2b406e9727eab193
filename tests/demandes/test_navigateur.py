"""In real Chromium: from a complete file to a validated demande with two pieces and an ePhoto code,
then the student's validation seen after "Mettre à jour"; the Espace Administratif's list."""

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from ants.client.types import Statut
from demandes.construction import demande_depuis_eleve
from demandes.instantane import vers_json
from tests.demandes.conftest import pdf
from tests.demandes.factories import DemandeFactory
from tests.navigateur import se_connecter


@pytest.mark.django_db(transaction=True)
def test_secretary_sends_a_demande_from_the_file_to_the_student(
    page, live_server, ants_sandbox, eleve, secretaire, eager, tmp_path
):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(pdf())
    se_connecter(page, live_server, secretaire)

    page.goto(f"{live_server.url}/eleves/{eleve.pk}/")
    page.get_by_role("link", name="Demandes ANTS").click()
    page.locator("[data-cerfa=CERFA_02]").get_by_role(
        "button", name="Enregistrer la demande en ligne"
    ).click()
    demande = page.locator("article.demande")
    expect(demande.locator(".statut")).to_have_text("Brouillon")
    expect(demande.get_by_role("button", name="Valider la demande")).to_be_disabled()

    demande.get_by_role("link", name="Envoyer les pièces justificatives").click()
    for piece in ("Pièce d'identité", "Justificatif de domicile"):
        page.select_option("#id_code", label=piece)
        page.set_input_files("#id_fichier", str(scan))
        page.get_by_role("button", name="Envoyer à l'ANTS").click()
        expect(page.locator(f'tr.piece:has-text("{piece}")')).to_contain_text("1 / ")
    page.get_by_role("link", name="Enregistrer et revenir à l'élève").click()

    demande.locator("details.ephoto summary").click()
    demande.get_by_label("Code ePhoto (22 caractères)").fill(ants_sandbox.control("ephoto")["code"])
    demande.get_by_role("button", name="Ajouter la ePhoto").click()
    expect(demande).to_contain_text("renseigné")

    demande.get_by_role("button", name="Valider la demande").click()
    expect(demande.locator(".statut")).to_have_text("En attente de validation par l'usager")

    ants_sandbox.control("student", numero=demande.get_attribute("data-numero"), action="validate")
    demande.get_by_role("button", name="Mettre à jour").click()
    expect(demande.locator(".statut")).to_have_text("Vérification des pièces justificatives")


@pytest.mark.django_db(transaction=True)
def test_manager_filters_by_a_counter_links_a_red_demande_and_exports_the_list(
    page, live_server, ants_sandbox, ants_account, agence, eleve, secretaire, eager, tmp_path
):
    body = vers_json(demande_depuis_eleve(eleve, type_demande="CERFA_02"))
    faite_sur_le_site = ants_sandbox.control("demandes", agrement=ants_account["agrement"], demande=body)
    rouge = DemandeFactory(
        eleve=None,
        agence=agence,
        numero=faite_sur_le_site["numero"],
        candidat_nom=eleve.nom_naissance,
        candidat_prenom=eleve.prenom,
    )
    DemandeFactory.create_batch(2, eleve__agence=agence, statut=Statut.ACCEPTEE)
    se_connecter(page, live_server, secretaire)

    page.goto(live_server.url)
    page.get_by_role("link", name="Espace Administratif — Demandes en ligne").click()
    expect(page.locator("table.demandes-agence tbody tr")).to_have_count(3)
    page.locator('[data-compteur="CERFA_02:brouillons"]').click()
    expect(page.locator("table.demandes-agence tbody tr")).to_have_count(1)
    ligne = page.locator(f'tr[data-numero="{rouge.numero}"]')
    expect(ligne).to_have_class("non-reliee")

    ligne.get_by_role("link", name="Relier à un élève").click()
    dialogue = page.get_by_role("dialog", name="Associer un élève à une demande")
    dialogue.get_by_label("Rechercher un élève").fill(eleve.nom_naissance[:4].lower())
    dialogue.get_by_label("Mettre à jour toutes les informations de l'élève").check()
    dialogue.get_by_role("button", name=str(eleve)).click()

    expect(ligne).to_have_class("reliee")
    expect(ligne.get_by_role("link", name=str(eleve))).to_be_visible()
    expect(page.locator('[data-compteur="CERFA_02:brouillons"]')).to_have_attribute("aria-current", "true")

    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Exporter la liste sous Excel").click()
    fichier = tmp_path / telechargement.value.suggested_filename
    telechargement.value.save_as(fichier)
    assert fichier.name == f"demandes-{agence.code}-{timezone.localdate().isoformat()}.xlsx"
    lignes = list(load_workbook(fichier).active.iter_rows(values_only=True))
    assert lignes[0][:2] == ("Élève", "Numéro")
    assert [(ligne[0], ligne[1]) for ligne in lignes[1:]] == [(str(eleve), rouge.numero)]
