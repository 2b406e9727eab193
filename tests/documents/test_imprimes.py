"""The three PDFs a school hands out, read back with pypdf: what they say, and on how many pages."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from demandes import imprimes
from demandes.construction import demande_depuis_eleve
from documents.imprimes import recapitulatif_pdf
from documents.services import mandat_imprimer
from tests.demandes.factories import DemandeFactory

from .factories import eleve_mineur, eleve_titre

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(media):
    return media


def lire(document) -> tuple[str, int]:
    """The PDF's text on one line (words joined by single spaces), and its page count."""
    with document.fichier.open("rb") as fichier:
        lecteur = PdfReader(BytesIO(fichier.read()))
    texte = " ".join(" ".join(page.extract_text() for page in lecteur.pages).split())
    return texte, len(lecteur.pages)


def test_the_summary_is_what_ants_will_receive_on_two_pages():
    eleve = eleve_mineur()
    texte, pages = lire(imprimes.recapitulatif_imprimer(eleve=eleve, type_demande="CERFA_02"))
    assert "Relisez-vous : une fois validée, la demande ne pourra plus être modifiée." in texte
    # As ANTS receives them: capitals without accents, the phone without spaces.
    assert "PIERRE ANDRE" in texte and "12 BIS RUE DE LA REPUBLIQUE, BATIMENT B, 69800 SAINT-PRIEST" in texte
    assert "0612345601" in texte and "Préfecture du Rhône" in texte
    assert "Représentant légal" in texte and "sophie.martin@example.org" in texte
    assert "sans code ePhoto" in texte and "Conduite supervisée" in texte
    assert pages == 2


def test_the_summary_is_built_from_the_demande_as_it_will_be_sent():
    eleve = eleve_titre()
    envoi = demande_depuis_eleve(eleve, type_demande="CERFA_06")
    texte = " ".join(
        page.extract_text() for page in PdfReader(BytesIO(recapitulatif_pdf(eleve=eleve, envoi=envoi))).pages
    )
    assert envoi.candidat.neph in texte and envoi.code_ephoto in texte and "Réussite à l'examen" in texte


def test_the_letter_for_a_registration_without_ephoto_says_every_step_on_one_page():
    texte, pages = lire(imprimes.lettre_imprimer(eleve=eleve_mineur(), type_demande="CERFA_02"))
    assert "lucas.martin@example.org" in texte
    assert "Activez votre compte ANTS dans les 7 jours" in texte and "la demande sont supprimés" in texte
    assert "« Valider »" in texte and "« Refuser »" in texte
    assert "formulaire de dépôt photo signature" in texte and "à l'encre noire" in texte
    assert "au CTN" in texte and "dans les 15 jours" in texte
    assert "recto/verso sur une seule feuille" in texte
    assert pages == 1


def test_the_letter_of_a_demande_with_an_ephoto_code_has_no_paper_form():
    eleve = eleve_mineur()
    DemandeFactory(eleve=eleve, ephoto_presente=True)
    texte, _pages = lire(imprimes.lettre_imprimer(eleve=eleve, type_demande="CERFA_02"))
    assert "encre noire" not in texte and "recto/verso" in texte


def test_the_letter_of_a_demande_under_mandate_asks_the_candidate_to_validate_nothing():
    eleve = eleve_mineur()
    DemandeFactory(eleve=eleve, mandat_papier=True, numero="4789")
    texte, _pages = lire(imprimes.lettre_imprimer(eleve=eleve, type_demande="CERFA_02"))
    assert "demande n° 4789" in texte and "Vous n'avez rien à valider" in texte
    assert "7 jours" not in texte and "l'école vous remet votre attestation d'inscription" in texte


def test_the_letter_for_a_title_says_where_the_licence_goes_on_one_page():
    texte, pages = lire(imprimes.lettre_imprimer(eleve=eleve_titre(), type_demande="CERFA_06"))
    assert "Cerfa 06 (demande de titre)" in texte and "envoyé à votre domicile" in texte
    assert "recto/verso" not in texte and "encre noire" not in texte  # ePhoto code in the file
    assert pages == 1


def test_the_mandate_of_a_minor_is_prefilled_for_him_and_his_representative_on_one_page():
    texte, pages = lire(mandat_imprimer(eleve=eleve_mineur()))
    assert "MARTIN" in texte and "LUCAS PIERRE ANDRE" in texte and "SOPHIE" in texte
    assert "donnons mandat à l'établissement d'enseignement de la conduite" in texte
    assert "Signature du représentant légal" in texte and "au moins 6 mois" in texte
    assert pages == 1


def test_the_mandate_of_an_adult_has_no_representative():
    texte, _pages = lire(mandat_imprimer(eleve=eleve_titre()))
    assert "Je soussigné(e), le candidat désigné ci-dessus, donne mandat" in texte
    assert "représentant légal" not in texte and "ROUSSEAU" in texte


def test_a_new_print_replaces_the_previous_one_of_the_same_kind():
    eleve = eleve_titre()
    premier = imprimes.lettre_imprimer(eleve=eleve, type_demande="CERFA_06")
    second = imprimes.lettre_imprimer(eleve=eleve, type_demande="CERFA_06")
    imprimes.lettre_imprimer(eleve=eleve, type_demande="CERFA_02")
    assert eleve.documents.filter(modele="lettre:CERFA_06").get() == second
    assert not premier.fichier.storage.exists(premier.fichier.name)
    assert eleve.documents.count() == 2
