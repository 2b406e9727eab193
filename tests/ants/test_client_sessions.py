"""One HTTP session per ANTS account and process."""

import multiprocessing

from ants.client.transport import account_session, forget_sessions


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
