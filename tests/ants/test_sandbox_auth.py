import re

import requests

from tests.ants.sandbox_helpers import LYON, Api, error_code


def test_demo_account_signs_in_with_raison_sociale(ants_sandbox):
    response = requests.post(f"{ants_sandbox.url}/api/v1/auth/token", json=LYON, timeout=10)

    assert response.status_code == 200
    assert response.json()["expires_in"] == 3600
    assert response.json()["raison_sociale"] == "Auto-école du Rhône — Lyon"


def test_wrong_password_is_authentication_failed(ants_sandbox):
    response = requests.post(
        f"{ants_sandbox.url}/api/v1/auth/token", json={**LYON, "mot_de_passe": "x"}, timeout=10
    )

    assert response.status_code == 401
    assert error_code(response) == "AUTHENTICATION_FAILED"


def test_unknown_agrement_is_authentication_failed(ants_sandbox):
    response = requests.post(
        f"{ants_sandbox.url}/api/v1/auth/token", json={**LYON, "agrement": "E9999999999"}, timeout=10
    )

    assert error_code(response) == "AUTHENTICATION_FAILED"


def test_call_without_token_is_token_invalid(ants_sandbox):
    response = requests.get(f"{ants_sandbox.url}/api/v1/demandes", timeout=10)

    assert response.status_code == 401
    assert error_code(response) == "TOKEN_INVALID"


def test_token_expires_with_the_sandbox_clock(ants_sandbox):
    api = Api(ants_sandbox, LYON)
    ants_sandbox.control("clock", seconds=3601)

    response = api.get("/demandes")

    assert response.status_code == 401
    assert error_code(response) == "TOKEN_EXPIRED"


def test_fresh_account_from_control_signs_in(ants_account, ants_sandbox):
    api = Api(ants_sandbox, ants_account)

    assert api.get("/demandes").json()["total"] == 0


def test_only_the_token_and_the_referential_answer_without_a_token(ants_sandbox):
    document = requests.get(f"{ants_sandbox.url}/openapi.json", timeout=10).json()
    public, answers = set(), {}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            url = f"{ants_sandbox.url}/api/v1" + re.sub(r"\{[a-z_]+\}", "PIECE_IDENTITE", path)
            answers[method.upper(), path] = requests.request(method, url, timeout=10).status_code
            if operation.get("security") == []:
                public.add((method.upper(), path))

    referentiel = {key for key in answers if key[1].startswith("/referentiel/")}
    assert public == {("POST", "/auth/token")} | referentiel  # as docs/ants-api.md "Conventions" says
    assert {key for key, status in answers.items() if status == 401} == set(answers) - public
