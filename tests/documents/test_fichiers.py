"""documents.fichiers: what an uploaded file really is. Documents of real shapes are accepted; every
file of a hostile corpus built here is refused with its French reason, or loses its hostile part."""

import io

import pytest
from PIL import Image, ImageFile

from documents.fichiers import TAILLE_MAX, FichierRefuse, verifier_fichier

from . import corpus


def refus(contenu: bytes) -> FichierRefuse:
    with pytest.raises(FichierRefuse) as erreur:
        verifier_fichier(contenu)
    return erreur.value


@pytest.mark.parametrize(("fabrique", "nature", "pages"), corpus.VALIDES.values(), ids=corpus.VALIDES.keys())
def test_a_document_of_a_real_shape_is_accepted_with_its_kind_and_pages(fabrique, nature, pages):
    verifie = verifier_fichier(fabrique())
    assert (verifie.nature, verifie.pages) == (nature, pages)
    assert (verifie.type_contenu, verifie.extension) == {
        "pdf": ("application/pdf", ".pdf"),
        "jpeg": ("image/jpeg", ".jpg"),
        "png": ("image/png", ".png"),
    }[nature]


# The bombs are what is tested: Pillow's warning about them is expected.
bombes = pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")


@bombes
@pytest.mark.parametrize(("fabrique", "code"), corpus.REFUSES.values(), ids=corpus.REFUSES.keys())
def test_a_hostile_file_is_refused_saying_why_in_french(fabrique, code):
    erreur = refus(fabrique())
    message = erreur.messages[0]
    assert erreur.code == code
    assert " : " in message and message.endswith(".")  # what is wrong : what to do.
    assert any(verbe in message.lower() for verbe in ("enregistrez", "choisissez", "réduisez", "imprimez"))


@bombes
def test_the_whole_hostile_corpus_is_refused(record_property):
    essayes = len(corpus.REFUSES)
    refuses = 0
    for fabrique, _code in corpus.REFUSES.values():
        try:
            verifier_fichier(fabrique())
        except FichierRefuse:
            refuses += 1
    record_property("corpus_hostile", f"{essayes} essayés, {refuses} refusés")
    print(f"Corpus hostile : {essayes} essayés, {refuses} refusés")  # noqa: T201 - shown with -s
    assert refuses == essayes


@pytest.mark.parametrize(("fabrique", "marque"), corpus.NEUTRALISES.values(), ids=corpus.NEUTRALISES.keys())
def test_what_an_image_hides_is_gone_once_re_encoded(fabrique, marque):
    contenu = fabrique()
    assert marque in contenu
    assert marque not in verifier_fichier(contenu).contenu


def test_an_image_is_kept_without_any_metadata():
    image = Image.open(io.BytesIO(verifier_fichier(corpus.jpeg_telephone()).contenu))
    assert not image.getexif() and "comment" not in image.info


def test_a_phone_photo_is_turned_upright_as_its_dropped_exif_said():
    assert Image.open(io.BytesIO(verifier_fichier(corpus.jpeg_telephone()).contenu)).size == (3024, 4032)


def test_a_pdf_is_kept_byte_for_byte():
    contenu = corpus.pdf_weasyprint()
    assert verifier_fichier(contenu).contenu == contenu


def test_a_truncated_image_is_refused_even_once_weasyprint_told_pillow_to_accept_it():
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # weasyprint is imported by the corpus
    assert refus(corpus.jpeg_tronque()).code == "image_abimee"
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # and left as it was


def test_a_file_of_exactly_11_mb_is_accepted():
    assert verifier_fichier(corpus.pdf_de_taille(TAILLE_MAX)).pages == 1


def test_a_file_of_11_mb_and_one_byte_is_refused_saying_its_size():
    erreur = refus(corpus.pdf_de_taille(TAILLE_MAX + 1))
    assert erreur.code == "trop_lourd" and "pèse 11,1 Mo : la limite est de 11 Mo" in erreur.messages[0]


def test_the_reason_of_an_active_pdf_says_what_it_holds():
    assert "contient le lancement d'un programme" in refus(corpus.pdf_lancement()).messages[0]
