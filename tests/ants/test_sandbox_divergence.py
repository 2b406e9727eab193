from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.ants.sandbox_helpers import LYON, Api, error_code, fields, person

VILLEURBANNE = {
    "agrement": "E2406900028",
    "identifiant": "ae-villeurbanne",
    "mot_de_passe": "sandbox-villeurbanne",
}


@pytest.fixture
def api(ants_sandbox):
    return Api(ants_sandbox, LYON)


def test_sibling_with_the_same_email_is_email_already_used(api):
    api.create(person(nom_naissance="MARTIN", prenom="LEA", email="famille.martin@example.org"))

    response = api.post(
        "/demandes", json=person(nom_naissance="MARTIN", prenom="TOM", email="famille.martin@example.org")
    )

    assert response.status_code == 409
    assert error_code(response) == "EMAIL_ALREADY_USED"
    assert list(fields(response)) == ["candidat.email"]


def test_email_of_another_persons_ants_account_is_email_already_used(api, ants_sandbox):
    ants_sandbox.control(
        "usagers",
        email="parent@example.org",
        nom_naissance="MARTIN",
        prenom="PAUL",
        date_naissance="1975-01-01",
    )

    response = api.post(
        "/demandes", json=person(nom_naissance="MARTIN", prenom="TOM", email="parent@example.org")
    )

    assert error_code(response) == "EMAIL_ALREADY_USED"


def test_same_person_with_an_open_demande_on_another_account_is_demande_already_exists(api, ants_sandbox):
    existing = Api(ants_sandbox, VILLEURBANNE).create(
        person(nom_naissance="BLANC", prenom="LOU", email="lou@example.org")
    )

    response = api.post(
        "/demandes", json=person(nom_naissance="BLANC", prenom="LOU", email="lou.blanc@example.org")
    )

    assert response.status_code == 409
    assert error_code(response) == "DEMANDE_ALREADY_EXISTS"
    assert response.json()["error"]["details"] == {"numero": existing["numero"]}


def test_a_closed_demande_does_not_block_a_new_one(api, ants_sandbox):
    numero = api.validated(person(nom_naissance="NOIR", prenom="ELSA", email="elsa@example.org"))["numero"]
    ants_sandbox.control("student", numero=numero, action="refuse")

    response = api.post(
        "/demandes", json=person(nom_naissance="NOIR", prenom="ELSA", email="elsa@example.org")
    )

    assert response.status_code == 201


def test_a_cerfa_06_is_allowed_while_a_cerfa_02_exists(api):
    api.create(person(nom_naissance="VERT", prenom="ZOE", email="zoe@example.org"))
    body = person(nom_naissance="VERT", prenom="ZOE", email="zoe@example.org", neph="240669100001")
    body.update(type="CERFA_06", motif="REUSSITE_EXAMEN")

    assert api.post("/demandes", json=body).status_code == 201


def test_existing_ants_account_with_empty_birth_date_is_data_divergence(api, ants_sandbox):
    ants_sandbox.control(
        "usagers", email="self.made@example.org", nom_naissance="ROUGE", prenom="ADAM", date_naissance=""
    )

    response = api.post(
        "/demandes", json=person(nom_naissance="ROUGE", prenom="ADAM", email="self.made@example.org")
    )

    assert response.status_code == 409
    assert error_code(response) == "DATA_DIVERGENCE"
    assert list(fields(response)) == ["candidat.date_naissance"]
    assert "Date de naissance" in response.json()["error"]["message"]


def test_existing_ants_account_with_another_birth_name_is_data_divergence(api, ants_sandbox):
    ants_sandbox.control(
        "usagers", email="typo@example.org", nom_naissance="ROUJE", prenom="ADAM", date_naissance="2000-03-14"
    )

    response = api.post(
        "/demandes", json=person(nom_naissance="ROUGE", prenom="ADAM", email="typo@example.org")
    )

    assert list(fields(response)) == ["candidat.nom_naissance"]


def test_existing_ants_account_with_the_same_identity_is_fine(api, ants_sandbox):
    ants_sandbox.control(
        "usagers", email="ok@example.org", nom_naissance="ROUGE", prenom="ADAM", date_naissance="2000-03-14"
    )

    response = api.post(
        "/demandes", json=person(nom_naissance="Rouge", prenom="Adam", email="OK@example.org")
    )

    assert response.status_code == 201


def test_student_validation_creates_the_ants_account_used_for_later_checks(api, ants_sandbox):
    numero = api.validated(person(nom_naissance="GRIS", prenom="NOE", email="noe@example.org"))["numero"]
    ants_sandbox.control("student", numero=numero, action="validate")

    accounts = ants_sandbox.state_snapshot()["usagers"]

    assert {
        "email": "noe@example.org",
        "nom_naissance": "GRIS",
        "prenom": "NOE",
        "date_naissance": "2000-03-14",
    } in accounts


def test_concurrent_creations_for_one_person_make_one_demande(api):
    body = person(nom_naissance="SIMULTANE", prenom="ALEX", email="alex@example.org")
    with ThreadPoolExecutor(8) as pool:
        codes = sorted(pool.map(lambda _: api.post("/demandes", json=body).status_code, range(8)))

    assert codes == [201] + [409] * 7
    assert api.get("/demandes", params={"email": "alex@example.org"}).json()["total"] == 1
