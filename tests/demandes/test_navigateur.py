"""In real Chromium: from a complete file to a validated demande with two pieces and an ePhoto code,
then the student's validation seen after "Mettre à jour"."""

import pytest
from playwright.sync_api import expect

from tests.demandes.conftest import pdf
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
