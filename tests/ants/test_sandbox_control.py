import pytest

from tests.ants.sandbox_helpers import LYON, Api, person


def test_demande_made_on_the_ants_site_in_a_status(ants_sandbox):
    demande = ants_sandbox.control("demandes", agrement=LYON["agrement"], demande=person(), statut="ACCEPTEE")

    seen = Api(ants_sandbox, LYON).get(f"/demandes/{demande['numero']}").json()
    assert (seen["statut"], len(seen["neph"])) == ("ACCEPTEE", 12)


def test_demande_made_on_the_ants_site_follows_the_data_rules(ants_sandbox):
    with pytest.raises(RuntimeError, match="DATA_REFUSED"):
        ants_sandbox.control("demandes", agrement=LYON["agrement"], demande=person(prenom="JEAN PAUL"))


def test_reset_without_demo_demandes_leaves_demo_accounts_empty(ants_sandbox):
    ants_sandbox.control("reset", demo_demandes=False)

    assert Api(ants_sandbox, LYON).get("/demandes").json()["total"] == 0


def test_fresh_accounts_get_distinct_agrements(ants_sandbox):
    first, second = ants_sandbox.control("accounts"), ants_sandbox.control("accounts")

    assert first["agrement"] != second["agrement"]
    assert first["agrement"].startswith("E24069") and len(first["agrement"]) == 11


def test_numbers_are_not_reused_after_a_reset(ants_sandbox, ants_account):
    numero = Api(ants_sandbox, ants_account).create(person())["numero"]
    ants_sandbox.reset()
    account = ants_sandbox.control("accounts")

    assert Api(ants_sandbox, account).create(person())["numero"] != numero


def test_fresh_ephoto_codes_are_valid_and_distinct(ants_sandbox):
    codes = {ants_sandbox.control("ephoto")["code"] for _ in range(5)}

    assert len(codes) == 5
    assert all(len(code) == 22 and code.isalnum() for code in codes)


def test_unknown_control_action_is_an_error(ants_sandbox):
    with pytest.raises(RuntimeError, match="NOT_FOUND"):
        ants_sandbox.control("nothing")


def test_clock_moves_forward_only(ants_sandbox):
    before = ants_sandbox.control("clock", seconds=0)["now"]
    after = ants_sandbox.control("clock", days=1)["now"]

    assert after > before
    with pytest.raises(RuntimeError, match="INVALID_REQUEST"):
        ants_sandbox.control("clock", seconds=-10)
