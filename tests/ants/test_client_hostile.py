"""The client against a hostile ANTS on a real socket (tests/ants/hostile_ants.py): what `responses`
cannot play because it never reaches the HTTP layer."""

import logging
import time
import tracemalloc

import pytest

from ants.client import AntsError, AntsUnavailable, UnknownOutcome
from ants.client.transport import MAX_JSON_BYTES
from tests.ants.client_helpers import EDGE_CREDENTIALS, client, demande_input
from tests.ants.hostile_ants import (
    HostileAnts,
    answer_json,
    gzip_bomb,
    head,
    signs_in,
    stall,
    trickle_body,
    trickle_headers,
)


def hostile(request, script) -> HostileAnts:
    server = HostileAnts(script)
    request.addfinalizer(server.close)
    return server


def exception_chain(error: BaseException) -> str:
    shown = []
    while error is not None:
        shown += [str(error), repr(error), repr(error.args)]
        error = error.__cause__ or error.__context__
    return " ".join(shown)


def test_a_token_the_http_layer_cannot_send_is_refused_without_showing_it(request, sleeps, caplog):
    def script(method, path, out):
        if not signs_in(method, path, out, token="tok\u2019-secret-42"):
            answer_json(out, {"results": []})

    server = hostile(request, script)
    caplog.set_level(logging.DEBUG)

    with pytest.raises(AntsUnavailable) as raised:
        client(EDGE_CREDENTIALS, server.url, sleeps).list_documents("4789")

    assert "secret-42" not in exception_chain(raised.value) + caplog.text
    assert [path for _, path in server.requests] == ["/api/v1/auth/token"] * 3


@pytest.fixture
def one_second(settings):
    settings.ANTS_CALL_DEADLINE = 1.0  # the read timeout stays at 30 s: only the deadline can cut
    settings.ANTS_READ_TIMEOUT = 30.0


def serving(request, behaviour) -> HostileAnts:
    """A hostile ANTS that signs in normally and answers every other call with `behaviour(out)`."""

    def script(method, path, out):
        if not signs_in(method, path, out):
            behaviour(out)

    return hostile(request, script)


def timed(call) -> tuple[BaseException, float]:
    started = time.monotonic()
    with pytest.raises(AntsError) as raised:
        call()
    return raised.value, time.monotonic() - started


@pytest.mark.parametrize("behaviour", [trickle_body, trickle_headers, stall])
def test_a_read_ends_by_the_calls_deadline_however_ants_dawdles(request, sleeps, one_second, behaviour):
    server = serving(request, behaviour)
    ants = client(EDGE_CREDENTIALS, server.url, sleeps)
    ants.authenticate()

    error, elapsed = timed(lambda: ants.get_demande("4789"))

    assert type(error) is AntsUnavailable
    assert elapsed < 1.5
    assert error.message == "L'ANTS n'a pas répondu dans le délai imparti. Réessayez plus tard."


@pytest.mark.parametrize("behaviour", [trickle_body, trickle_headers])
def test_a_create_answered_by_a_trickle_ends_by_the_deadline_as_an_unknown_outcome(
    request, sleeps, one_second, behaviour
):
    server = serving(request, behaviour)
    ants = client(EDGE_CREDENTIALS, server.url, sleeps)
    ants.authenticate()

    error, elapsed = timed(lambda: ants.create_demande(demande_input()))

    assert type(error) is UnknownOutcome
    assert elapsed < 1.5
    assert server.requests.count(("POST", "/api/v1/demandes")) == 1


def answer_bytes(content: bytes, **headers):
    def behaviour(out):
        head(out, Content_Length=len(content), **headers)
        out.write(content)

    return behaviour


def peak_memory_of(call) -> tuple[BaseException, int]:
    tracemalloc.start()
    try:
        with pytest.raises(AntsError) as raised:
            call()
        return raised.value, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_gzip_bomb_is_cut_at_the_size_cap_without_filling_memory(request, sleeps):
    bomb = gzip_bomb(256 * 1024 * 1024)  # 256 MB once inflated, a quarter of a megabyte on the wire
    server = serving(request, answer_bytes(bomb, Content_Encoding="gzip"))
    ants = client(EDGE_CREDENTIALS, server.url, sleeps, attempts=1)
    ants.authenticate()

    error, peak = peak_memory_of(lambda: ants.get_demande("4789"))

    assert error.message == "L'ANTS a renvoyé une réponse anormalement volumineuse."
    assert peak < 3 * MAX_JSON_BYTES


def test_a_json_answer_over_the_size_cap_is_not_read_whole(request, sleeps):
    server = serving(request, answer_bytes(b'{"results": [' + b" " * (50 * 1024 * 1024)))
    ants = client(EDGE_CREDENTIALS, server.url, sleeps, attempts=1)
    ants.authenticate()

    error, peak = peak_memory_of(lambda: ants.list_documents("4789"))

    assert error.message == "L'ANTS a renvoyé une réponse anormalement volumineuse."
    assert peak < 3 * MAX_JSON_BYTES


def test_a_create_whose_answer_is_too_large_is_an_unknown_outcome(request, sleeps):
    server = serving(request, answer_bytes(b" " * (3 * 1024 * 1024)))
    ants = client(EDGE_CREDENTIALS, server.url, sleeps)

    with pytest.raises(UnknownOutcome):
        ants.create_demande(demande_input())
