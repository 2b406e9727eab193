"""The wire adapter alone: ANTS error bodies to typed errors, and what cannot be parsed.

The live sandbox tests (test_client_sandbox.py) check the same mapping end to end for every error
the sandbox can produce; this table also covers the codes it answers only under faults.
"""

import pickle

import pytest

from ants.client import errors
from ants.client.wire import WireFormatError, demande_from_json, error_body, error_from_body, parse


def body(code, message="Message de l'ANTS.", **extra):
    return {"code": code, "message": message, "details": {}, **extra}


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (400, "INVALID_REQUEST", errors.InvalidRequest),
        (401, "AUTHENTICATION_FAILED", errors.AuthenticationRefused),
        (403, "FORBIDDEN", errors.BelongsToAnotherAccount),
        (404, "NOT_FOUND", errors.NotFound),
        (409, "EMAIL_ALREADY_USED", errors.EmailAlreadyUsed),
        (409, "DEMANDE_ALREADY_EXISTS", errors.DemandeAlreadyExists),
        (409, "DATA_DIVERGENCE", errors.DataDiffers),
        (409, "STATUS_FORBIDS", errors.StatusForbids),
        (409, "TRANSFER_REFUSED", errors.TransferRefused),
        (413, "FILE_TOO_LARGE", errors.PieceRefused),
        (415, "FILE_TYPE_REFUSED", errors.PieceRefused),
        (422, "DATA_REFUSED", errors.DataRefused),
        (422, "EPHOTO_INVALID", errors.EphotoRefused),
        (422, "EPHOTO_ALREADY_USED", errors.EphotoAlreadyUsed),
        (422, "PAGE_LIMIT_EXCEEDED", errors.PieceRefused),
        (422, "MISSING_PIECES", errors.MissingPieces),
        (429, "RATE_LIMITED", errors.AntsUnavailable),
        (500, "INTERNAL_ERROR", errors.AntsUnavailable),
        (503, "UNAVAILABLE", errors.AntsUnavailable),
    ],
)
def test_each_documented_error_code_has_its_typed_error_with_ants_message(status, code, expected):
    error = error_from_body(status, body(code))

    assert type(error) is expected
    assert error.message == "Message de l'ANTS."


def test_data_refused_carries_the_fields_and_their_messages():
    error = error_from_body(
        422,
        body("DATA_REFUSED", fields=[{"field": "candidat.naissance.commune", "message": "Ville incorrecte"}]),
    )

    assert error.fields == [errors.FieldError("candidat.naissance.commune", "Ville incorrecte")]


def test_details_become_attributes():
    exists = error_from_body(409, {**body("DEMANDE_ALREADY_EXISTS"), "details": {"numero": "4789"}})
    forbids = error_from_body(409, {**body("STATUS_FORBIDS"), "details": {"statut": "ACCEPTEE"}})
    missing = error_from_body(422, {**body("MISSING_PIECES"), "details": {"pieces": ["JDC", "ASSR"]}})
    pages = error_from_body(422, {**body("PAGE_LIMIT_EXCEEDED"), "details": {"pages_max": 2, "pages": 3}})

    assert exists.numero == "4789"
    assert forbids.statut == "ACCEPTEE"
    assert missing.pieces == ["JDC", "ASSR"]
    assert (pages.reason, pages.details["pages_max"]) == (errors.PieceRefused.TOO_MANY_PAGES, 2)


def test_an_unknown_client_error_code_keeps_ants_message():
    error = error_from_body(418, body("SOMETHING_NEW", "Nouvelle erreur."))

    assert type(error) is errors.AntsError
    assert error.message == "Nouvelle erreur."


@pytest.mark.parametrize("content", [b"<html>502</html>", b"", b"[1, 2]", b'{"error": "flat"}', b"\xff\xfe"])
def test_a_body_that_is_not_an_ants_error_is_not_read_as_one(content):
    assert error_body(content) is None
    assert isinstance(error_from_body(502, None), errors.AntsUnavailable)


def test_a_demande_missing_a_field_is_a_wire_format_error():
    with pytest.raises(WireFormatError):
        parse(demande_from_json, {"numero": "4789", "type": "CERFA_02"})


def test_an_unknown_statut_is_a_wire_format_error_not_a_crash():
    with pytest.raises(WireFormatError):
        parse(
            demande_from_json,
            {"numero": "1", "type": "CERFA_02", "motif": "PREMIERE_INSCRIPTION", "statut": "X"},
        )


@pytest.mark.parametrize(
    "error",
    [
        errors.UnknownOutcome("upload_piece", numero="4789", piece="JDC"),
        errors.DataRefused("Refusé.", fields=[errors.FieldError("candidat.prenom", "Un seul prénom.")]),
        errors.CredentialsIncomplete(["l'identifiant ANTS"], agence="SIEGE"),
        errors.AntsUnavailable(retry_after=120),
    ],
)
def test_errors_survive_pickling_with_their_attributes(error):
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes

    assert type(copy) is type(error)
    assert copy.__dict__ == error.__dict__
    assert str(copy) == str(error)
