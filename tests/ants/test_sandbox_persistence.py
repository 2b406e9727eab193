import socket

import pytest
import requests

from ants.sandbox import testing
from ants.sandbox.testing import SandboxProcess
from tests.ants.sandbox_helpers import LYON, Api, person


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    """A sandbox of its own, to restart without disturbing the session's."""
    server = SandboxProcess(tmp_path_factory.mktemp("own-sandbox") / "state.sqlite3")
    yield server
    server.stop()


def test_demandes_and_files_survive_a_restart(own_server):
    api = Api(own_server, LYON)
    numero = api.create(person())["numero"]
    api.upload(numero, "PIECE_IDENTITE", b"\x89PNG\r\n\x1a\n" + b"0" * 100)

    own_server.restart()

    api = Api(own_server, LYON)
    assert api.get(f"/demandes/{numero}").json()["statut"] == "BROUILLON"
    assert api.get(f"/demandes/{numero}/pieces").json()["results"][0]["fichiers"][0]["type"] == "image/png"


def test_first_start_seeds_the_demo_accounts(own_server):
    response = requests.post(f"{own_server.url}/api/v1/auth/token", json=LYON, timeout=10)

    assert response.status_code == 200


def test_reset_recreates_demo_accounts_and_removes_test_accounts(own_server):
    account = own_server.control("accounts")

    own_server.reset()

    state = own_server.state_snapshot()
    assert {a["agrement"] for a in state["accounts"]} == {"E2406900010", "E2406900028"}
    assert account["agrement"] not in {a["agrement"] for a in state["accounts"]}


def test_log_has_one_line_per_request_without_query_or_secrets(own_server):
    requests.post(f"{own_server.url}/api/v1/auth/token", json=LYON, timeout=10)
    requests.get(
        f"{own_server.url}/api/v1/referentiel/communes", params={"q": "secret.person@example.org"}, timeout=10
    )

    log = own_server.log_path.read_text(encoding="utf-8")

    assert "POST /api/v1/auth/token 200" in log
    assert "GET /api/v1/referentiel/communes 200" in log
    assert LYON["mot_de_passe"] not in log
    assert "secret.person" not in log


def test_process_takes_another_port_when_its_free_port_was_taken(tmp_path, monkeypatch):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        ports = iter([taken.getsockname()[1], testing.free_port()])
        monkeypatch.setattr(testing, "free_port", lambda: next(ports))

        server = testing.SandboxProcess(tmp_path / "state.sqlite3")
        try:
            assert server.port != taken.getsockname()[1]
            assert requests.get(f"{server.url}/openapi.json", timeout=10).ok
        finally:
            server.stop()
