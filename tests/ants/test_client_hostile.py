"""The client against a hostile ANTS on a real socket (tests/ants/hostile_ants.py): what `responses`
cannot play because it never reaches the HTTP layer."""

import logging

import pytest

from ants.client import AntsUnavailable
from tests.ants.client_helpers import EDGE_CREDENTIALS, client
from tests.ants.hostile_ants import HostileAnts, answer_json, signs_in


@pytest.fixture
def sleeps():
    return []


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
