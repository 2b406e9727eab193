"""Screenshots of the Espace Élèves at 1366×768, to look at the layout: not collected by the suite (the
name is not test_*); run with
    pytest tests/eleves/captures_eleves.py
They land in var/captures/eleves-*.png: the list with the search open, the Fiche with its problems
before sending, the form with the city typeahead, the Dossier 02-06 tab after a failed save, the
check dialog on sloppy cities, the Documents tab with a preview.
"""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.services import document_eleve_ajouter
from tests.documents import corpus
from tests.eleves.factories import EleveFactory, RepresentantFactory
from tests.factories import UserFactory
from tests.navigateur import se_connecter

CAPTURES = Path(settings.BASE_DIR) / "var" / "captures"
TAILLE = {"width": 1366, "height": 768}

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def capture(page):
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(TAILLE)

    def prendre(nom: str, *, page_entiere: bool = False) -> None:
        page.screenshot(path=CAPTURES / f"eleves-{nom}.png", full_page=page_entiere)

    return prendre


@pytest.fixture
def eleve(agence):
    eleve = EleveFactory(
        agence=agence,
        sexe="M",
        nom_naissance="MARTIN",
        prenom="LUCAS",
        date_naissance=date(2009, 4, 12),
        ville_naissance="VILELURBANNE",
        departement_naissance="6",
        pays_naissance="FRANCE",
        ville="VILLENEUVE D ASCQ",
        code_postal="59650",
        email="contact@ecole-lyon.fr",
    )
    eleve.dossier.categories_demandees = ["B"]
    eleve.dossier.save()
    return eleve


def test_captures(page, live_server, ants_sandbox, agence, eleve, capture, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for nom, prenom in (("DUPONT", "JEAN"), ("DURAND", "LEA"), ("LE GALL", "YANN"), ("DUMAS", "ZOE")):
        EleveFactory(agence=agence, nom_naissance=nom, prenom=prenom)
    RepresentantFactory(eleve=EleveFactory(agence=agence, nom_naissance="DUBOIS", prenom="EMMA"))
    document_eleve_ajouter(
        eleve=eleve,
        libelle="Carte d'identité recto-verso",
        nature="PIECE_IDENTITE",
        fichier=SimpleUploadedFile("cni.pdf", corpus.pdf_weasyprint()),
    )
    se_connecter(page, live_server, UserFactory(agences=[agence], first_name="Nadia", last_name="Secrétaire"))
    base = live_server.url

    page.goto(f"{base}/eleves/")
    page.fill("#recherche-eleve", "du")
    page.locator("#suggestions [role=option]").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    capture("liste-recherche")

    page.goto(f"{base}/eleves/{eleve.pk}/")
    capture("fiche")

    page.goto(f"{base}/eleves/{eleve.pk}/modifier/")
    page.fill("#id_code_postal", "")
    page.type("#id_code_postal", "69100")
    page.locator("#communes-id_ville option").first.wait_for(state="attached")
    page.fill("#id_ville", "")
    page.focus("#id_ville")
    capture("formulaire", page_entiere=True)

    page.goto(f"{base}/eleves/{eleve.pk}/dossier/")
    page.fill("#id_code_ephoto_02", "AB12CD34EF56GH78IJ90KLM")
    page.check("#id_categories_obtenues_5")
    page.get_by_role("button", name="Enregistrer le dossier").click()
    capture("dossier")
    capture("dossier-entier", page_entiere=True)

    page.goto(f"{base}/eleves/{eleve.pk}/dossier/")
    page.get_by_role("button", name="Vérifier les villes, départements et pays").click()
    page.locator("dialog.dialogue-verification").wait_for()
    capture("dialogue")

    page.goto(f"{base}/documents/eleves/{eleve.pk}/?apercu={eleve.documents.get().pk}")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)  # the PDF viewer draws after the load: a screenshot only, not a test
    capture("documents")
