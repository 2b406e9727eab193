import io

import pytest
from PIL import Image

from tests.ants.sandbox_helpers import LYON, REPRESENTANT, Api, error_code, fields, pdf, person


@pytest.fixture
def api(ants_sandbox):
    return Api(ants_sandbox, LYON)


def pieces(api, numero) -> dict:
    return {piece["code"]: piece for piece in api.get(f"/demandes/{numero}/pieces").json()["results"]}


def required(api, body) -> set:
    numero = api.create(body)["numero"]
    return {code for code, piece in pieces(api, numero).items() if piece["requise"]}


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_pieces_carry_labels_and_page_limits(api):
    numero = api.create(person())["numero"]

    identite = pieces(api, numero)["PIECE_IDENTITE"]

    assert identite | {"fichiers": []} == {
        "code": "PIECE_IDENTITE",
        "libelle": "Pièce d'identité",
        "aide": "",
        "requise": True,
        "pages_max": 2,
        "pages": 0,
        "commentaire_autorise": True,
        "fichiers": [],
    }
    assert pieces(api, numero)["AVIS_MEDICAL"]["pages_max"] == 6


def test_adult_over_25_needs_identity_and_address_only(api):
    assert required(api, person(date_naissance="1990-01-01")) == {"PIECE_IDENTITE", "JUSTIFICATIF_DOMICILE"}


def test_cerfa_02_candidate_aged_17_to_25_needs_the_jdc(api):
    assert "JDC" in required(api, person(date_naissance="2005-01-01"))


def test_minor_needs_the_representatives_identity(api):
    body = person(date_naissance="2011-01-01")
    body["representant_legal"] = REPRESENTANT

    assert "PIECE_IDENTITE_REPRESENTANT" in required(api, body)


def test_after_annulation_needs_judgement_and_psychotechnical_tests(api):
    body = person(date_naissance="1990-01-01")
    body["motif"] = "APRES_ANNULATION"

    assert {"JUGEMENT_ANNULATION", "TESTS_PSYCHOTECHNIQUES"} <= required(api, body)


def test_cerfa_06_after_exam_needs_cepc_and_assr_for_a_first_title(api):
    body = person(date_naissance="1995-01-01", neph="240669100001")
    body.update(type="CERFA_06", motif="REUSSITE_EXAMEN")

    assert {"CEPC", "ASSR"} <= required(api, body)


def test_extension_needs_the_current_licence(api):
    body = person(date_naissance="1990-01-01")
    body["motif"] = "EXTENSION"
    body["dossier"]["categories_obtenues"] = ["B"]

    assert "PERMIS_CONDUIRE" in required(api, body)


def test_pdf_pages_are_counted(api):
    numero = api.create(person())["numero"]

    response = api.upload(numero, "JUSTIFICATIF_DOMICILE", pdf(3), name="edf.pdf", commentaire="Facture EDF")

    assert response.status_code == 201
    assert response.json() | {"id": "", "depose_le": ""} == {
        "id": "",
        "nom": "edf.pdf",
        "pages": 3,
        "taille": len(pdf(3)),
        "type": "application/pdf",
        "commentaire": "Facture EDF",
        "depose_le": "",
    }
    assert pieces(api, numero)["JUSTIFICATIF_DOMICILE"]["pages"] == 3


def test_an_image_is_one_page(api):
    numero = api.create(person())["numero"]

    response = api.upload(numero, "PIECE_IDENTITE", png(), name="cni.png")

    assert (response.json()["pages"], response.json()["type"]) == (1, "image/png")


def test_files_add_up_to_the_page_limit(api):
    numero = api.create(person())["numero"]
    assert api.upload(numero, "PIECE_IDENTITE", pdf(1)).status_code == 201
    assert api.upload(numero, "PIECE_IDENTITE", pdf(1)).status_code == 201

    response = api.upload(numero, "PIECE_IDENTITE", pdf(1))

    assert response.status_code == 422
    assert error_code(response) == "PAGE_LIMIT_EXCEEDED"
    assert response.json()["error"]["details"] == {"pages_max": 2, "pages": 3}


def test_file_over_11_mb_is_refused(api):
    numero = api.create(person())["numero"]
    too_big = pdf(1) + b"%" * (11 * 1024 * 1024)

    response = api.upload(numero, "PIECE_IDENTITE", too_big)

    assert response.status_code == 413
    assert response.json()["error"]["details"] == {"max_bytes": 11534336}


def test_file_of_exactly_11_mb_is_accepted(api):
    numero = api.create(person())["numero"]
    content = b"\xff\xd8\xff" + b"0" * (11534336 - 3)  # the type is read from the first bytes

    response = api.upload(numero, "PIECE_IDENTITE", content, name="scan.jpg")

    assert (response.status_code, response.json()["taille"]) == (201, 11534336)


def test_other_file_types_are_refused(api):
    numero = api.create(person())["numero"]

    response = api.upload(numero, "PIECE_IDENTITE", b"hello", name="cni.pdf")

    assert response.status_code == 415
    assert error_code(response) == "FILE_TYPE_REFUSED"


def test_comment_over_80_characters_is_refused(api):
    numero = api.create(person())["numero"]

    response = api.upload(numero, "PIECE_IDENTITE", pdf(1), commentaire="x" * 81)

    assert response.status_code == 422
    assert list(fields(response)) == ["commentaire"]
    assert api.upload(numero, "PIECE_IDENTITE", pdf(1), commentaire="é" * 80).status_code == 201


def test_download_returns_the_file_and_delete_removes_it(api):
    numero = api.create(person())["numero"]
    content = pdf(2)
    fichier = api.upload(numero, "PIECE_IDENTITE", content).json()
    path = f"/demandes/{numero}/pieces/PIECE_IDENTITE/fichiers/{fichier['id']}"

    assert api.get(path).content == content
    assert api.delete(path).status_code == 204
    assert api.get(path).status_code == 404
    assert pieces(api, numero)["PIECE_IDENTITE"]["fichiers"] == []


def test_upload_after_validation_is_status_forbids(api):
    numero = api.validated(person())["numero"]

    response = api.upload(numero, "AVIS_MEDICAL", pdf(1))

    assert response.status_code == 409
    assert error_code(response) == "STATUS_FORBIDS"


def test_piece_the_demande_does_not_accept_is_not_found(api):
    numero = api.create(person(date_naissance="1990-01-01"))["numero"]

    assert api.upload(numero, "CEPC", pdf(1)).status_code == 404


def test_a_file_name_is_stored_cleaned_up(api):
    numero = api.create(person())["numero"]

    stored = api.upload(numero, "PIECE_IDENTITE", pdf(1), name="Carte d'identité (1).pdf").json()

    assert stored["nom"] == "Carte_d_identite__1_.pdf"
