"""The wire adapter alone: ANTS error bodies to typed errors, and what cannot be parsed.

The live sandbox tests (test_client_sandbox.py) check the same mapping end to end for every error
the sandbox can produce; this table also covers the codes it answers only under faults.
"""

import pickle
from datetime import UTC, datetime

import pytest

from ants.client import Declarations, Statut, errors
from ants.client.wire import (
    WireFormatError,
    demande_from_json,
    demande_resume_from_json,
    document_from_json,
    error_body,
    error_from_body,
    fichier_from_json,
    parse,
    token_from_json,
)
from tests.ants.client_helpers import demande_body, resume_body


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


def test_an_ephoto_refusal_carries_its_field():
    error = error_from_body(
        422, body("EPHOTO_INVALID", fields=[{"field": "code_ephoto", "message": "Code ePhoto inconnu."}])
    )

    assert error.fields == [errors.FieldError("code_ephoto", "Code ePhoto inconnu.")]


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


def test_an_unknown_key_in_the_declarations_is_ignored():
    body = demande_body()
    body["dossier"]["declarations"]["nouvelle_declaration"] = True

    assert parse(demande_from_json, body).dossier.declarations == Declarations()


def test_an_unknown_key_anywhere_in_a_demande_is_ignored():
    body = {**demande_body(), "nouveau_champ": {"x": 1}}
    body["candidat"]["nouveau"] = "?"

    assert parse(demande_from_json, body).numero == "4789"


def test_an_unknown_statut_is_kept_as_ants_code_with_ants_label():
    resume = parse(
        demande_resume_from_json,
        resume_body(statut="EN_ATTENTE_PAIEMENT", statut_libelle="En attente de paiement"),
    )

    assert (resume.statut, resume.statut_libelle) == ("EN_ATTENTE_PAIEMENT", "En attente de paiement")
    assert not isinstance(resume.statut, Statut)


def test_a_known_statut_is_the_enum_member():
    assert parse(demande_resume_from_json, resume_body(statut="A_COMPLETER")).statut is Statut.A_COMPLETER


def test_an_unknown_statut_without_label_shows_its_code():
    resume = parse(demande_resume_from_json, resume_body(statut="NOUVEAU", statut_libelle=None))

    assert resume.statut_libelle == "NOUVEAU"


@pytest.mark.parametrize(
    "spoil",
    [
        lambda d: d.update(transferee="false"),
        lambda d: d.update(mandat_papier="false"),
        lambda d: d.update(ephoto={"present": "false"}),
        lambda d: d["dossier"]["declarations"].update(lit_francais="false"),
        lambda d: d["dossier"].update(opposition_reutilisation_donnees=0),
    ],
)
def test_a_boolean_that_is_not_a_json_boolean_is_refused_not_read_as_true(spoil):
    body = demande_body()
    spoil(body)

    with pytest.raises(WireFormatError):
        parse(demande_from_json, body)


def test_document_availability_must_be_a_json_boolean():
    with pytest.raises(WireFormatError):
        parse(document_from_json, {"code": "AVIS_MEDICAL", "libelle": "Avis", "disponible": "false"})


@pytest.mark.parametrize("numero", [None, "", True, 4.5])
def test_a_missing_demande_number_is_refused_not_read_as_none(numero):
    with pytest.raises(WireFormatError):
        parse(demande_resume_from_json, resume_body(numero=numero))


def test_a_demande_number_sent_as_a_json_integer_is_kept_as_text():
    assert parse(demande_resume_from_json, resume_body(numero=90120170705153905547685)).numero == (
        "90120170705153905547685"
    )


def test_a_null_prenom_is_empty_text():
    body = resume_body()
    body["candidat"]["prenom"] = None

    assert parse(demande_resume_from_json, body).candidat.prenom == ""


def test_a_name_that_is_not_text_is_refused():
    body = resume_body()
    body["candidat"]["nom_naissance"] = ["DUPONT"]

    with pytest.raises(WireFormatError):
        parse(demande_resume_from_json, body)


def test_a_page_count_given_as_text_is_refused():
    fichier = {"id": "f1", "nom": "cni.pdf", "pages": "2", "taille": 10, "type": "application/pdf"}

    with pytest.raises(WireFormatError):
        parse(fichier_from_json, {**fichier, "depose_le": "2026-11-22T10:15:00+01:00"})


def test_a_timestamp_without_offset_is_read_as_paris_time():
    resume = parse(demande_resume_from_json, resume_body(cree_le="2026-07-01T10:15:00"))

    assert resume.cree_le == datetime(2026, 7, 1, 8, 15, tzinfo=UTC)


def test_a_timestamp_that_is_not_iso_is_a_wire_format_error():
    with pytest.raises(WireFormatError):
        parse(demande_resume_from_json, resume_body(cree_le="22/11/2026 10:15"))


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


@pytest.mark.parametrize(
    "body",
    [
        {"token": "tok\u2019", "expires_in": 3600},
        {"token": "tok 1\r\nX-Injected: 1", "expires_in": 3600},
        {"token": "", "expires_in": 3600},
        {"token": "tok-1", "expires_in": float("nan")},
        {"token": "tok-1", "expires_in": float("inf")},
        {"token": "tok-1", "expires_in": -5},
        {"token": "tok-1"},
    ],
)
def test_a_token_unfit_for_a_header_or_without_a_lifetime_is_refused(body):
    with pytest.raises(WireFormatError):
        parse(token_from_json, body)
