import requests

from tests.ants.sandbox_helpers import LYON, Api, error_code, fields, person


def communes(server, **params) -> list[dict]:
    response = requests.get(f"{server.url}/api/v1/referentiel/communes", params=params, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["results"]


def test_saint_priest_found_with_its_postal_code(ants_sandbox):
    found = communes(ants_sandbox, q="SAINT-PR", code_postal="69800")

    assert found == [
        {"nom": "SAINT-PRIEST", "code_insee": "69290", "codes_postaux": ["69800"], "departement": "69"}
    ]


def test_st_priest_matches_nothing(ants_sandbox):
    assert communes(ants_sandbox, q="ST PRIEST") == []


def test_lyon_arrondissement_is_a_commune_with_its_postal_code(ants_sandbox):
    found = communes(ants_sandbox, q="LYON 1ER")

    assert {
        "nom": "LYON 1ER ARRONDISSEMENT",
        "code_insee": "69381",
        "codes_postaux": ["69001"],
        "departement": "69",
    } in found


def test_paris_and_marseille_arrondissements_are_there(ants_sandbox):
    names = {c["nom"] for c in communes(ants_sandbox, q="PARIS 1", limit=50)}
    names |= {c["nom"] for c in communes(ants_sandbox, q="MARSEILLE 1", limit=50)}

    assert {"PARIS 1ER ARRONDISSEMENT", "MARSEILLE 13E ARRONDISSEMENT"} <= names


def test_search_ignores_accents_and_case(ants_sandbox):
    assert communes(ants_sandbox, q="évian", limit=5)[0]["nom"] == "EVIAN-LES-BAINS"


def test_corsica_and_overseas_communes(ants_sandbox):
    assert communes(ants_sandbox, q="AJACCIO")[0]["departement"] == "2A"
    assert communes(ants_sandbox, q="BASTIA")[0]["departement"] == "2B"
    assert communes(ants_sandbox, q="LES-ABYMES")[0]["departement"] == "971"


def test_limit_caps_results(ants_sandbox):
    assert len(communes(ants_sandbox, q="SAINT", limit=50)) == 50


def test_query_of_one_character_is_refused(ants_sandbox):
    response = requests.get(f"{ants_sandbox.url}/api/v1/referentiel/communes", params={"q": "S"}, timeout=10)

    assert error_code(response) == "INVALID_REQUEST"


def test_departements_are_the_101_with_corsica_and_overseas(ants_sandbox):
    results = requests.get(f"{ants_sandbox.url}/api/v1/referentiel/departements", timeout=10).json()[
        "results"
    ]
    by_code = {d["code"]: d["nom"] for d in results}

    assert len(results) == 101
    assert by_code["69"] == "RHONE"
    assert by_code["2A"] == "CORSE-DU-SUD"
    assert by_code["2B"] == "HAUTE-CORSE"
    assert {"971", "972", "973", "974", "976"} <= set(by_code)
    assert "99" not in by_code


def test_countries_in_french_ants_form(ants_sandbox):
    results = requests.get(f"{ants_sandbox.url}/api/v1/referentiel/pays", timeout=10).json()["results"]
    by_code = {c["code"]: c["nom"] for c in results}

    assert by_code["FR"] == "FRANCE"
    assert by_code["DE"] == "ALLEMAGNE"
    assert by_code["GB"] == "ROYAUME-UNI"


def test_prefecture_of_a_postal_code(ants_sandbox):
    api = Api(ants_sandbox, LYON)

    assert api.get("/prefectures", params={"code_postal": "69800"}).json()["results"] == [
        {"code": "RHONE", "nom": "Préfecture du Rhône"}
    ]
    assert (
        api.get("/prefectures", params={"code_postal": "20000"}).json()["results"][0]["code"]
        == "CORSE-DU-SUD"
    )


def test_malformed_postal_code_for_prefectures_is_data_refused(ants_sandbox):
    response = Api(ants_sandbox, LYON).get("/prefectures", params={"code_postal": "6980"})

    assert response.status_code == 422
    assert "code_postal" in fields(response)


def create_with_birthplace(server, **naissance):
    body = person()
    body["candidat"]["naissance"] = naissance
    return Api(server, LYON).post("/demandes", json=body)


def test_birthplace_st_priest_is_refused_naming_the_field(ants_sandbox):
    response = create_with_birthplace(ants_sandbox, commune="ST PRIEST", departement="69", pays="FRANCE")

    assert error_code(response) == "DATA_REFUSED"
    assert fields(response) == {"candidat.naissance.commune": "Ville incorrecte : ST PRIEST"}


def test_birthplace_with_spaces_instead_of_hyphens_is_refused(ants_sandbox):
    response = create_with_birthplace(ants_sandbox, commune="SAINT PRIEST", departement="69", pays="FRANCE")

    assert "candidat.naissance.commune" in fields(response)


def test_birthplace_lyon_1_is_refused(ants_sandbox):
    response = create_with_birthplace(ants_sandbox, commune="LYON 1", departement="69", pays="FRANCE")

    assert fields(response) == {"candidat.naissance.commune": "Ville incorrecte : LYON 1"}


def test_birthplace_with_accents_is_refused(ants_sandbox):
    response = create_with_birthplace(
        ants_sandbox, commune="ÉVIAN-LES-BAINS", departement="74", pays="FRANCE"
    )

    assert "candidat.naissance.commune" in fields(response)


def test_birthplace_in_another_department_than_declared_is_refused(ants_sandbox):
    response = create_with_birthplace(ants_sandbox, commune="SAINT-PRIEST", departement="75", pays="FRANCE")

    assert "candidat.naissance.commune" in fields(response)


def test_overseas_and_corsican_birthplaces_are_accepted(ants_sandbox):
    assert create_with_birthplace(ants_sandbox, commune="LES-ABYMES", departement="971", pays="FRANCE").ok
    assert create_with_birthplace(ants_sandbox, commune="AJACCIO", departement="2A", pays="FRANCE").ok


def test_foreign_birthplace_without_department_is_accepted(ants_sandbox):
    response = create_with_birthplace(ants_sandbox, commune="BERLIN", departement="", pays="ALLEMAGNE")

    assert response.status_code == 201, response.text


def test_foreign_birthplace_with_department_99_is_refused(ants_sandbox):
    response = create_with_birthplace(ants_sandbox, commune="BERLIN", departement="99", pays="ALLEMAGNE")

    assert list(fields(response)) == ["candidat.naissance.departement"]


def test_unknown_country_is_refused(ants_sandbox):
    response = create_with_birthplace(ants_sandbox, commune="BERLIN", departement="", pays="GERMANY")

    assert fields(response) == {"candidat.naissance.pays": "Pays incorrect : GERMANY"}


def test_empty_country_is_refused(ants_sandbox):
    response = create_with_birthplace(ants_sandbox, commune="BERLIN", departement="", pays="")

    assert fields(response) == {"candidat.naissance.pays": "Le pays est vide."}


def test_address_commune_must_match_its_postal_code(ants_sandbox):
    body = person()
    body["candidat"]["adresse"]["code_postal"] = "69001"

    response = Api(ants_sandbox, LYON).post("/demandes", json=body)

    assert fields(response) == {"candidat.adresse.commune": "Ville incorrecte : SAINT-PRIEST (69001)"}
