"""The life of a demande from the student file, each action against the sandbox (tasks in-process)."""

from datetime import timedelta

import pytest

from demandes import services
from demandes.construction import demande_depuis_eleve, lien_du_champ, source_du_champ
from demandes.execution import operations_relancer_dues
from demandes.instantane import vers_json
from demandes.models import ChangementStatut, Demande, Operation
from demandes.services import DemandeImpossible
from tests.factories import UserFactory

Etat = Operation.Etat


def derniere(demande_ou_eleve) -> Operation:
    return Operation.objects.filter(**{type(demande_ou_eleve).__name__.lower(): demande_ou_eleve}).latest(
        "pk"
    )


def sur_ants(sandbox, numero) -> dict:
    return next(d for d in sandbox.state_snapshot()["demandes"] if d["numero"] == numero)


# --- Creation ------------------------------------------------------------------------------------


def test_the_operation_keeps_what_was_sent(brouillon):
    envoi = derniere(brouillon.eleve).envoi
    assert envoi["type"] == "CERFA_02"
    assert envoi["candidat"]["email"] == brouillon.eleve.email


def test_a_file_with_problems_is_not_sent_and_says_what_to_fix(executer, eleve, secretaire, ants_sandbox):
    eleve.email = ""
    eleve.save()
    with pytest.raises(DemandeImpossible) as refus:
        executer(services.demande_creer, eleve=eleve, type_demande="CERFA_02", par=secretaire)
    assert any("E-mail" in probleme.champ for probleme in refus.value.problemes)
    assert not Operation.objects.exists()


def test_a_second_click_while_the_first_runs_is_refused(eager, eleve, secretaire, ants_sandbox):
    services.demande_creer(eleve=eleve, type_demande="CERFA_02", par=secretaire)  # not yet run
    with pytest.raises(DemandeImpossible, match="déjà demandé"):
        services.demande_creer(eleve=eleve, type_demande="CERFA_02", par=secretaire)
    assert Operation.objects.count() == 1


def test_a_student_with_an_open_demande_of_that_type_gets_no_second_one(brouillon, executer, secretaire):
    with pytest.raises(DemandeImpossible, match=f"n° {brouillon.numero}"):
        executer(services.demande_creer, eleve=brouillon.eleve, type_demande="CERFA_02", par=secretaire)


def test_a_field_ants_refuses_points_to_the_field_of_the_file(executer, eleve, secretaire, ants_sandbox):
    # Well formed, so the checks before sending let it go; only ANTS knows it was never issued.
    eleve.dossier.code_ephoto_02 = "ZZ12CD34EF56GH78IJ90KL"  # the sandbox issued no ZZ… code
    eleve.dossier.save()
    operation = executer(services.demande_creer, eleve=eleve, type_demande="CERFA_02", par=secretaire)
    operation.refresh_from_db()
    assert operation.etat == Etat.REFUSEE
    assert operation.champs[0]["libelle"] == "Code ePhoto"
    assert operation.champs[0]["url"].endswith(f"/eleves/{eleve.pk}/dossier/#id_code_ephoto_02")


def test_a_field_of_the_student_file_links_to_its_input_on_the_form(eleve):
    lien = lien_du_champ(eleve, source_du_champ("candidat.adresse.numero"))
    assert lien.endswith(f"/eleves/{eleve.pk}/modifier/#id_numero_voie")


def test_wrong_credentials_say_to_ask_the_manager(executer, eleve, secretaire, ants_sandbox):
    eleve.agence.set_mot_de_passe_ants("pas-le-bon")
    eleve.agence.save()
    operation = executer(services.demande_creer, eleve=eleve, type_demande="CERFA_02", par=secretaire)
    operation.refresh_from_db()
    assert operation.etat == Etat.REFUSEE
    assert "Demandez à votre responsable" in operation.message
    assert "pas-le-bon" not in operation.message


def test_an_email_used_by_someone_else_is_explained(executer, eleve, secretaire, ants_sandbox):
    ants_sandbox.control(
        "usagers", email=eleve.email, nom_naissance="AUTRE", prenom="PERSONNE", date_naissance="1990-01-01"
    )
    operation = executer(services.demande_creer, eleve=eleve, type_demande="CERFA_02", par=secretaire)
    operation.refresh_from_db()
    assert operation.etat == Etat.REFUSEE
    assert "sa propre adresse personnelle" in operation.message


def test_a_demande_already_on_ants_is_offered_to_be_linked_then_linked(
    executer, eleve, secretaire, ants_sandbox, ants_account
):
    body = vers_json(demande_depuis_eleve(eleve, type_demande="CERFA_02"))
    existante = ants_sandbox.control("demandes", agrement=ants_account["agrement"], demande=body)
    operation = executer(services.demande_creer, eleve=eleve, type_demande="CERFA_02", par=secretaire)
    operation.refresh_from_db()
    assert operation.etat == Etat.REFUSEE
    assert operation.resultat["numero_existant"] == existante["numero"]

    executer(services.demande_relier, eleve=eleve, numero=existante["numero"], par=secretaire)
    assert Demande.objects.get(numero=existante["numero"]).eleve == eleve


def test_ants_unavailable_waits_and_tries_again_later(
    executer, eleve, secretaire, ants_sandbox, time_machine
):
    ants_sandbox.control("faults/errors", next=10, status=503, method="POST", path="/api/v1/demandes")
    operation = executer(services.demande_creer, eleve=eleve, type_demande="CERFA_02", par=secretaire)
    operation.refresh_from_db()
    assert operation.etat == Etat.EN_ATTENTE
    assert "nouvel essai automatique" in operation.message

    ants_sandbox.control("faults/clear")
    time_machine.move_to(operation.prochain_essai + timedelta(seconds=1))
    executer(operations_relancer_dues)
    operation.refresh_from_db()
    assert operation.etat == Etat.FAITE
    assert Demande.objects.filter(eleve=eleve).count() == 1


def test_a_lost_answer_is_looked_up_not_resent(executer, eleve, secretaire, ants_sandbox, settings):
    settings.ANTS_READ_TIMEOUT = 1
    ants_sandbox.control("faults/timeout", method="POST", path="/api/v1/demandes", delay_s=3)
    operation = executer(services.demande_creer, eleve=eleve, type_demande="CERFA_02", par=secretaire)
    operation.refresh_from_db()
    assert operation.etat == Etat.FAITE, operation.message
    assert len([d for d in ants_sandbox.state_snapshot()["demandes"] if d["email"] == eleve.email]) == 1
    assert ants_sandbox.state_snapshot()["requests"]["POST /api/v1/demandes"] == 1


# --- Pieces, ePhoto, validation ---------------------------------------------------------------


def test_a_piece_is_sent_with_its_comment(executer, brouillon, document, secretaire, ants_sandbox):
    executer(
        services.demande_ajouter_fichier,
        demande=brouillon,
        code="PIECE_IDENTITE",
        document=document(),
        commentaire="Recto verso",
        par=secretaire,
    )
    brouillon.refresh_from_db()
    piece = next(p for p in brouillon.pieces if p["code"] == "PIECE_IDENTITE")
    assert [(f["pages"], f["commentaire"]) for f in piece["fichiers"]] == [(1, "Recto verso")]


def test_a_piece_over_its_page_limit_is_refused_before_sending(brouillon, document, secretaire):
    with pytest.raises(DemandeImpossible, match="accepte 2 page"):
        services.demande_ajouter_fichier(
            demande=brouillon, code="PIECE_IDENTITE", document=document(pages=3), par=secretaire
        )


def test_a_comment_over_80_characters_is_refused(brouillon, document, secretaire):
    with pytest.raises(DemandeImpossible, match="80 au plus"):
        services.demande_ajouter_fichier(
            demande=brouillon,
            code="PIECE_IDENTITE",
            document=document(),
            commentaire="x" * 81,
            par=secretaire,
        )


def test_a_file_sent_is_deleted_on_ants(executer, pieces_requises, secretaire):
    piece = next(p for p in pieces_requises.pieces if p["fichiers"])
    executer(
        services.demande_supprimer_fichier,
        demande=pieces_requises,
        code=piece["code"],
        fichier_id=piece["fichiers"][0]["id"],
        par=secretaire,
    )
    pieces_requises.refresh_from_db()
    assert not next(p for p in pieces_requises.pieces if p["code"] == piece["code"])["fichiers"]


def test_validation_waits_for_the_required_pieces(brouillon, secretaire):
    with pytest.raises(DemandeImpossible, match="Pièces obligatoires manquantes"):
        services.demande_valider(demande=brouillon, par=secretaire)


def test_validated_demande_waits_for_the_student(executer, pieces_requises, secretaire, ants_sandbox):
    operation = executer(services.demande_valider, demande=pieces_requises, par=secretaire)
    operation.refresh_from_db()
    pieces_requises.refresh_from_db()
    assert operation.etat == Etat.FAITE
    assert pieces_requises.statut == "EN_ATTENTE_VALIDATION_USAGER"
    assert "7 jours" in operation.message


def test_validation_needs_the_right(pieces_requises, agence):
    sans_droit = UserFactory(agences=[agence])
    with pytest.raises(DemandeImpossible, match="Valider une demande"):
        services.demande_valider(demande=pieces_requises, par=sans_droit)


def test_an_ephoto_code_is_set_then_removed(executer, brouillon, secretaire, ants_sandbox):
    code = ants_sandbox.control("ephoto")["code"]
    executer(services.demande_definir_ephoto, demande=brouillon, code=code, par=secretaire)
    brouillon.refresh_from_db()
    assert brouillon.ephoto_presente
    assert sur_ants(ants_sandbox, brouillon.numero)["code_ephoto"].upper() == code.upper()

    executer(services.demande_supprimer_ephoto, demande=brouillon, par=secretaire)
    brouillon.refresh_from_db()
    assert not brouillon.ephoto_presente


def test_an_unknown_ephoto_code_says_it_can_take_72_hours(executer, brouillon, secretaire):
    operation = executer(
        services.demande_definir_ephoto, demande=brouillon, code="ZZ" + "A" * 20, par=secretaire
    )
    operation.refresh_from_db()
    assert operation.etat == Etat.REFUSEE
    assert "72 heures" in operation.message


def test_removing_the_ephoto_code_needs_the_right(executer, brouillon, secretaire, ants_sandbox, agence):
    executer(
        services.demande_definir_ephoto,
        demande=brouillon,
        code=ants_sandbox.control("ephoto")["code"],
        par=secretaire,
    )
    brouillon.refresh_from_db()
    with pytest.raises(DemandeImpossible, match="Supprimer le code ePhoto"):
        services.demande_supprimer_ephoto(demande=brouillon, par=UserFactory(agences=[agence]))


# --- Status, deletion, documents --------------------------------------------------------------


def test_the_students_validation_is_seen_after_mettre_a_jour(
    executer, pieces_requises, secretaire, ants_sandbox
):
    executer(services.demande_valider, demande=pieces_requises, par=secretaire)
    ants_sandbox.control("student", numero=pieces_requises.numero, action="validate")
    executer(services.demande_actualiser, demande=pieces_requises, par=secretaire)
    pieces_requises.refresh_from_db()
    assert pieces_requises.statut == "VERIFICATION_PIECES"
    assert list(
        ChangementStatut.objects.filter(demande=pieces_requises)
        .order_by("pk")
        .values_list("nouveau", flat=True)
    ) == [
        "BROUILLON",
        "EN_ATTENTE_VALIDATION_USAGER",
        "VERIFICATION_PIECES",
    ]


def test_a_demande_expired_on_ants_is_marked_gone(executer, pieces_requises, secretaire, ants_sandbox):
    executer(services.demande_valider, demande=pieces_requises, par=secretaire)
    ants_sandbox.control("student", numero=pieces_requises.numero, action="expire")
    operation = executer(services.demande_actualiser, demande=pieces_requises, par=secretaire)
    operation.refresh_from_db()
    pieces_requises.refresh_from_db()
    assert pieces_requises.statut == "SUPPRIMEE"
    assert "7 jours" in operation.message


def test_a_draft_is_deleted_on_ants(executer, brouillon, secretaire, ants_sandbox):
    executer(services.demande_supprimer, demande=brouillon, par=secretaire)
    brouillon.refresh_from_db()
    assert brouillon.statut == "SUPPRIMEE"
    assert brouillon.numero not in [d["numero"] for d in ants_sandbox.state_snapshot()["demandes"]]


def test_deleting_needs_the_right(brouillon, agence):
    with pytest.raises(DemandeImpossible, match="Supprimer une demande"):
        services.demande_supprimer(demande=brouillon, par=UserFactory(agences=[agence]))


def test_a_demande_in_processing_cannot_be_deleted(executer, pieces_requises, secretaire, ants_sandbox):
    executer(services.demande_valider, demande=pieces_requises, par=secretaire)
    ants_sandbox.control("student", numero=pieces_requises.numero, action="validate")
    executer(services.demande_actualiser, demande=pieces_requises, par=secretaire)
    pieces_requises.refresh_from_db()
    with pytest.raises(DemandeImpossible, match="brouillon ou en attente de validation"):
        services.demande_supprimer(demande=pieces_requises, par=secretaire)


def test_an_ants_document_is_fetched_into_the_students_documents(executer, pieces_requises, secretaire):
    executer(services.demande_valider, demande=pieces_requises, par=secretaire)
    pieces_requises.refresh_from_db()
    justificatif = next(d for d in pieces_requises.documents if d["code"] == "JUSTIFICATIF_DEMANDE")
    operation = executer(
        services.demande_telecharger,
        demande=pieces_requises,
        quoi="document",
        code="JUSTIFICATIF_DEMANDE",
        libelle=justificatif["libelle"],
        par=secretaire,
    )
    operation.refresh_from_db()
    document = pieces_requises.eleve.documents.get(pk=operation.resultat["document"])
    assert document.fichier.open("rb").read(5) == b"%PDF-"
    assert (document.nature, document.demande_numero) == ("DOCUMENT_ANTS", pieces_requises.numero)


# --- Transfer and link ---------------------------------------------------------------------


def test_a_demande_of_another_school_is_transferred_and_linked(executer, eleve, secretaire, ants_sandbox):
    autre = ants_sandbox.control("accounts")
    body = vers_json(demande_depuis_eleve(eleve, type_demande="CERFA_02"))
    ailleurs = ants_sandbox.control("demandes", agrement=autre["agrement"], demande=body)
    operation = executer(services.demande_transferer, eleve=eleve, numero=ailleurs["numero"], par=secretaire)
    operation.refresh_from_db()
    assert operation.etat == Etat.FAITE, operation.message
    demande = Demande.objects.get(numero=ailleurs["numero"])
    assert (demande.eleve, demande.transferee) == (eleve, True)


def test_linking_can_take_the_students_data_from_ants(
    executer, eleve, secretaire, ants_sandbox, ants_account
):
    from demandes.construction import demande_depuis_eleve
    from demandes.instantane import vers_json

    body = vers_json(demande_depuis_eleve(eleve, type_demande="CERFA_02"))
    body["candidat"]["telephone_mobile"] = "0611223344"
    sur_site = ants_sandbox.control("demandes", agrement=ants_account["agrement"], demande=body)
    executer(services.demande_relier, eleve=eleve, numero=sur_site["numero"], ecraser=True, par=secretaire)
    eleve.refresh_from_db()
    assert eleve.telephone_mobile == "0611223344"
