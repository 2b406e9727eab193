"""The first page of each PDF the school prints, as a PNG to look at: not collected by the suite (the
name is not test_*); run with
    pytest tests/documents/captures_imprimes.py
They land in var/captures/imprime-*.pdf and .png (pdftoppm, 110 dpi): a minor with a legal
representative and no ePhoto code (Cerfa 02), an adult's title demande (Cerfa 06); and the Documents and
Demandes ANTS tabs at 1366×768 (onglet-*.png).
"""

import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from demandes import imprimes as imprimes_demandes
from documents.services import mandat_imprimer
from tests.documents.factories import eleve_mineur, eleve_titre
from tests.factories import AgenceFactory, UserFactory
from tests.navigateur import se_connecter

CAPTURES = Path(settings.BASE_DIR) / "var" / "captures"


def _capturer(document, nom: str) -> None:
    CAPTURES.mkdir(parents=True, exist_ok=True)
    pdf = CAPTURES / f"imprime-{nom}.pdf"
    with document.fichier.open("rb") as fichier:
        pdf.write_bytes(fichier.read())
    # poppler-utils' pdftoppm, on the file just written: the first two pages at 110 dpi.
    commande = ["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "2", pdf, pdf.with_suffix("")]
    subprocess.run(commande, check=True)  # noqa: S603, S607


@pytest.mark.django_db
def test_captures(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agence = AgenceFactory(
        nom="Auto-école des Lumières", nom_voie="de la République", numero_voie="12", code_postal="69002"
    )
    mineur, majeur = eleve_mineur(agence=agence), eleve_titre(agence=agence)
    _capturer(
        imprimes_demandes.recapitulatif_imprimer(eleve=mineur, type_demande="CERFA_02"), "recapitulatif"
    )
    _capturer(imprimes_demandes.lettre_imprimer(eleve=mineur, type_demande="CERFA_02"), "lettre")
    _capturer(imprimes_demandes.lettre_imprimer(eleve=majeur, type_demande="CERFA_06"), "lettre-06")
    _capturer(mandat_imprimer(eleve=mineur), "mandat")
    _capturer(
        imprimes_demandes.recapitulatif_imprimer(eleve=majeur, type_demande="CERFA_06"), "recapitulatif-06"
    )


@pytest.mark.django_db(transaction=True)
def test_captures_onglets(page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    CAPTURES.mkdir(parents=True, exist_ok=True)
    agence = AgenceFactory(nom="Auto-école des Lumières")
    eleve = eleve_mineur(agence=agence)
    user = UserFactory(agences=[agence], first_name="Sophie", last_name="Girard")
    page.set_viewport_size({"width": 1366, "height": 768})
    se_connecter(page, live_server, user)
    page.goto(f"{live_server.url}/documents/eleves/{eleve.pk}/")
    with page.expect_download():
        page.get_by_role("button", name="Mandat à signer").click()
    page.reload()
    page.screenshot(path=CAPTURES / "onglet-documents.png", full_page=True)
    page.goto(f"{live_server.url}/demandes/eleves/{eleve.pk}/")
    page.screenshot(path=CAPTURES / "onglet-demandes.png")
