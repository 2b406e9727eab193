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
