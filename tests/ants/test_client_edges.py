"""HTTP edge cases the sandbox cannot produce on demand, played with `responses`.

Everything else about the client is tested against the live sandbox (test_client_sandbox.py).
"""

import email.utils
import io
import logging
import socket
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import requests
import responses
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError

from ants.client import (
    AntsUnavailable,
    AuthenticationRefused,
    InvalidRequest,
    NotFound,
    Pays,
    StatusForbids,
    UnknownOutcome,
)
from ants.client.ratelimit import RateLimiter
from tests.ants.client_helpers import (
    EDGE_API,
    EDGE_BASE,
    EDGE_CREDENTIALS,
    FakeClock,
    client,
    demande_body,
    demande_input,
    edge_client,
)

DEMANDES = EDGE_API + "/demandes"
TOKEN = EDGE_API + "/auth/token"
HTML_PAGE = "<html><body><h1>502 Bad Gateway</h1></body></html>"


def reset_connection():
    return requests.ConnectionError(ProtocolError("Connection aborted.", ConnectionResetError(104, "reset")))


def calls_to(mock, url, method="GET"):
    return [c for c in mock.calls if c.request.method == method and c.request.url.split("?")[0] == url]


@pytest.fixture
def signed_in():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.post(TOKEN, json={"token": "tok-1", "expires_in": 3600, "raison_sociale": "AE"})
        yield mock


def test_garbage_json_on_a_read_is_retried_then_reported_unavailable(signed_in, sleeps):
    signed_in.get(DEMANDES + "/4789", body=b"{not json", content_type="application/json")

    with pytest.raises(AntsUnavailable):
        edge_client(sleeps).get_demande("4789")

    assert len(calls_to(signed_in, DEMANDES + "/4789")) == 3
    assert sleeps == [0.01, 0.02]


def test_an_html_error_page_on_a_read_is_reported_unavailable(signed_in, sleeps):
    signed_in.get(DEMANDES + "/4789", body=HTML_PAGE, status=502, content_type="text/html")

    with pytest.raises(AntsUnavailable) as raised:
        edge_client(sleeps).get_demande("4789")

    assert "ANTS" in raised.value.message
    assert "<html>" not in raised.value.message


def test_an_html_error_page_on_create_is_an_unknown_outcome_sent_once(signed_in, sleeps):
    signed_in.post(DEMANDES, body=HTML_PAGE, status=502, content_type="text/html")

    with pytest.raises(UnknownOutcome) as raised:
        edge_client(sleeps).create_demande(demande_input())

    assert raised.value.operation == "create_demande"
    assert raised.value.sent_at is not None
    assert len(calls_to(signed_in, DEMANDES, "POST")) == 1


def test_garbage_success_body_on_create_is_an_unknown_outcome(signed_in, sleeps):
    signed_in.post(DEMANDES, body=b"<html>ok</html>", status=201, content_type="text/html")

    with pytest.raises(UnknownOutcome):
        edge_client(sleeps).create_demande(demande_input())

    assert len(calls_to(signed_in, DEMANDES, "POST")) == 1


def test_a_reset_connection_on_a_read_is_retried(signed_in, sleeps):
    signed_in.get(DEMANDES + "/4789", body=reset_connection())
    signed_in.get(DEMANDES + "/4789", json=demande_body())

    demande = edge_client(sleeps).get_demande("4789")

    assert demande.numero == "4789"
    assert sleeps == [0.01]


def test_a_reset_connection_on_create_is_an_unknown_outcome_sent_once(signed_in, sleeps):
    signed_in.post(DEMANDES, body=reset_connection())

    with pytest.raises(UnknownOutcome):
        edge_client(sleeps).create_demande(demande_input())

    assert len(calls_to(signed_in, DEMANDES, "POST")) == 1
    assert sleeps == []


def test_a_read_timeout_on_validate_is_an_unknown_outcome_naming_the_demande(signed_in, sleeps):
    url = DEMANDES + "/4789/validation"
    signed_in.post(url, body=requests.ReadTimeout("read timed out"))

    with pytest.raises(UnknownOutcome) as raised:
        edge_client(sleeps).validate_demande("4789")

    assert (raised.value.operation, raised.value.numero) == ("validate_demande", "4789")
    assert len(calls_to(signed_in, url, "POST")) == 1


def test_a_read_timeout_on_upload_is_an_unknown_outcome_naming_the_piece(signed_in, sleeps):
    url = DEMANDES + "/4789/pieces/PIECE_IDENTITE/fichiers"
    signed_in.post(url, body=requests.ReadTimeout("read timed out"))

    with pytest.raises(UnknownOutcome) as raised:
        edge_client(sleeps).upload_piece(
            "4789",
            "PIECE_IDENTITE",
            filename="cni.pdf",
            content=b"%PDF-1.4 secret",
            content_type="application/pdf",
        )

    assert (raised.value.operation, raised.value.numero, raised.value.piece) == (
        "upload_piece",
        "4789",
        "PIECE_IDENTITE",
    )
    assert len(calls_to(signed_in, url, "POST")) == 1


class TrickleRaw(io.RawIOBase):
    """A body that arrives a few bytes at a time, each taking longer than the read budget."""

    def __init__(self, clock: FakeClock, body: bytes, seconds_per_read: float):
        self.clock, self.body, self.seconds_per_read = clock, body, seconds_per_read

    def readable(self):
        return True

    def readinto(self, buffer):
        if not self.body:
            return 0
        self.clock.now += self.seconds_per_read
        piece, self.body = self.body[:4], self.body[4:]
        buffer[: len(piece)] = piece
        return len(piece)


def test_a_body_slower_than_the_read_timeout_is_reported_unavailable(signed_in, sleeps, settings):
    settings.ANTS_READ_TIMEOUT = 30
    clock = FakeClock()
    for _ in range(3):
        slow = io.BufferedReader(TrickleRaw(clock, b'{"results": []}', seconds_per_read=11))
        signed_in.get(DEMANDES + "/4789/documents", body=slow, content_type="application/json")

    with pytest.raises(AntsUnavailable):
        edge_client(sleeps, clock=clock).list_documents("4789")

    assert len(calls_to(signed_in, DEMANDES + "/4789/documents")) == 3


def test_a_slow_body_on_create_is_an_unknown_outcome(signed_in, sleeps, settings):
    settings.ANTS_READ_TIMEOUT = 30
    clock = FakeClock()
    slow = io.BufferedReader(TrickleRaw(clock, b'{"numero": "4789"}', seconds_per_read=11))
    signed_in.post(DEMANDES, body=slow, status=201, content_type="application/json")

    with pytest.raises(UnknownOutcome):
        edge_client(sleeps, clock=clock).create_demande(demande_input())


def test_a_429_waits_for_retry_after_then_succeeds(signed_in, sleeps):
    rate_limited = {"error": {"code": "RATE_LIMITED", "message": "Trop de requêtes.", "details": {}}}
    signed_in.get(DEMANDES + "/4789", json=rate_limited, status=429, headers={"Retry-After": "2"})
    signed_in.get(DEMANDES + "/4789", json=demande_body())

    assert edge_client(sleeps).get_demande("4789").numero == "4789"
    assert sleeps == [2.0]


def test_a_retry_after_beyond_the_cap_goes_back_to_the_caller(signed_in, sleeps):
    rate_limited = {"error": {"code": "RATE_LIMITED", "message": "Trop de requêtes.", "details": {}}}
    signed_in.get(DEMANDES + "/4789", json=rate_limited, status=429, headers={"Retry-After": "120"})

    with pytest.raises(AntsUnavailable) as raised:
        edge_client(sleeps).get_demande("4789")

    assert raised.value.retry_after == 120
    assert sleeps == []
    assert len(calls_to(signed_in, DEMANDES + "/4789")) == 1


def test_a_429_on_create_is_retried_because_ants_refused_it_unread(signed_in, sleeps):
    rate_limited = {"error": {"code": "RATE_LIMITED", "message": "Trop de requêtes.", "details": {}}}
    signed_in.post(DEMANDES, json=rate_limited, status=429, headers={"Retry-After": "1"})
    signed_in.post(DEMANDES, json=demande_body(), status=201)

    assert edge_client(sleeps).create_demande(demande_input()).numero == "4789"
    assert len(calls_to(signed_in, DEMANDES, "POST")) == 2


def test_maintenance_503_on_create_is_retried(signed_in, sleeps):
    maintenance = {"error": {"code": "UNAVAILABLE", "message": "Maintenance.", "details": {}}}
    signed_in.post(DEMANDES, json=maintenance, status=503)
    signed_in.post(DEMANDES, json=demande_body(), status=201)

    assert edge_client(sleeps).create_demande(demande_input()).numero == "4789"


def test_an_internal_error_on_create_is_an_unknown_outcome(signed_in, sleeps):
    internal = {"error": {"code": "INTERNAL_ERROR", "message": "Erreur.", "details": {}}}
    signed_in.post(DEMANDES, json=internal, status=500)

    with pytest.raises(UnknownOutcome):
        edge_client(sleeps).create_demande(demande_input())

    assert len(calls_to(signed_in, DEMANDES, "POST")) == 1


def test_an_expired_token_is_renewed_once_and_the_call_resent(sleeps):
    expired = {"error": {"code": "TOKEN_EXPIRED", "message": "Jeton expiré.", "details": {}}}
    with responses.RequestsMock() as mock:
        mock.post(TOKEN, json={"token": "tok-1", "expires_in": 3600})
        mock.post(TOKEN, json={"token": "tok-2", "expires_in": 3600})
        mock.get(DEMANDES + "/4789", json=expired, status=401)
        mock.get(DEMANDES + "/4789", json=demande_body())

        assert edge_client(sleeps).get_demande("4789").numero == "4789"

        gets = calls_to(mock, DEMANDES + "/4789")
        assert [c.request.headers["Authorization"] for c in gets] == ["Bearer tok-1", "Bearer tok-2"]
        assert len(calls_to(mock, TOKEN, "POST")) == 2


def test_a_token_refused_twice_is_not_renewed_again(signed_in, sleeps):
    expired = {"error": {"code": "TOKEN_INVALID", "message": "Jeton invalide.", "details": {}}}
    signed_in.get(DEMANDES + "/4789", json=expired, status=401)

    with pytest.raises(AntsUnavailable):
        edge_client(sleeps).get_demande("4789")

    assert len(calls_to(signed_in, TOKEN, "POST")) == 2
    assert len(calls_to(signed_in, DEMANDES + "/4789")) == 2


def test_the_token_is_fetched_once_for_several_calls(signed_in, sleeps):
    signed_in.get(DEMANDES + "/4789", json=demande_body())
    client = edge_client(sleeps)

    client.get_demande("4789")
    client.get_demande("4789")

    assert len(calls_to(signed_in, TOKEN, "POST")) == 1


def test_retries_stop_after_the_configured_attempts_with_growing_jittered_waits(signed_in, sleeps):
    signed_in.get(DEMANDES + "/4789", body="oops", status=500)

    with pytest.raises(AntsUnavailable):
        edge_client(sleeps, attempts=4).get_demande("4789")

    assert len(calls_to(signed_in, DEMANDES + "/4789")) == 4
    assert sleeps == [0.01, 0.02, 0.04]  # base * 2**n, capped at max_delay (rand pinned to the top)


def test_a_client_error_is_not_retried(signed_in, sleeps):
    not_found = {"error": {"code": "NOT_FOUND", "message": "Demande introuvable.", "details": {}}}
    signed_in.get(DEMANDES + "/4789", json=not_found, status=404)

    with pytest.raises(NotFound) as raised:
        edge_client(sleeps).get_demande("4789")

    assert raised.value.message == "Demande introuvable."
    assert len(calls_to(signed_in, DEMANDES + "/4789")) == 1


def test_delete_whose_answer_was_lost_counts_a_404_on_retry_as_done(signed_in, sleeps):
    not_found = {"error": {"code": "NOT_FOUND", "message": "Demande introuvable.", "details": {}}}
    signed_in.delete(DEMANDES + "/4789", body=requests.ReadTimeout("read timed out"))
    signed_in.delete(DEMANDES + "/4789", json=not_found, status=404)

    assert edge_client(sleeps).delete_demande("4789") is None
    assert len(calls_to(signed_in, DEMANDES + "/4789", "DELETE")) == 2


def test_delete_of_an_unknown_demande_is_not_found(signed_in, sleeps):
    not_found = {"error": {"code": "NOT_FOUND", "message": "Demande introuvable.", "details": {}}}
    signed_in.delete(DEMANDES + "/4789", json=not_found, status=404)

    with pytest.raises(NotFound):
        edge_client(sleeps).delete_demande("4789")


def test_no_password_token_or_document_content_in_logs_or_errors(sleeps, caplog):
    refused = {"error": {"code": "AUTHENTICATION_FAILED", "message": "Identifiants refusés.", "details": {}}}
    caplog.set_level(logging.DEBUG)
    with responses.RequestsMock() as mock:
        mock.post(TOKEN, json={"token": "tok-secret-123", "expires_in": 3600})
        mock.post(DEMANDES + "/4789/pieces/PIECE_IDENTITE/fichiers", body=requests.ReadTimeout("timed out"))
        mock.post(TOKEN, json=refused, status=401)
        client = edge_client(sleeps)
        with pytest.raises(UnknownOutcome) as lost:
            client.upload_piece(
                "4789",
                "PIECE_IDENTITE",
                filename="cni.pdf",
                content=b"%PDF CONTENU-PRIVE",
                content_type="application/pdf",
            )
        with pytest.raises(AuthenticationRefused) as refused_error:
            client.authenticate()

    shown = " ".join(
        [caplog.text, str(lost.value), repr(lost.value), str(refused_error.value), repr(refused_error.value)]
    )
    shown += repr(EDGE_CREDENTIALS) + repr(client)
    for secret in (EDGE_CREDENTIALS.mot_de_passe, "tok-secret-123", "CONTENU-PRIVE"):
        assert secret not in shown


def test_one_log_line_per_http_call_with_the_path_template_and_no_query_values(signed_in, sleeps, caplog):
    signed_in.get(DEMANDES, json={"results": [], "page": 1, "par_page": 100, "total": 0, "pages": 0})
    caplog.set_level(logging.INFO, logger="ants.client")

    list(edge_client(sleeps).list_demandes(email="jean.dupont@example.org"))

    lines = [r.getMessage() for r in caplog.records if r.name == "ants.client"]
    assert len(lines) == 2
    assert lines[0].startswith("ANTS POST /auth/token -> 200 in ")
    assert lines[1].startswith("ANTS GET /demandes -> 200 in ")
    assert "jean.dupont" not in caplog.text


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def refused_connection():
    reason = NewConnectionError(None, "Failed to establish a new connection: [Errno 111] Connection refused")
    return requests.ConnectionError(MaxRetryError(None, DEMANDES, reason))


def test_a_refused_connection_on_create_is_retried_as_nothing_was_sent(signed_in, sleeps):
    signed_in.post(DEMANDES, body=refused_connection())
    signed_in.post(DEMANDES, json=demande_body(), status=201)

    assert edge_client(sleeps).create_demande(demande_input()).numero == "4789"
    assert len(calls_to(signed_in, DEMANDES, "POST")) == 2


def test_every_call_carries_the_connect_and_read_timeouts(signed_in, sleeps, settings):
    settings.ANTS_CONNECT_TIMEOUT, settings.ANTS_READ_TIMEOUT = 3.0, 12.0
    signed_in.get(DEMANDES + "/4789", json=demande_body())

    edge_client(sleeps).get_demande("4789")

    assert [c.request.req_kwargs["timeout"] for c in signed_in.calls] == [(3.0, 12.0), (3.0, 12.0)]


def test_a_refused_connection_to_a_real_closed_port_is_unavailable(sleeps):
    closed = client(EDGE_CREDENTIALS, f"http://127.0.0.1:{free_port()}", sleeps)

    with pytest.raises(AntsUnavailable):
        closed.create_demande(demande_input())

    assert sleeps == [0.01, 0.02]  # three attempts at the token, none reached a server


def test_calls_over_the_accounts_rate_limit_wait_for_a_slot_in_the_minute(signed_in, sleeps):
    signed_in.get(DEMANDES + "/4789", json=demande_body())
    wall = FakeClock(now=7_000_000 + uuid.uuid4().int % 1_000_000 + 0.5)  # a window no other run used
    waits = []

    def wait(seconds):
        waits.append(seconds)
        wall.now += seconds

    limited = edge_client(sleeps, rate_limiter=RateLimiter(2, max_wait=70, clock=wall, sleep=wait))
    limited.get_demande("4789")
    limited.get_demande("4789")

    assert waits == [60.5]  # the token and the first call filled the minute


def test_a_client_without_an_account_is_not_rate_limited(sleeps):
    with responses.RequestsMock() as mock:
        mock.get(EDGE_API + "/referentiel/pays", json={"results": [{"code": "FR", "nom": "FRANCE"}]})
        wall = FakeClock(now=7_100_000 + uuid.uuid4().int % 1_000_000 + 0.5)
        public = client(None, EDGE_BASE, sleeps, rate_limiter=RateLimiter(1, max_wait=0, clock=wall))

        assert [public.list_pays() for _ in range(3)] == [[Pays("FR", "FRANCE")]] * 3


def test_a_password_echoed_in_ants_message_is_redacted(sleeps):
    secret = EDGE_CREDENTIALS.mot_de_passe
    echoed = {
        "code": "INVALID_REQUEST",
        "message": f"mot_de_passe « {secret} » mal formé.",
        "fields": [{"field": "mot_de_passe", "message": f"Reçu : {secret}"}],
        "details": {"recu": secret},
    }
    with responses.RequestsMock() as mock:
        mock.post(TOKEN, json={"error": echoed}, status=400)
        with pytest.raises(InvalidRequest) as raised:
            edge_client(sleeps).authenticate()

    error = raised.value
    assert error.message == "mot_de_passe « •••• » mal formé."
    assert secret not in str(error) + repr(error) + repr(error.fields) + repr(error.args)


def test_a_token_echoed_in_ants_message_is_redacted(signed_in, sleeps):
    refused = {"code": "STATUS_FORBIDS", "message": "Jeton tok-1 : action impossible.", "details": {}}
    signed_in.post(DEMANDES + "/4789/validation", json={"error": refused}, status=409)

    with pytest.raises(StatusForbids) as raised:
        edge_client(sleeps).validate_demande("4789")

    assert raised.value.message == "Jeton •••• : action impossible."


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_after_create_is_an_unknown_outcome_sent_once(signed_in, sleeps, status):
    signed_in.post(DEMANDES, status=status, headers={"Location": EDGE_API + "/demandes/4789"})

    with pytest.raises(UnknownOutcome):
        edge_client(sleeps).create_demande(demande_input())

    assert len(calls_to(signed_in, DEMANDES, "POST")) == 1
    assert not calls_to(signed_in, DEMANDES + "/4789")  # not followed


def rate_limited(signed_in, headers=None, details=None):
    body = {"error": {"code": "RATE_LIMITED", "message": "Trop de requêtes.", "details": details or {}}}
    signed_in.get(DEMANDES + "/4789", json=body, status=429, headers=headers or {})
    signed_in.get(DEMANDES + "/4789", json=demande_body())


def test_a_retry_after_given_as_an_http_date_is_waited_for(signed_in, sleeps):
    when = email.utils.format_datetime(datetime.now(UTC) + timedelta(seconds=120), usegmt=True)
    rate_limited(signed_in, headers={"Retry-After": when})

    with pytest.raises(AntsUnavailable) as raised:
        edge_client(sleeps).get_demande("4789")

    assert 110 <= raised.value.retry_after <= 120  # beyond the 5 s this client waits in place


def test_a_retry_after_date_in_the_past_means_no_wait(signed_in, sleeps):
    rate_limited(signed_in, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})

    edge_client(sleeps).get_demande("4789")

    assert sleeps == [0.0]


def test_a_retry_after_in_the_error_details_only_is_waited_for(signed_in, sleeps):
    rate_limited(signed_in, details={"retry_after": 3})

    edge_client(sleeps).get_demande("4789")

    assert sleeps == [3.0]


@pytest.mark.parametrize(("header", "waited"), [("-5", 0.0), ("nan", 0.01), ("soon", 0.01)])
def test_a_negative_or_unreadable_retry_after_falls_back_on_a_sane_wait(signed_in, sleeps, header, waited):
    rate_limited(signed_in, headers={"Retry-After": header})

    edge_client(sleeps).get_demande("4789")

    assert sleeps == [waited]  # 0.01: the client's own backoff


def test_an_infinite_retry_after_reaches_the_caller_as_a_day(signed_in, sleeps):
    rate_limited(signed_in, headers={"Retry-After": "inf"})

    with pytest.raises(AntsUnavailable) as raised:
        edge_client(sleeps).get_demande("4789")

    assert raised.value.retry_after == 24 * 3600
