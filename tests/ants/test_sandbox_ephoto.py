import io

import pytest
from PIL import Image

from tests.ants.sandbox_helpers import LYON, Api, error_code, person


@pytest.fixture
def api(ants_sandbox):
    return Api(ants_sandbox, LYON)


@pytest.fixture
def code(ants_sandbox):
    return ants_sandbox.control("ephoto")["code"]


def with_code(code: str) -> dict:
    body = person()
    body["code_ephoto"] = code
    return body


def test_demande_with_a_code_has_an_ephoto(api, code):
    assert api.create(with_code(code))["ephoto"] == {"present": True}


@pytest.mark.parametrize("bad", ["SHORT123", "AB12CD34EF56GH78IJ90K!", "AB12CD34EF56GH78IJ90KL0"])
def test_malformed_code_is_ephoto_invalid(api, bad):
    response = api.post("/demandes", json=with_code(bad))

    assert response.status_code == 422
    assert error_code(response) == "EPHOTO_INVALID"


def test_unknown_code_is_ephoto_invalid(api):
    assert error_code(api.post("/demandes", json=with_code("ZZ" + "A" * 20))) == "EPHOTO_INVALID"


def test_a_code_serves_one_demande_only(api, code):
    api.create(with_code(code))

    response = api.post("/demandes", json=with_code(code.lower()))

    assert response.status_code == 422
    assert error_code(response) == "EPHOTO_ALREADY_USED"


def test_put_a_code_already_used_elsewhere_is_refused(api, code):
    api.create(with_code(code))
    numero = api.create(person())["numero"]

    assert error_code(api.put(f"/demandes/{numero}/ephoto", json={"code": code})) == "EPHOTO_ALREADY_USED"


def test_set_replace_and_delete_the_code_of_a_draft(api, ants_sandbox, code):
    numero = api.create(person())["numero"]
    other = ants_sandbox.control("ephoto")["code"]

    assert api.put(f"/demandes/{numero}/ephoto", json={"code": code}).json()["ephoto"] == {"present": True}
    assert api.put(f"/demandes/{numero}/ephoto", json={"code": other}).status_code == 200
    assert api.delete(f"/demandes/{numero}/ephoto").status_code == 204
    assert api.get(f"/demandes/{numero}").json()["ephoto"] == {"present": False}
    # Both codes left the draft, so they are free again.
    assert api.create(with_code(code))["ephoto"]["present"]


def test_code_of_a_deleted_draft_is_free_again(api, code):
    numero = api.create(with_code(code))["numero"]
    api.delete(f"/demandes/{numero}")

    assert api.post("/demandes", json=with_code(code)).status_code == 201


def test_code_of_a_validated_demande_stays_used_after_deletion(api, code):
    numero = api.validated(with_code(code))["numero"]
    api.delete(f"/demandes/{numero}")

    assert error_code(api.post("/demandes", json=with_code(code))) == "EPHOTO_ALREADY_USED"


def test_code_cannot_change_after_validation(api, code):
    numero = api.validated(person())["numero"]

    response = api.put(f"/demandes/{numero}/ephoto", json={"code": code})

    assert response.status_code == 409
    assert error_code(response) == "STATUS_FORBIDS"


def test_photo_is_a_jpeg_and_signature_a_png(api, code):
    numero = api.create(with_code(code))["numero"]

    photo = api.get(f"/demandes/{numero}/ephoto/photo")
    signature = api.get(f"/demandes/{numero}/ephoto/signature")

    assert photo.headers["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(photo.content)).format == "JPEG"
    assert signature.headers["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(signature.content)).format == "PNG"


def test_no_photo_without_a_code(api):
    numero = api.create(person())["numero"]

    assert api.get(f"/demandes/{numero}/ephoto/photo").status_code == 404
