"""The sandbox's HTTP server keeps connections alive, as a real ANTS does, without one request's
leftovers reaching the next."""

import http.client
import json
from urllib.parse import urlsplit

import pytest


@pytest.fixture
def connection(ants_sandbox):
    address = urlsplit(ants_sandbox.url)
    kept = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    yield kept
    kept.close()


def exchange(connection, method: str, path: str, **request) -> tuple[http.client.HTTPResponse, bytes]:
    connection.request(method, path, **request)
    response = connection.getresponse()
    return response, response.read()


def test_a_connection_serves_one_request_after_another(connection):
    first, _ = exchange(connection, "GET", "/openapi.json")
    socket_used = connection.sock

    second, body = exchange(connection, "GET", "/openapi.json")

    assert first.getheader("Connection") is None
    assert connection.sock is socket_used
    assert json.loads(body)["openapi"]


def test_a_body_the_sandbox_did_not_read_does_not_reach_the_next_request(connection):
    refused, _ = exchange(connection, "POST", "/api/v1/nulle-part", body=b'{"x": "' + b"y" * 50_000 + b'"}')

    after, body = exchange(connection, "GET", "/openapi.json")

    assert refused.status == 404
    assert after.status == 200
    assert json.loads(body)["openapi"]


def test_a_client_that_asks_to_close_gets_its_connection_closed(connection):
    response, _ = exchange(connection, "GET", "/openapi.json", headers={"Connection": "close"})

    assert response.getheader("Connection") == "close"
    assert connection.sock is None  # http.client closed it, as the answer said


def test_a_body_sent_in_chunks_is_refused_with_what_to_send_instead(connection):
    connection.putrequest("POST", "/api/v1/auth/token")
    connection.putheader("Transfer-Encoding", "chunked")
    connection.putheader("Content-Type", "application/json")
    connection.endheaders()
    connection.send(b"2\r\n{}\r\n0\r\n\r\n")
    response = connection.getresponse()

    assert response.status == 411
    assert response.getheader("Connection") == "close"


def test_a_head_request_gets_the_length_without_the_body(connection):
    response, body = exchange(connection, "HEAD", "/openapi.json")

    assert int(response.getheader("Content-Length")) > 0
    assert body == b""


def test_a_length_that_is_not_a_number_is_refused(connection):
    connection.putrequest("POST", "/api/v1/auth/token")
    connection.putheader("Content-Length", "beaucoup")
    connection.endheaders()
    response = connection.getresponse()

    assert response.status == 400
    assert response.getheader("Connection") == "close"
