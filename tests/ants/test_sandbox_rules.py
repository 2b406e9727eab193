from datetime import date

import pytest

from tests.ants.sandbox_helpers import LYON, REPRESENTANT, Api, error_code, fields, person


@pytest.fixture
def api(ants_sandbox):
    return Api(ants_sandbox, LYON)


def years_ago(years: int) -> str:
    today = date.today()
    return today.replace(year=today.year - years).isoformat()


def test_valid_demande_is_created_as_a_draft(api):
    demande = api.create(person())

    assert demande["statut"] == "BROUILLON"
    assert demande["statut_libelle"] == "Brouillon"
    assert demande["agrement"] == LYON["agrement"]
    assert demande["ephoto"] == {"present": False}
    assert demande["candidat"]["naissance"]["commune"] == "LYON 1ER ARRONDISSEMENT"


def test_demande_numbers_are_strings_short_and_long(api):
    numbers = [api.create(person())["numero"] for _ in range(2)]

    assert all(isinstance(numero, str) and numero.isdigit() for numero in numbers)
    assert sorted(len(numero) for numero in numbers)[-1] == 23
    assert sorted(len(numero) for numero in numbers)[0] <= 6


def test_malformed_json_is_invalid_request(api):
    response = api.post("/demandes", data=b"{not json", headers={"Content-Type": "application/json"})

    assert response.status_code == 400
    assert error_code(response) == "INVALID_REQUEST"


def test_missing_field_is_invalid_request_naming_it(api):
    body = person()
    del body["candidat"]["email"]

    response = api.post("/demandes", json=body)

    assert response.status_code == 400
    assert "candidat.email" in fields(response)


def test_mistyped_field_is_invalid_request(api):
    body = person()
    body["mandat_papier"] = "oui"

    assert error_code(api.post("/demandes", json=body)) == "INVALID_REQUEST"


def refused(api, body) -> dict:
    response = api.post("/demandes", json=body)
    assert response.status_code == 422, response.text
    assert error_code(response) == "DATA_REFUSED"
    return fields(response)


def test_first_name_with_a_space_is_refused(api):
    assert list(refused(api, person(prenom="JEAN PAUL"))) == ["candidat.prenom"]


def test_first_name_with_a_comma_is_refused(api):
    assert list(refused(api, person(prenom="JEAN,PAUL"))) == ["candidat.prenom"]


def test_hyphenated_first_name_is_accepted(api):
    assert api.post("/demandes", json=person(prenom="JEAN-PIERRE")).status_code == 201


def test_other_first_names_separated_by_commas_are_refused(api):
    assert list(refused(api, person(autres_prenoms="PAUL, MARIE"))) == ["candidat.autres_prenoms"]


def test_name_with_digits_is_refused(api):
    assert list(refused(api, person(nom_naissance="DUPONT2"))) == ["candidat.nom_naissance"]


def test_street_name_with_a_dot_is_refused(api):
    body = person()
    body["candidat"]["adresse"]["nom_voie"] = "AV. JEAN JAURES"

    assert list(refused(api, body)) == ["candidat.adresse.nom_voie"]


def test_complement_with_special_characters_is_refused(api):
    body = person()
    body["candidat"]["adresse"]["complement"] = "BAT A / ESC 2"

    assert list(refused(api, body)) == ["candidat.adresse.complement"]


def test_complement_with_letters_digits_hyphen_apostrophe_is_accepted(api):
    body = person()
    body["candidat"]["adresse"]["complement"] = "RESIDENCE L'ORANGERIE BAT-A 2"

    assert api.post("/demandes", json=body).status_code == 201


def test_impossible_birth_date_is_refused(api):
    assert list(refused(api, person(date_naissance="2001-02-30"))) == ["candidat.date_naissance"]


def test_birth_date_in_the_future_is_refused(api):
    assert "candidat.date_naissance" in refused(api, person(date_naissance="2999-01-01"))


def test_candidate_under_14_is_refused(api):
    assert "candidat.date_naissance" in refused(api, person(date_naissance=years_ago(13)))


def test_minor_without_legal_representative_is_refused(api):
    assert list(refused(api, person(date_naissance=years_ago(16)))) == ["representant_legal"]


def test_minor_with_legal_representative_is_accepted(api):
    body = person(date_naissance=years_ago(16))
    body["representant_legal"] = REPRESENTANT

    assert api.post("/demandes", json=body).status_code == 201


def test_legal_representative_under_18_is_refused(api):
    body = person(date_naissance=years_ago(16))
    body["representant_legal"] = {**REPRESENTANT, "date_naissance": years_ago(17)}

    assert list(refused(api, body)) == ["representant_legal.date_naissance"]


def test_legal_representative_street_name_with_dot_is_refused(api):
    body = person(date_naissance=years_ago(16))
    body["representant_legal"] = {**REPRESENTANT, "adresse": {**REPRESENTANT["adresse"], "nom_voie": "BD. X"}}

    assert list(refused(api, body)) == ["representant_legal.adresse.nom_voie"]


def test_missing_prefecture_is_refused(api):
    body = person()
    del body["prefecture"]

    assert list(refused(api, body)) == ["prefecture"]


def test_unknown_prefecture_is_refused(api):
    body = person()
    body["prefecture"] = "LYON"

    assert list(refused(api, body)) == ["prefecture"]


def test_cerfa_06_needs_a_12_digit_neph(api):
    body = person(neph="12345")
    body.update(type="CERFA_06", motif="REUSSITE_EXAMEN")

    assert list(refused(api, body)) == ["candidat.neph"]


def test_motif_must_fit_the_type(api):
    body = person()
    body["motif"] = "REUSSITE_EXAMEN"

    assert list(refused(api, body)) == ["motif"]


def test_last_licence_abroad_with_a_department_is_refused(api):
    body = person()
    body["dossier"]["categories_obtenues"] = ["B"]
    body["dossier"]["derniere_categorie"] = {
        "categorie": "B",
        "date": "2019-05-01",
        "lieu": "MADRID",
        "pays": "ESPAGNE",
        "departement": "99",
        "prefecture": "",
        "mode": "ECHANGE",
    }

    assert list(refused(api, body)) == ["dossier.derniere_categorie.departement"]


def test_every_refused_field_is_named_at_once(api):
    body = person(prenom="JEAN PAUL", date_naissance="2001-13-01")
    body["candidat"]["naissance"]["commune"] = "LYON 1"

    assert set(refused(api, body)) == {
        "candidat.prenom",
        "candidat.date_naissance",
        "candidat.naissance.commune",
    }


def test_refused_demande_is_not_created(api):
    refused(api, person(prenom="JEAN PAUL", email="refused@example.org"))

    listed = api.get("/demandes", params={"email": "refused@example.org"}).json()

    assert listed["total"] == 0


def test_title_for_b_before_17_is_refused(api):
    body = person(date_naissance=years_ago(16), neph="240669100001")
    body.update(type="CERFA_06", motif="REUSSITE_EXAMEN")
    body["representant_legal"] = REPRESENTANT

    assert list(refused(api, body)) == ["candidat.date_naissance"]


def test_title_for_b_at_17_is_accepted(api):
    body = person(date_naissance=years_ago(17), neph="240669100001")
    body.update(type="CERFA_06", motif="REUSSITE_EXAMEN")
    body["representant_legal"] = REPRESENTANT

    assert api.post("/demandes", json=body).status_code == 201
