import pytest

from tests.ants.sandbox_helpers import LYON, VILLEURBANNE, Api, error_code, pdf, person


@pytest.fixture
def api(ants_sandbox, ants_account):
    return Api(ants_sandbox, ants_account)


def statut(api, numero) -> str:
    return api.get(f"/demandes/{numero}").json()["statut"]


def admin(server, numero, action, motif=""):
    return server.control("administration", numero=numero, action=action, motif=motif)


def test_validation_without_required_pieces_is_missing_pieces_with_codes(api):
    numero = api.create(person(date_naissance="2006-01-01"))["numero"]

    response = api.post(f"/demandes/{numero}/validation")

    assert response.status_code == 422
    assert error_code(response) == "MISSING_PIECES"
    assert set(response.json()["error"]["details"]["pieces"]) == {
        "PIECE_IDENTITE",
        "JUSTIFICATIF_DOMICILE",
        "JDC",
    }


def test_validation_sends_the_demande_to_the_student(api):
    demande = api.validated(person())

    assert demande["statut"] == "EN_ATTENTE_VALIDATION_USAGER"
    assert demande["valide_le"] is not None


def test_paper_mandate_skips_the_student_validation(api):
    body = person()
    body["mandat_papier"] = True

    assert api.validated(body)["statut"] == "VERIFICATION_PIECES"


def test_validating_twice_is_status_forbids(api):
    numero = api.validated(person())["numero"]

    response = api.post(f"/demandes/{numero}/validation")

    assert response.status_code == 409
    assert response.json()["error"]["details"] == {"statut": "EN_ATTENTE_VALIDATION_USAGER"}


def test_student_validates_then_administration_accepts_with_a_neph(api, ants_sandbox):
    numero = api.validated(person())["numero"]
    ants_sandbox.control("student", numero=numero, action="validate")
    seen = [statut(api, numero)]
    for _ in range(3):
        admin(ants_sandbox, numero, "advance")
        seen.append(statut(api, numero))

    demande = api.get(f"/demandes/{numero}").json()
    assert seen == ["VERIFICATION_PIECES", "VERIFICATION_IMAGES", "EN_COURS_TRAITEMENT", "ACCEPTEE"]
    assert len(demande["neph"]) == 12 and demande["neph"].isdigit()
    assert demande["neph"][4:6] == "69"


def test_exam_passed_moves_an_accepted_cerfa_02_to_cerfa_06(api, ants_sandbox):
    body = person()
    body["mandat_papier"] = True
    numero = api.validated(body)["numero"]
    admin(ants_sandbox, numero, "accept")

    admin(ants_sandbox, numero, "exam_passed")

    assert statut(api, numero) == "A_TRAITER_CERFA_06"


def test_student_refusal(api, ants_sandbox):
    numero = api.validated(person())["numero"]

    ants_sandbox.control("student", numero=numero, action="refuse")

    assert statut(api, numero) == "REFUSEE_USAGER"


def test_completion_request_then_pieces_then_validation_again(api, ants_sandbox):
    body = person()
    body["mandat_papier"] = True
    numero = api.validated(body)["numero"]
    admin(ants_sandbox, numero, "complete", motif="Justificatif de domicile illisible")
    demande = api.get(f"/demandes/{numero}").json()
    assert (demande["statut"], demande["motif_statut"]) == (
        "A_COMPLETER",
        "Justificatif de domicile illisible",
    )

    assert api.upload(numero, "JUSTIFICATIF_DOMICILE", pdf(1)).status_code == 201
    response = api.post(f"/demandes/{numero}/validation")

    assert response.json()["statut"] == "VERIFICATION_PIECES"
    assert response.json()["motif_statut"] == ""


def test_rejection_with_a_reason(api, ants_sandbox):
    body = person()
    body["mandat_papier"] = True
    numero = api.validated(body)["numero"]

    admin(ants_sandbox, numero, "reject", motif="Photo non conforme")

    demande = api.get(f"/demandes/{numero}").json()
    assert (demande["statut"], demande["motif_statut"]) == ("REJETEE", "Photo non conforme")


def test_administration_cannot_advance_a_draft(api, ants_sandbox):
    numero = api.create(person())["numero"]

    with pytest.raises(RuntimeError, match="STATUS_FORBIDS"):
        admin(ants_sandbox, numero, "advance")


def test_demande_disappears_seven_days_after_validation_without_activation(api, ants_sandbox):
    numero = api.validated(person())["numero"]
    ants_sandbox.control("clock", days=6, seconds=23 * 3600)
    # The clock moved past the token's hour: sign in again.
    assert Api(ants_sandbox, api.account).get(f"/demandes/{numero}").status_code == 200

    ants_sandbox.control("clock", seconds=3600)

    assert Api(ants_sandbox, api.account).get(f"/demandes/{numero}").status_code == 404


def test_control_expire_lets_the_seven_days_pass_for_one_demande(api, ants_sandbox):
    numero = api.validated(person())["numero"]

    assert ants_sandbox.control("student", numero=numero, action="expire") == {"deleted": True}
    assert api.get(f"/demandes/{numero}").status_code == 404


def test_delete_a_draft(api):
    numero = api.create(person())["numero"]

    assert api.delete(f"/demandes/{numero}").status_code == 204
    assert api.get(f"/demandes/{numero}").status_code == 404


def test_delete_while_waiting_for_the_student(api):
    numero = api.validated(person())["numero"]

    assert api.delete(f"/demandes/{numero}").status_code == 204


def test_delete_after_the_student_validated_is_status_forbids(api, ants_sandbox):
    numero = api.validated(person())["numero"]
    ants_sandbox.control("student", numero=numero, action="validate")

    response = api.delete(f"/demandes/{numero}")

    assert response.status_code == 409
    assert error_code(response) == "STATUS_FORBIDS"


def test_another_accounts_demande_is_forbidden(api, ants_sandbox):
    numero = api.create(person())["numero"]
    other = Api(ants_sandbox, LYON)

    assert other.get(f"/demandes/{numero}").status_code == 403
    assert other.delete(f"/demandes/{numero}").status_code == 403


def test_unknown_demande_is_not_found(api):
    response = api.get("/demandes/123456789")

    assert response.status_code == 404
    assert error_code(response) == "NOT_FOUND"


def test_transfer_moves_the_demande_and_the_old_account_sees_transferee(api, ants_sandbox):
    numero = api.create(person())["numero"]
    receiver = Api(ants_sandbox, VILLEURBANNE)

    response = receiver.post(
        "/demandes/transferts", json={"numero": numero, "agrement_origine": api.agrement}
    )

    assert response.status_code == 200
    assert (response.json()["agrement"], response.json()["transferee"]) == (VILLEURBANNE["agrement"], True)
    assert statut(api, numero) == "TRANSFEREE"
    assert api.get("/demandes", params={"numero": numero}).json()["results"][0]["statut"] == "TRANSFEREE"
    assert api.delete(f"/demandes/{numero}").status_code == 403


def test_the_old_account_filters_a_transferred_demande_by_the_status_it_sees(api, ants_sandbox):
    numero = api.create(person())["numero"]
    Api(ants_sandbox, VILLEURBANNE).post("/demandes/transferts", json={"numero": numero}).raise_for_status()

    transferred = api.get("/demandes", params={"statut": "TRANSFEREE"}).json()["results"]
    drafts = api.get("/demandes", params={"statut": "BROUILLON", "numero": numero}).json()["results"]

    assert ([d["numero"] for d in transferred], drafts) == ([numero], [])


def test_transfer_under_paper_mandate_is_refused(api, ants_sandbox):
    body = person()
    body["mandat_papier"] = True
    numero = api.create(body)["numero"]

    response = Api(ants_sandbox, LYON).post(
        "/demandes/transferts", json={"numero": numero, "agrement_origine": api.agrement}
    )

    assert response.status_code == 409
    assert error_code(response) == "TRANSFER_REFUSED"


def test_transfer_to_the_same_account_is_refused(api):
    numero = api.create(person())["numero"]

    response = api.post("/demandes/transferts", json={"numero": numero, "agrement_origine": api.agrement})

    assert error_code(response) == "TRANSFER_REFUSED"


def test_transfer_with_the_wrong_origin_is_not_found(api, ants_sandbox):
    numero = api.create(person())["numero"]

    response = Api(ants_sandbox, LYON).post(
        "/demandes/transferts", json={"numero": numero, "agrement_origine": VILLEURBANNE["agrement"]}
    )

    assert response.status_code == 404


def test_list_is_paginated_in_creation_order(api):
    created = [api.create(person())["numero"] for _ in range(5)]

    first = api.get("/demandes", params={"par_page": 2}).json()
    last = api.get("/demandes", params={"par_page": 2, "page": 3}).json()

    assert (first["total"], first["pages"], first["page"], first["par_page"]) == (5, 3, 1, 2)
    assert [d["numero"] for d in first["results"]] == created[:2]
    assert [d["numero"] for d in last["results"]] == created[4:]


def test_list_filters_by_status_number_email_and_type(api):
    draft = api.create(person(email="filtre@example.org"))
    api.validated(person())

    assert [d["numero"] for d in api.get("/demandes", params={"statut": "BROUILLON"}).json()["results"]] == [
        draft["numero"]
    ]
    assert api.get("/demandes", params={"numero": draft["numero"]}).json()["total"] == 1
    assert api.get("/demandes", params={"email": "FILTRE@example.org"}).json()["total"] == 1
    assert api.get("/demandes", params={"type": "CERFA_06"}).json()["total"] == 0


def test_list_filters_by_inclusive_day_windows(api, ants_sandbox):
    api.create(person())
    ants_sandbox.control("clock", days=3)
    api = Api(ants_sandbox, api.account)
    new = api.create(person())
    today = new["cree_le"][:10]

    recent = api.get("/demandes", params={"cree_depuis": today, "cree_jusqu_a": today}).json()
    older = api.get("/demandes", params={"modifie_jusqu_a": "2000-01-01"}).json()

    assert [d["numero"] for d in recent["results"]] == [new["numero"]]
    assert older["total"] == 0


def test_list_summary_has_the_documented_fields(api):
    api.create(person())

    summary = api.get("/demandes").json()["results"][0]

    assert set(summary) == {
        "numero",
        "type",
        "motif",
        "statut",
        "statut_libelle",
        "cree_le",
        "modifie_le",
        "transferee",
        "neph",
        "candidat",
    }
    assert set(summary["candidat"]) == {"nom_naissance", "nom_usage", "prenom", "date_naissance", "email"}


def test_par_page_over_100_is_invalid(api):
    assert api.get("/demandes", params={"par_page": 101}).status_code == 400


def test_demo_accounts_have_demo_demandes_in_various_statuses(ants_sandbox):
    lyon = Api(ants_sandbox, LYON).get("/demandes").json()["results"]

    assert {"BROUILLON", "EN_ATTENTE_VALIDATION_USAGER", "A_COMPLETER", "ACCEPTEE"} <= {
        d["statut"] for d in lyon
    }
    assert any(d["neph"] for d in lyon)


def test_transfer_by_number_alone(api, ants_sandbox):
    numero = api.create(person())["numero"]

    response = Api(ants_sandbox, LYON).post("/demandes/transferts", json={"numero": numero})

    assert (response.status_code, response.json()["agrement"]) == (200, LYON["agrement"])
    assert statut(api, numero) == "TRANSFEREE"


def test_reads_leave_modifie_le_and_an_upload_moves_it(api, ants_sandbox):
    numero = api.create(person())["numero"]

    def modifie_le():
        return api.get(f"/demandes/{numero}").json()["modifie_le"]

    created = modifie_le()
    ants_sandbox.control("clock", seconds=60)
    api.get(f"/demandes/{numero}/pieces")
    api.get(f"/demandes/{numero}/documents")
    after_reads = modifie_le()
    api.upload(numero, "PIECE_IDENTITE", pdf(1))

    assert created == after_reads < modifie_le()
