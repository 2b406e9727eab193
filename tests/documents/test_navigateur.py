"""In real Chromium: from the Documents tab, a secretary prints the paper mandate, gets the PDF, and the
download shows in the tab's record."""

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory
from tests.navigateur import se_connecter

from .factories import eleve_mineur


@pytest.mark.django_db(transaction=True)
def test_secretary_prints_the_mandate_from_the_documents_tab(page, live_server, agence, media):
    refus_csp = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and refus_csp.append(message.text),
    )
    eleve = eleve_mineur(agence=agence)
    se_connecter(page, live_server, UserFactory(agences=[agence], first_name="Sophie", last_name="Girard"))
    page.goto(f"{live_server.url}/documents/eleves/{eleve.pk}/")
    with page.expect_download() as telechargement:
        page.get_by_role("button", name="Mandat à signer").click()
    fichier = telechargement.value
    assert fichier.suggested_filename.startswith("martin-lucas_mandat-a-signer_")
    assert open(fichier.path(), "rb").read(5) == b"%PDF-"
    page.reload()
    expect(page.locator(".consultations tbody tr").first).to_contain_text("Sophie Girard")
    assert refus_csp == []
