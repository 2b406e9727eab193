"""The Documents tab: a file is stored only once read through, under a name the server builds, and
served as an attachment that the browser may not sniff, cache or run."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.urls import reverse
from django.utils import timezone

from documents.fichiers import TAILLE_MAX, verifier_fichier
from documents.services import document_eleve_ajouter
from tests.eleves.factories import EleveFactory, UserFactory

from . import corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def eleve(agence):
    return EleveFactory(agence=agence, nom_naissance="DUPONT", prenom="JEAN")


def deposer(client, eleve, nom, contenu, type_declare="application/pdf", libelle="", nature="PIECE_IDENTITE"):
    fichier = SimpleUploadedFile(nom, contenu, type_declare)
    return client.post(
        reverse("documents:eleve", args=[eleve.pk]),
        {"nature": nature, "libelle": libelle, "fichier": fichier},
    )


def telecharger(client, document):
    return client.get(reverse("documents:telecharger", args=[document.pk]))


def test_a_document_is_stored_privately_and_served_to_its_agency(client_secretaire, eleve, media):
    contenu = corpus.pdf_weasyprint()
    deposer(client_secretaire, eleve, "cni.pdf", contenu, libelle="CNI")
    document = eleve.documents.get()
    assert (media / "prive").exists() and "cni" not in document.fichier.name
    response = telecharger(client_secretaire, document)
    assert response.status_code == 200 and b"".join(response.streaming_content) == contenu


def test_a_document_is_stored_and_served_under_a_name_the_server_builds(client_secretaire, eleve, media):
    deposer(
        client_secretaire, eleve, "scan.html", corpus.pdf_pypdf(1), "text/html", libelle="Carte d'identité"
    )
    document = eleve.documents.get()
    nom = f"dupont-jean_carte-didentite_{timezone.localdate():%Y-%m-%d}.pdf"
    assert document.nom_fichier == nom and document.fichier.name.endswith(".pdf")
    assert telecharger(client_secretaire, document)["Content-Disposition"] == f'attachment; filename="{nom}"'


def test_a_download_may_not_be_sniffed_cached_or_run(client_secretaire, eleve, media):
    deposer(client_secretaire, eleve, "cni.pdf", corpus.pdf_pypdf(1))
    response = telecharger(client_secretaire, eleve.documents.get())
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_an_image_is_stored_re_encoded_with_the_type_it_really_has(client_secretaire, eleve, media):
    contenu = corpus.png(corpus.photo(800, 600)) + corpus.HTML_SCRIPT
    deposer(client_secretaire, eleve, "photo.jpg", contenu, "image/jpeg", libelle="Photo")
    document = eleve.documents.get()
    assert (document.type_contenu, document.nom_fichier[-4:]) == ("image/png", ".png")
    with document.fichier.open("rb") as stocke:
        assert stocke.read() == verifier_fichier(contenu).contenu


@pytest.mark.parametrize("longueur", [130, 300])
def test_a_long_file_name_is_shortened_never_refused(client_secretaire, eleve, media, longueur):
    nom = "Attestation de domicile " + "x" * (longueur - 28) + ".pdf"
    response = deposer(client_secretaire, eleve, nom, corpus.pdf_pypdf(1))
    document = eleve.documents.get()
    assert response.status_code == 302
    assert len(document.libelle) <= 120 and document.libelle.startswith("Attestation de domicile x")


def test_invisible_characters_of_a_file_name_are_not_kept(client_secretaire, eleve, media):
    deposer(client_secretaire, eleve, "cni\u202efdp.exe.pdf", corpus.pdf_pypdf(1))
    assert eleve.documents.get().libelle == "cnifdp.exe"


def test_a_hostile_file_is_refused_naming_it_and_nothing_is_stored(client_secretaire, eleve, media):
    contenu = b"\xff\xd8\xff\xe0" + corpus.EXE
    response = deposer(client_secretaire, eleve, "photo.jpg", contenu, "image/jpeg", libelle="Photo")
    html = response.content.decode()
    assert "Le fichier « photo.jpg » est refusé. Cette image est abîmée ou incomplète" in html
    assert 'value="Photo"' in html
    assert not eleve.documents.exists() and not [chemin for chemin in media.rglob("*") if chemin.is_file()]


def test_a_file_over_11_mb_is_refused_saying_the_limit(client_secretaire, eleve, media):
    response = deposer(
        client_secretaire, eleve, "scan.pdf", corpus.pdf_de_taille(TAILLE_MAX + 1), libelle="Scan"
    )
    assert "la limite est de 11 Mo" in response.content.decode() and not eleve.documents.exists()


def test_a_document_of_11_mb_goes_through_the_page(client_secretaire, eleve, media):
    deposer(client_secretaire, eleve, "scan.pdf", corpus.pdf_de_taille(TAILLE_MAX))
    assert eleve.documents.get().taille == TAILLE_MAX


def test_an_uploaded_document_is_never_written_to_a_temporary_file(
    client_secretaire, eleve, media, monkeypatch
):
    def copie_temporaire(*args, **kwargs):
        raise AssertionError("an ID scan was written to a temporary file")

    monkeypatch.setattr(TemporaryUploadedFile, "__init__", copie_temporaire)
    deposer(client_secretaire, eleve, "scan.pdf", corpus.pdf_de_taille(TAILLE_MAX))
    assert eleve.documents.exists()


def test_a_document_is_filed_with_its_nature(client_secretaire, eleve, media):
    deposer(client_secretaire, eleve, "mandat.pdf", corpus.pdf_pypdf(1), nature="MANDAT_SIGNE")
    assert eleve.documents.get().nature == "MANDAT_SIGNE"


# --- Kind, pages, preview, deletion (issue 14) --------------------------------------------------


def test_the_list_shows_the_kind_and_the_page_count(client_secretaire, eleve, media):
    deposer(client_secretaire, eleve, "domicile.pdf", corpus.pdf_pypdf(3), nature="JUSTIFICATIF_DOMICILE")
    content = client_secretaire.get(reverse("documents:eleve", args=[eleve.pk])).content.decode()
    assert "<td>Justificatif de domicile</td>" in content and "<td>3</td>" in content


def test_a_document_without_kind_is_refused_and_the_chosen_file_kept(client_secretaire, eleve, media):
    response = deposer(client_secretaire, eleve, "cni.pdf", corpus.pdf_pypdf(1), libelle="CNI", nature="")
    html = response.content.decode()
    assert "Renseignez « Nature » : choisissez ce qu&#x27;est le document." in html
    assert "Fichier choisi : <strong>cni.pdf</strong>, gardé" in html and not eleve.documents.exists()
    jeton = html.split('name="fichier_garde" value="')[1].split('"')[0]
    client_secretaire.post(
        reverse("documents:eleve", args=[eleve.pk]),
        {"libelle": "CNI", "nature": "PIECE_IDENTITE", "fichier_garde": jeton},
    )
    assert eleve.documents.get().libelle == "CNI"


def test_a_kept_file_is_only_for_the_user_who_chose_it(client_secretaire, client, eleve, media, secretaire):
    html = deposer(client_secretaire, eleve, "cni.pdf", corpus.pdf_pypdf(1), nature="").content.decode()
    jeton = html.split('name="fichier_garde" value="')[1].split('"')[0]
    client.force_login(UserFactory(agences=[eleve.agence]))
    response = client.post(
        reverse("documents:eleve", args=[eleve.pk]), {"nature": "PIECE_IDENTITE", "fichier_garde": jeton}
    )
    assert "Renseignez « Fichier »" in response.content.decode() and not eleve.documents.exists()


def test_the_preview_shows_a_pdf_in_a_frame_served_inline_from_this_site_only(
    client_secretaire, eleve, media
):
    deposer(client_secretaire, eleve, "cni.pdf", corpus.pdf_pypdf(2))
    document = eleve.documents.get()
    page = client_secretaire.get(reverse("documents:eleve", args=[eleve.pk]), {"apercu": document.pk})
    assert f'<iframe src="{reverse("documents:apercu", args=[document.pk])}"' in page.content.decode()
    apercu = client_secretaire.get(reverse("documents:apercu", args=[document.pk]))
    assert apercu["Content-Disposition"].startswith("inline;") and apercu["X-Frame-Options"] == "SAMEORIGIN"
    assert apercu["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'self'"
    assert apercu["X-Content-Type-Options"] == "nosniff"


def test_the_preview_shows_an_image_as_an_image(client_secretaire, eleve, media):
    deposer(client_secretaire, eleve, "photo.png", corpus.png(corpus.photo(40, 30)), "image/png")
    document = eleve.documents.get()
    page = client_secretaire.get(reverse("documents:eleve", args=[eleve.pk]), {"apercu": document.pk})
    assert f'<img src="{reverse("documents:apercu", args=[document.pk])}"' in page.content.decode()


def test_another_agency_gets_404_for_the_preview_and_the_deletion(client_secretaire, media, autre_agence):
    document = document_eleve_ajouter(
        eleve=EleveFactory(agence=autre_agence),
        libelle="CNI",
        fichier=SimpleUploadedFile("cni.pdf", corpus.pdf_pypdf(1)),
    )
    assert client_secretaire.get(reverse("documents:apercu", args=[document.pk])).status_code == 404
    assert client_secretaire.post(reverse("documents:supprimer", args=[document.pk])).status_code == 404


def test_deleting_a_document_asks_first_then_removes_it_and_its_file(
    client_secretaire, eleve, media, django_capture_on_commit_callbacks
):
    deposer(client_secretaire, eleve, "cni.pdf", corpus.pdf_pypdf(1), libelle="CNI")
    document = eleve.documents.get()
    confirmation = client_secretaire.get(reverse("documents:supprimer", args=[document.pk])).content.decode()
    assert "Supprimer le document « CNI » ?" in confirmation and eleve.documents.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client_secretaire.post(reverse("documents:supprimer", args=[document.pk]))
    assert not eleve.documents.exists() and not [c for c in media.rglob("*") if c.is_file()]
