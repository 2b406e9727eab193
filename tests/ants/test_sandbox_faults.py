import time

import pytest
import requests

from tests.ants.sandbox_helpers import LYON, Api, error_code, pdf, person


@pytest.fixture
def api(ants_sandbox, ants_account):
    return Api(ants_sandbox, ants_account)


def statuses(api, count: int) -> list[int]:
    return [api.get("/demandes").status_code for _ in range(count)]


def test_next_errors_fail_without_applying_the_request(api, ants_sandbox):
    ants_sandbox.control("faults/errors", next=1, method="POST", path="/api/v1/demandes")

    failed = api.post("/demandes", json=person(email="once@example.org"))

    assert failed.status_code == 500
    assert error_code(failed) == "INTERNAL_ERROR"
    assert api.get("/demandes").json()["total"] == 0
    assert api.post("/demandes", json=person(email="once@example.org")).status_code == 201


def test_error_share_is_deterministic_for_a_seed(api, ants_sandbox):
    ants_sandbox.control("faults/errors", ratio=0.5, seed=7)
    first = statuses(api, 20)
    ants_sandbox.control("faults/errors", ratio=0.5, seed=7)

    assert statuses(api, 20) == first
    assert 0 < first.count(500) < 20
    assert set(first) == {200, 500}


def test_unavailable_fault_answers_503(api, ants_sandbox):
    ants_sandbox.control("faults/errors", next=1, status=503)

    response = api.get("/demandes")

    assert (response.status_code, error_code(response)) == (503, "UNAVAILABLE")


def test_rate_limited_fault_answers_429_with_retry_after(api, ants_sandbox):
    ants_sandbox.control("faults/errors", next=1, status=429)

    response = api.get("/demandes")

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "2"
    assert response.json()["error"]["details"] == {"retry_after": 2}


def test_latency_delays_every_api_request(api, ants_sandbox):
    ants_sandbox.control("faults/latency", ms=300)
    started = time.monotonic()

    api.get("/demandes")

    assert time.monotonic() - started >= 0.3


def test_timeout_after_apply_creates_the_demande_but_the_answer_never_arrives(api, ants_sandbox):
    ants_sandbox.control("faults/timeout", method="POST", path="/api/v1/demandes", delay_s=3)

    with pytest.raises(requests.ReadTimeout):
        requests.post(
            f"{api.base}/demandes", json=person(email="lost@example.org"), headers=api.headers, timeout=0.5
        )

    listed = api.get("/demandes", params={"email": "lost@example.org"}).json()
    assert listed["total"] == 1


def test_dropped_connection_after_apply_leaves_the_demande_created(api, ants_sandbox):
    numero = api.create(person())["numero"]
    api.upload_required(numero)
    ants_sandbox.control("faults/timeout", method="POST", path="/api/v1/demandes/*/validation", drop=True)

    with pytest.raises(requests.ConnectionError):
        api.post(f"/demandes/{numero}/validation")

    assert api.get(f"/demandes/{numero}").json()["statut"] == "EN_ATTENTE_VALIDATION_USAGER"


def test_timeout_fault_is_used_once(api, ants_sandbox):
    ants_sandbox.control("faults/timeout", method="POST", path="/api/v1/demandes", drop=True)
    with pytest.raises(requests.ConnectionError):
        api.post("/demandes", json=person())

    assert api.post("/demandes", json=person()).status_code == 201


def test_vanishing_demandes_leave_the_list_empty_but_get_works(api, ants_sandbox):
    numero = api.create(person())["numero"]
    ants_sandbox.control("faults/vanish", agrement=api.agrement, mode="empty")

    listed = api.get("/demandes").json()

    assert (listed["results"], listed["total"]) == ([], 0)
    assert api.get(f"/demandes/{numero}").status_code == 200
    assert Api(ants_sandbox, LYON).get("/demandes").json()["total"] > 0


def test_partly_vanished_list_then_everything_comes_back(api, ants_sandbox):
    created = [api.create(person())["numero"] for _ in range(4)]
    ants_sandbox.control("faults/vanish", agrement=api.agrement, mode="partial")
    listed = api.get("/demandes").json()
    assert (listed["total"], [d["numero"] for d in listed["results"]]) == (2, created[::2])

    ants_sandbox.control("faults/vanish", agrement=api.agrement, mode="")

    assert api.get("/demandes").json()["total"] == 4


def test_stuck_status_ignores_the_administration(api, ants_sandbox):
    body = person()
    body["mandat_papier"] = True
    numero = api.validated(body)["numero"]
    ants_sandbox.control("faults/stuck", numero=numero, stuck=True)

    answer = ants_sandbox.control("administration", numero=numero, action="advance")

    assert (answer["statut"], answer["bloquee"]) == ("VERIFICATION_PIECES", True)
    assert api.get(f"/demandes/{numero}").json()["statut"] == "VERIFICATION_PIECES"


def test_stuck_demande_waiting_for_the_student_does_not_expire(api, ants_sandbox):
    numero = api.validated(person())["numero"]
    ants_sandbox.control("faults/stuck", numero=numero)
    ants_sandbox.control("clock", days=8)

    assert Api(ants_sandbox, api.account).get(f"/demandes/{numero}").status_code == 200


def test_clear_ends_every_fault(api, ants_sandbox):
    ants_sandbox.control("faults/errors", next=5)
    ants_sandbox.control("faults/vanish", agrement=api.agrement)

    ants_sandbox.control("faults/clear")

    assert api.get("/demandes").status_code == 200
    assert ants_sandbox.state_snapshot()["faults"] == {}


def test_faults_do_not_touch_the_control_api_or_the_schema(ants_sandbox):
    ants_sandbox.control("faults/errors", next=5)

    assert requests.get(f"{ants_sandbox.url}/openapi.json", timeout=10).status_code == 200
    assert ants_sandbox.state_snapshot()["faults"]["errors"]["next"] == 5


def test_state_counts_api_requests_per_route(api, ants_sandbox):
    api.get("/demandes")
    api.get("/demandes")

    assert ants_sandbox.state_snapshot()["requests"]["GET /api/v1/demandes"] == 2


def calls_until_refused(api, limit: int = 50) -> list:
    responses = []
    while len(responses) < limit and (not responses or responses[-1].status_code != 429):
        responses.append(api.get("/demandes"))
    return responses


def test_rate_limit_refuses_requests_over_the_limit_per_second(api, ants_sandbox):
    ants_sandbox.control("faults/rate_limit", per_second=3)

    responses = calls_until_refused(api)

    assert [r.status_code for r in responses[:3]] == [200, 200, 200]
    assert responses[-1].status_code == 429
    assert responses[-1].headers["Retry-After"] == "1"
    assert error_code(responses[-1]) == "RATE_LIMITED"


def test_rate_limit_counts_each_account_apart(api, ants_sandbox):
    ants_sandbox.control("faults/rate_limit", per_second=2)
    assert calls_until_refused(api)[-1].status_code == 429

    assert Api(ants_sandbox, LYON).get("/demandes").status_code == 200


def test_html_fault_answers_a_page_with_its_status_without_applying_the_request(api, ants_sandbox):
    ants_sandbox.control("faults/html", next=1, status=401, method="POST", path="/api/v1/demandes")

    page = api.post("/demandes", json=person())

    assert (page.status_code, page.headers["Content-Type"]) == (401, "text/html; charset=utf-8")
    assert page.text.startswith("<!DOCTYPE html>")
    assert api.get("/demandes").json()["total"] == 0
    assert api.post("/demandes", json=person()).status_code == 201


def test_late_fault_answers_nothing_and_applies_the_request_once_the_clock_has_passed(api, ants_sandbox):
    ants_sandbox.control("faults/late", method="POST", path="/api/v1/demandes", delay_s=60)

    with pytest.raises(requests.ConnectionError):
        api.post("/demandes", json=person(email="tard@example.org"))
    before = api.get("/demandes").json()["total"]
    ants_sandbox.control("clock", seconds=61)

    assert before == 0
    assert api.get("/demandes", params={"email": "tard@example.org"}).json()["total"] == 1
    assert ants_sandbox.state_snapshot()["late_requests"] == 0


def test_late_fault_holds_an_upload_whole(api, ants_sandbox):
    numero = api.create(person())["numero"]
    ants_sandbox.control("faults/late", path=f"/api/v1/demandes/{numero}/pieces/*", delay_s=10)

    with pytest.raises(requests.ConnectionError):
        api.upload(numero, "PIECE_IDENTITE", pdf(1), name="cni.pdf")
    ants_sandbox.control("clock", seconds=11)

    pieces = {p["code"]: p for p in api.get(f"/demandes/{numero}/pieces").json()["results"]}
    assert [f["nom"] for f in pieces["PIECE_IDENTITE"]["fichiers"]] == ["cni.pdf"]


def test_a_held_request_survives_clear_but_not_reset(api, ants_sandbox):
    ants_sandbox.control("faults/late", delay_s=5)
    with pytest.raises(requests.ConnectionError):
        api.post("/demandes", json=person())

    ants_sandbox.control("faults/clear")

    assert ants_sandbox.state_snapshot()["late_requests"] == 1
    ants_sandbox.reset()
    assert ants_sandbox.state_snapshot()["late_requests"] == 0
