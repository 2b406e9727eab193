"""One token per ANTS account and process, on the HTTP connections of its ANTS host."""

import multiprocessing

import responses

from ants.client import AntsClient, AntsCredentials
from ants.client.ratelimit import RateLimiter
from ants.client.transport import account_session, forget_sessions
from tests.ants.client_helpers import EDGE_API, EDGE_BASE


def test_one_account_gets_one_session_and_two_accounts_two():
    forget_sessions()

    lyon = account_session("http://ants.test", "E2406900010", "ae-lyon")

    assert account_session("http://ants.test", "E2406900010", "ae-lyon") is lyon
    assert account_session("http://ants.test", "E2406900028", "ae-villeurbanne") is not lyon


def test_a_changed_password_gets_another_session_and_so_another_token():
    forget_sessions()

    before = account_session("http://ants.test", "E2406900010", "ae-lyon", "ancien")

    assert account_session("http://ants.test", "E2406900010", "ae-lyon", "nouveau") is not before
    assert account_session("http://ants.test", "E2406900010", "ae-lyon", "ancien") is before


def _same_session_in_child(parent_session, answers):
    answers.put(account_session("http://ants.test", "E2406900010", "ae-lyon") is parent_session)


def test_a_forked_worker_does_not_reuse_its_parents_session():
    forget_sessions()
    parent_session = account_session("http://ants.test", "E2406900010", "ae-lyon")
    fork = multiprocessing.get_context("fork")
    answers = fork.Queue()

    child = fork.Process(target=_same_session_in_child, args=(parent_session, answers))
    child.start()
    child.join(timeout=30)

    assert answers.get(timeout=5) is False


def test_a_session_takes_the_proxy_and_ca_bundle_of_the_environment_once(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.ecole.test:3128")
    monkeypatch.setenv("NO_PROXY", "sandbox.test")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/ecole.pem")
    forget_sessions()

    through_proxy = account_session("https://ants.test", "E2406900010", "ae-lyon").http
    direct = account_session("https://sandbox.test", "E2406900010", "ae-lyon").http

    assert through_proxy.proxies["https"] == "http://proxy.ecole.test:3128"
    assert through_proxy.verify == "/etc/ssl/ecole.pem"
    assert direct.proxies == {}
    assert not through_proxy.trust_env  # not looked up again on every call


def test_the_accounts_of_one_host_share_its_connections_but_not_their_tokens():
    forget_sessions()

    lyon = account_session("http://ants.test", "E2406900010", "ae-lyon")
    villeurbanne = account_session("http://ants.test", "E2406900028", "ae-villeurbanne")
    lyon.token = "jeton-de-lyon"

    assert villeurbanne.http is lyon.http
    assert villeurbanne.token is None
    assert account_session("http://autre-ants.test", "E2406900010", "ae-lyon").http is not lyon.http


def test_a_cookie_ants_sets_for_one_account_never_goes_with_another_s_calls():
    forget_sessions()
    lyon, villeurbanne = (
        AntsClient(
            AntsCredentials(agrement, identifiant, "mdp"),
            base_url=EDGE_BASE,
            rate_limiter=RateLimiter(0, max_wait=0),
        )
        for agrement, identifiant in (("E2406900010", "ae-lyon"), ("E2406900028", "ae-villeurbanne"))
    )
    with responses.RequestsMock() as ants:
        ants.post(
            EDGE_API + "/auth/token",
            json={"token": "tok", "expires_in": 3600, "raison_sociale": "AE"},
            headers={"Set-Cookie": "session=de-lyon; Path=/"},
        )
        lyon.authenticate()
        villeurbanne.authenticate()

        assert "Cookie" not in ants.calls[1].request.headers
