import pytest

from tests.ants.sandbox_helpers import LYON, VILLEURBANNE, Api, person


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


def test_demo_data_has_a_transferred_and_a_paper_mandate_demande(ants_sandbox):
    lyon = Api(ants_sandbox, LYON).get("/demandes").json()["results"]
    villeurbanne = Api(ants_sandbox, VILLEURBANNE).get("/demandes").json()["results"]
    demandes = ants_sandbox.state_snapshot()["demandes"]

    assert any(d["transferee"] for d in lyon)
    assert "TRANSFEREE" in {d["statut"] for d in villeurbanne}
    assert any(d["mandat_papier"] and d["statut"] == "VERIFICATION_PIECES" for d in demandes)


def dated(body: dict, statut: str, cree_le: str, modifie_le: str) -> dict:
    return {"demande": body, "statut": statut, "cree_le": cree_le, "modifie_le": modifie_le}


def test_demandes_in_bulk_keep_their_status_and_dates(ants_sandbox, ants_account):
    items = [
        dated(person(), "ACCEPTEE", "2024-03-01T10:00:00+01:00", "2024-04-02T09:30:00+02:00"),
        dated(person(), "BROUILLON", "2024-05-06T08:00:00+02:00", "2024-05-07T08:00:00+02:00"),
    ]
    answer = ants_sandbox.control("demandes/bulk", agrement=ants_account["agrement"], demandes=items)
    numeros = answer["numeros"]

    listed = Api(ants_sandbox, ants_account).get("/demandes").json()["results"]
    assert [(d["numero"], d["statut"], d["cree_le"], d["modifie_le"]) for d in listed] == [
        (numeros[0], "ACCEPTEE", "2024-03-01T10:00:00+01:00", "2024-04-02T09:30:00+02:00"),
        (numeros[1], "BROUILLON", "2024-05-06T08:00:00+02:00", "2024-05-07T08:00:00+02:00"),
    ]


def test_one_refused_demande_in_bulk_leaves_none_and_says_which(ants_sandbox, ants_account):
    items = [dated(person(), "BROUILLON", "2024-03-01T10:00:00+01:00", "2024-03-01T10:00:00+01:00")]
    items += [{"demande": person()}, {"demande": person(prenom="JEAN PAUL")}]

    with pytest.raises(RuntimeError, match=r"DATA_REFUSED.*demandes\[2\]"):
        ants_sandbox.control("demandes/bulk", agrement=ants_account["agrement"], demandes=items)

    assert Api(ants_sandbox, ants_account).get("/demandes").json()["total"] == 0


def test_a_demande_dated_in_the_future_is_refused(ants_sandbox, ants_account):
    item = {"demande": person(), "cree_le": "2999-01-01T00:00:00+01:00"}

    with pytest.raises(RuntimeError, match="cree_le"):
        ants_sandbox.control("demandes/bulk", agrement=ants_account["agrement"], demandes=[item])


def test_requests_are_counted_per_route_until_reset(ants_sandbox, ants_account):
    api = Api(ants_sandbox, ants_account)
    ants_sandbox.control("requests", reset=True)
    api.get("/demandes")
    api.get("/demandes")

    assert ants_sandbox.control("requests", reset=True)["requests"] == {"GET /api/v1/demandes": 2}
    assert ants_sandbox.control("requests")["requests"] == {}
