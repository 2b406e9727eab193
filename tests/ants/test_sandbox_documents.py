import io

import pytest
from pypdf import PdfReader

from tests.ants.sandbox_helpers import LYON, Api, person


@pytest.fixture
def api(ants_sandbox):
    return Api(ants_sandbox, LYON)


def available(api, numero) -> set:
    return {d["code"] for d in api.get(f"/demandes/{numero}/documents").json()["results"] if d["disponible"]}


def accepted(api, server) -> str:
    body = person()
    body["mandat_papier"] = True
    numero = api.validated(body)["numero"]
    server.control("administration", numero=numero, action="accept")
    return numero


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_draft_offers_only_the_medical_form(api):
    numero = api.create(person())["numero"]

    assert available(api, numero) == {"AVIS_MEDICAL"}
    assert len(api.get(f"/demandes/{numero}/documents").json()["results"]) == 8


def test_unavailable_document_is_not_found(api):
    numero = api.create(person())["numero"]

    assert api.get(f"/demandes/{numero}/documents/ATTESTATION_INSCRIPTION").status_code == 404


def test_validated_demande_without_ephoto_offers_the_photo_signature_form(api):
    numero = api.validated(person())["numero"]

    assert {"JUSTIFICATIF_DEMANDE", "FORMULAIRE_PHOTO_SIGNATURE"} <= available(api, numero)


def test_no_photo_signature_form_with_an_ephoto_code(api, ants_sandbox):
    body = person()
    body["code_ephoto"] = ants_sandbox.control("ephoto")["code"]
    numero = api.validated(body)["numero"]

    assert "FORMULAIRE_PHOTO_SIGNATURE" not in available(api, numero)


def test_accepted_cerfa_02_attestation_is_a_pdf_with_the_neph(api, ants_sandbox):
    numero = accepted(api, ants_sandbox)
    neph = api.get(f"/demandes/{numero}").json()["neph"]

    response = api.get(f"/demandes/{numero}/documents/ATTESTATION_INSCRIPTION")

    assert response.headers["Content-Type"] == "application/pdf"
    assert f"NEPH : {neph}" in pdf_text(response.content)
    assert numero in pdf_text(response.content)


def test_every_available_document_is_a_readable_pdf(api, ants_sandbox):
    numero = accepted(api, ants_sandbox)

    for code in available(api, numero):
        content = api.get(f"/demandes/{numero}/documents/{code}").content
        assert len(PdfReader(io.BytesIO(content)).pages) == 1, code
