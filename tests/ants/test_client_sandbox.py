"""Every client operation and every error, against the live sandbox over real HTTP."""

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date, timedelta

import pytest

from agences.models import Agence
from agences.services import client_for_agence
from ants.client import (
    AntsClient,
    AntsCredentials,
    AntsUnavailable,
    AuthenticationRefused,
    BelongsToAnotherAccount,
    DataDiffers,
    DataRefused,
    Declarations,
    DemandeAlreadyExists,
    DerniereCategorie,
    Dossier,
    EmailAlreadyUsed,
    EphotoAlreadyUsed,
    EphotoRefused,
    Formation,
    InvalidRequest,
    MissingPieces,
    ModeObtention,
    Motif,
    NotFound,
    PieceRefused,
    RepresentantLegal,
    StatusForbids,
    Statut,
    TransferRefused,
    TypeDemande,
    UnknownOutcome,
)
from tests.ants.client_helpers import client, demande_input, fault, pdf, unique_email

LYON = AntsCredentials("E2406900010", "ae-lyon", "sandbox-lyon")
VILLEURBANNE = AntsCredentials("E2406900028", "ae-villeurbanne", "sandbox-villeurbanne")


@pytest.fixture
def lyon(ants_sandbox, sleeps):
    return client(LYON, ants_sandbox.url, sleeps)


@pytest.fixture
def public(ants_sandbox, sleeps):
    return client(None, ants_sandbox.url, sleeps)


@pytest.fixture
def ephoto_code(ants_sandbox):
    """A code as a photo booth hands out: valid, never used."""
    return ants_sandbox.control("ephoto")["code"]


def upload_required_pieces(ants, numero):
    for piece in ants.list_pieces(numero):
        if piece.requise:
            ants.upload_piece(
                numero,
                piece.code,
                filename=f"{piece.code}.pdf",
                content=pdf(),
                content_type="application/pdf",
            )


def upload_identite(ants, brouillon, **overrides):
    """Upload to the draft's PIECE_IDENTITE a one-page PDF, unless `overrides` say otherwise."""
    upload = {"filename": "cni.pdf", "content": pdf(), "content_type": "application/pdf", **overrides}
    return ants.upload_piece(brouillon.numero, "PIECE_IDENTITE", **upload)


# Referential and account


def test_search_communes_by_prefix_and_postal_code(public):
    communes = public.search_communes("SAINT-PR", code_postal="69800")

    assert [(c.nom, c.code_insee, c.codes_postaux, c.departement) for c in communes] == [
        ("SAINT-PRIEST", "69290", ("69800",), "69")
    ]


def test_search_communes_within_a_department(public):
    communes = public.search_communes("VILLEU", departement="69", limit=50)

    assert [(c.nom, c.departement) for c in communes] == [("VILLEURBANNE", "69")]


def test_municipal_arrondissements_are_communes(public):
    communes = public.search_communes("LYON 1", limit=5)

    assert ("LYON 1ER ARRONDISSEMENT", "69381") in [(c.nom, c.code_insee) for c in communes]


def test_list_departements_has_corsica_and_overseas(public):
    codes = {d.code: d.nom for d in public.list_departements()}

    assert codes["69"] == "RHONE"
    assert {"2A", "2B", "971", "976"} <= set(codes)


def test_list_pays(public):
    assert ("FR", "FRANCE") in [(p.code, p.nom) for p in public.list_pays()]


def test_authenticate_with_the_right_credentials(ants):
    ants.authenticate()


def test_authenticate_with_a_wrong_password_is_refused(ants_sandbox, sleeps):
    wrong = client(AntsCredentials("E2406900010", "ae-lyon", "not-the-password"), ants_sandbox.url, sleeps)

    with pytest.raises(AuthenticationRefused) as raised:
        wrong.authenticate()

    assert "not-the-password" not in str(raised.value) + repr(raised.value)


def test_a_password_changed_to_a_wrong_one_is_refused_though_the_old_one_had_a_token(
    ants_sandbox, ants_account, ants, sleeps
):
    ants.authenticate()
    wrong = AntsCredentials(ants_account["agrement"], ants_account["identifiant"], "pas-le-bon")
    changed = AntsClient(wrong, base_url=ants_sandbox.url, retry=ants.transport.retry, sleep=sleeps.append)

    with pytest.raises(AuthenticationRefused):
        changed.list_prefectures(code_postal="69800")


def test_the_http_librarys_debug_log_holds_no_query_values(ants, caplog):
    caplog.set_level(logging.DEBUG)

    list(ants.list_demandes(email="jeanne.secrete@example.org"))

    urllib3_lines = [r.getMessage() for r in caplog.records if r.name == "urllib3.connectionpool"]
    assert any("/api/v1/demandes?…" in line for line in urllib3_lines)
    assert "jeanne.secrete" not in caplog.text


def test_list_prefectures_for_a_postal_code(ants):
    prefectures = ants.list_prefectures(code_postal="69800")

    assert "RHONE" in [p.code for p in prefectures]


def test_a_malformed_postal_code_is_data_refused(ants):
    with pytest.raises(DataRefused):
        ants.list_prefectures(code_postal="69-8")


# Demandes


def test_create_demande_returns_the_draft_as_ants_holds_it(ants):
    sent = demande_input()

    demande = ants.create_demande(sent)

    assert demande.statut is Statut.BROUILLON
    assert demande.type == TypeDemande.CERFA_02
    assert demande.candidat == sent.candidat
    assert demande.dossier == sent.dossier
    assert (demande.prefecture, demande.mandat_papier, demande.motif) == ("RHONE", False, sent.motif)
    assert demande.ephoto_present is False


def test_create_demande_for_a_minor_with_the_legal_representative(ants):
    sent = demande_input()
    minor = replace(sent.candidat, date_naissance=date(date.today().year - 16, 5, 1))
    representant = RepresentantLegal(
        sexe="F",
        nom="DUPONT",
        prenom="MARIE",
        date_naissance=date(1980, 2, 29),
        adresse=sent.candidat.adresse,
        telephone="0698765432",
        email=unique_email(),
    )

    demande = ants.create_demande(replace(sent, candidat=minor, representant_legal=representant))

    assert demande.representant_legal == representant
    assert "PIECE_IDENTITE_REPRESENTANT" in [p.code for p in ants.list_pieces(demande.numero) if p.requise]


def test_create_an_extension_with_the_last_category_held(ants):
    dossier = Dossier(
        categories_demandees=("A",),
        categories_obtenues=("B",),
        derniere_categorie=DerniereCategorie(
            categorie="B",
            date=date(2015, 6, 1),
            lieu="SAINT-PRIEST",
            pays="FRANCE",
            departement="69",
            prefecture="RHONE",
            mode=ModeObtention.EXAMEN,
        ),
        declarations=Declarations(correction_vision=True),
        formation=Formation.TRADITIONNELLE,
    )

    demande = ants.create_demande(demande_input(motif=Motif.EXTENSION, dossier=dossier))

    assert demande.dossier == dossier
    assert "PERMIS_CONDUIRE" in [p.code for p in ants.list_pieces(demande.numero) if p.requise]


def test_create_a_title_demande_after_the_exam(ants):
    sent = demande_input(type=TypeDemande.CERFA_06, motif=Motif.REUSSITE_EXAMEN)
    sent = replace(sent, candidat=replace(sent.candidat, neph="170392100012"))

    demande = ants.create_demande(sent)

    assert (demande.type, demande.motif, demande.candidat.neph) == (
        TypeDemande.CERFA_06,
        Motif.REUSSITE_EXAMEN,
        "170392100012",
    )
    assert "CEPC" in [p.code for p in ants.list_pieces(demande.numero) if p.requise]


def test_a_title_demande_without_neph_is_data_refused(ants):
    with pytest.raises(DataRefused) as raised:
        ants.create_demande(demande_input(type=TypeDemande.CERFA_06, motif=Motif.REUSSITE_EXAMEN))

    assert [f.field for f in raised.value.fields] == ["candidat.neph"]


def test_create_demande_with_an_ephoto_code(ants, ephoto_code):
    demande = ants.create_demande(demande_input(code_ephoto=ephoto_code))

    assert demande.ephoto_present is True


def test_get_demande(ants, brouillon):
    assert ants.get_demande(brouillon.numero) == brouillon


def test_get_an_unknown_demande_is_not_found(ants):
    with pytest.raises(NotFound):
        ants.get_demande("999999999")


def test_get_a_demande_of_another_account(ants, lyon):
    other = lyon.create_demande(demande_input())

    with pytest.raises(BelongsToAnotherAccount):
        ants.get_demande(other.numero)


def test_a_commune_not_in_ants_form_is_data_refused_with_the_field(ants):
    sent = demande_input()
    candidat = replace(sent.candidat, naissance=replace(sent.candidat.naissance, commune="LYON 1"))

    with pytest.raises(DataRefused) as raised:
        ants.create_demande(demande_input(candidat=candidat))

    assert "candidat.naissance.commune" in [f.field for f in raised.value.fields]


def test_a_value_outside_the_wire_enumeration_is_an_invalid_request(ants):
    sent = demande_input()

    with pytest.raises(InvalidRequest) as raised:
        ants.create_demande(replace(sent, candidat=replace(sent.candidat, sexe="X")))

    assert "candidat.sexe" in [f.field for f in raised.value.fields]


def test_an_email_of_another_person_is_email_already_used(ants):
    email = unique_email()
    ants.create_demande(demande_input(email=email))

    with pytest.raises(EmailAlreadyUsed):
        ants.create_demande(demande_input(email=email))


def test_a_second_open_demande_for_the_same_person_names_the_first(ants, brouillon):
    same_person = demande_input(
        email=brouillon.candidat.email, nom_naissance=brouillon.candidat.nom_naissance
    )

    with pytest.raises(DemandeAlreadyExists) as raised:
        ants.create_demande(same_person)

    assert raised.value.numero == brouillon.numero


def test_list_demandes_follows_pages_one_call_each(ants, caplog):
    created = [ants.create_demande(demande_input()).numero for _ in range(3)]
    ants.page_size = 2
    caplog.set_level(logging.INFO, logger="ants.client")

    listed = [d.numero for d in ants.list_demandes(cree_depuis=date.today() - timedelta(days=1))]

    assert listed == created
    assert sum("GET /demandes ->" in r.getMessage() for r in caplog.records) == 2


def test_list_demandes_tells_each_page_as_it_is_read(ants):
    created = [ants.create_demande(demande_input()).numero for _ in range(3)]
    ants.page_size = 2
    heard = []

    ants.list_demandes(
        on_page=lambda results, total, last: heard.append(([d.numero for d in results], total, last))
    )

    assert heard == [(created[:2], 3, False), (created[2:], 3, True)]


def test_list_demandes_filters_by_email_and_number(ants, brouillon):
    ants.create_demande(demande_input())

    by_email = list(ants.list_demandes(email=brouillon.candidat.email))
    by_numero = list(ants.list_demandes(numero=brouillon.numero))

    assert [d.numero for d in by_email] == [d.numero for d in by_numero] == [brouillon.numero]
    assert by_email[0].candidat.email == brouillon.candidat.email


def test_list_demandes_filters_by_statut_and_type(ants, brouillon):
    assert [d.numero for d in ants.list_demandes(statut=Statut.BROUILLON)] == [brouillon.numero]
    assert list(ants.list_demandes(statut=Statut.ACCEPTEE)) == []
    assert [d.numero for d in ants.list_demandes(type=TypeDemande.CERFA_02)] == [brouillon.numero]
    assert list(ants.list_demandes(type=TypeDemande.CERFA_06)) == []


def test_validate_without_the_required_pieces_names_them(ants, brouillon):
    with pytest.raises(MissingPieces) as raised:
        ants.validate_demande(brouillon.numero)

    assert {"PIECE_IDENTITE", "JUSTIFICATIF_DOMICILE"} <= set(raised.value.pieces)


def test_validate_with_the_pieces_waits_for_the_student(ants, brouillon):
    upload_required_pieces(ants, brouillon.numero)

    demande = ants.validate_demande(brouillon.numero)

    assert demande.statut is Statut.EN_ATTENTE_VALIDATION_USAGER


def test_validate_twice_is_status_forbids(ants, brouillon):
    upload_required_pieces(ants, brouillon.numero)
    ants.validate_demande(brouillon.numero)

    with pytest.raises(StatusForbids) as raised:
        ants.validate_demande(brouillon.numero)

    assert raised.value.statut == Statut.EN_ATTENTE_VALIDATION_USAGER


def test_delete_a_draft(ants, brouillon):
    ants.delete_demande(brouillon.numero)

    with pytest.raises(NotFound):
        ants.get_demande(brouillon.numero)


def test_delete_after_the_students_validation_is_status_forbids(ants):
    demande = ants.create_demande(demande_input(mandat_papier=True))
    upload_required_pieces(ants, demande.numero)
    ants.validate_demande(demande.numero)  # paper mandate: straight to verification

    with pytest.raises(StatusForbids):
        ants.delete_demande(demande.numero)


def test_transfer_a_demande_from_another_account(ants, lyon):
    other = lyon.create_demande(demande_input())

    moved = ants.transfer_demande(other.numero, agrement_origine=LYON.agrement)

    assert moved.transferee is True
    assert lyon.get_demande(other.numero).statut is Statut.TRANSFEREE


def test_transfer_by_number_alone(ants, lyon):
    other = lyon.create_demande(demande_input())

    assert ants.transfer_demande(other.numero).transferee is True


def test_transfer_under_paper_mandate_is_refused(ants, lyon):
    other = lyon.create_demande(demande_input(mandat_papier=True))

    with pytest.raises(TransferRefused):
        ants.transfer_demande(other.numero, agrement_origine=LYON.agrement)


# ePhoto


def test_set_get_and_delete_the_ephoto(ants, brouillon, ephoto_code):
    assert ants.set_ephoto(brouillon.numero, ephoto_code).ephoto_present is True

    ephoto = ants.get_ephoto(brouillon.numero)
    ants.delete_ephoto(brouillon.numero)

    assert ephoto.photo[:2] == b"\xff\xd8"  # JPEG
    assert ephoto.signature[:4] == b"\x89PNG"
    assert ants.get_demande(brouillon.numero).ephoto_present is False


@pytest.mark.parametrize("code", ["TROP-COURT", "ZZ" + "A" * 20])  # malformed; well-formed but unknown
def test_an_invalid_ephoto_code_is_refused(ants, brouillon, code):
    with pytest.raises(EphotoRefused) as raised:
        ants.set_ephoto(brouillon.numero, code)

    assert type(raised.value) is EphotoRefused


def test_an_ephoto_code_serves_once(ants, brouillon, ephoto_code):
    ants.set_ephoto(brouillon.numero, ephoto_code)
    other = ants.create_demande(demande_input())

    with pytest.raises(EphotoAlreadyUsed):
        ants.set_ephoto(other.numero, ephoto_code)


def test_get_ephoto_without_a_code_is_not_found(ants, brouillon):
    with pytest.raises(NotFound):
        ants.get_ephoto(brouillon.numero)


# Pieces


def test_list_pieces_says_which_are_required(ants, brouillon):
    pieces = {p.code: p for p in ants.list_pieces(brouillon.numero)}

    assert pieces["PIECE_IDENTITE"].requise is True
    assert pieces["PIECE_IDENTITE"].pages_max == 2
    assert pieces["PIECE_IDENTITE"].fichiers == ()


def test_upload_download_and_delete_a_piece_file(ants, brouillon):
    content = pdf()

    fichier = upload_identite(ants, brouillon, content=content, commentaire="Recto verso")
    downloaded = ants.download_piece(brouillon.numero, "PIECE_IDENTITE", fichier.id)
    listed = {p.code: p for p in ants.list_pieces(brouillon.numero)}["PIECE_IDENTITE"].fichiers
    ants.delete_piece(brouillon.numero, "PIECE_IDENTITE", fichier.id)

    assert (fichier.nom, fichier.pages, fichier.commentaire) == ("cni.pdf", 1, "Recto verso")
    assert downloaded == content
    assert listed == (fichier,)
    with pytest.raises(NotFound):
        ants.download_piece(brouillon.numero, "PIECE_IDENTITE", fichier.id)


def test_a_piece_over_its_page_limit_is_refused(ants, brouillon):
    with pytest.raises(PieceRefused) as raised:
        upload_identite(ants, brouillon, content=pdf(3))

    assert raised.value.reason == PieceRefused.TOO_MANY_PAGES


def test_a_file_over_11_mb_is_refused(ants, brouillon):
    with pytest.raises(PieceRefused) as raised:
        upload_identite(ants, brouillon, content=pdf() + b"0" * (11 * 1024 * 1024))

    assert raised.value.reason == PieceRefused.TOO_LARGE


def test_a_file_of_another_type_is_refused(ants, brouillon):
    with pytest.raises(PieceRefused) as raised:
        upload_identite(ants, brouillon, filename="cni.txt", content=b"texte", content_type="text/plain")

    assert raised.value.reason == PieceRefused.TYPE_REFUSED


def test_a_comment_over_80_characters_is_refused_before_sending(ants, brouillon):
    with pytest.raises(PieceRefused) as raised:
        upload_identite(ants, brouillon, commentaire="x" * 81)

    assert raised.value.reason == PieceRefused.COMMENT_TOO_LONG
    assert {p.code: p for p in ants.list_pieces(brouillon.numero)}["PIECE_IDENTITE"].fichiers == ()


# Documents


def test_list_and_download_a_document(ants, brouillon):
    documents = ants.list_documents(brouillon.numero)
    available = [d for d in documents if d.disponible]

    content = ants.download_document(brouillon.numero, available[0].code)

    assert content.startswith(b"%PDF")


def test_a_document_answered_200_with_an_html_page_is_refused_not_returned_as_the_pdf(
    ants_sandbox, ants, brouillon
):
    fault(ants_sandbox, "html", next=10, status=200, path="/api/v1/demandes/*/documents/*")

    with pytest.raises(AntsUnavailable):
        ants.download_document(brouillon.numero, "AVIS_MEDICAL")


def test_an_unavailable_document_is_not_found(ants, brouillon):
    unavailable = [d for d in ants.list_documents(brouillon.numero) if not d.disponible]

    with pytest.raises(NotFound):
        ants.download_document(brouillon.numero, unavailable[0].code)


# Faults


def test_a_create_whose_connection_drops_is_an_unknown_outcome_sent_once(ants_sandbox, ants):
    sent = demande_input()
    ants.authenticate()
    fault(ants_sandbox, "timeout", method="POST", path="/api/v1/demandes", drop=True)

    with pytest.raises(UnknownOutcome):
        ants.create_demande(sent)

    assert ants_sandbox.state_snapshot()["requests"]["POST /api/v1/demandes"] == 1
    assert [d.candidat.email for d in ants.list_demandes()] == [sent.candidat.email]


def test_a_validation_whose_connection_drops_is_an_unknown_outcome_read_back_by_get(
    ants_sandbox, ants, brouillon
):
    upload_required_pieces(ants, brouillon.numero)
    fault(ants_sandbox, "timeout", method="POST", path="/api/v1/demandes/*/validation", drop=True)

    with pytest.raises(UnknownOutcome) as raised:
        ants.validate_demande(brouillon.numero)

    assert (raised.value.operation, raised.value.numero) == ("validate_demande", brouillon.numero)
    assert ants.get_demande(brouillon.numero).statut is Statut.EN_ATTENTE_VALIDATION_USAGER


class WaitsWhileAntsRecovers(list):
    """Waits recorded instead of slept; the sandbox's faults end during the first wait."""

    def __init__(self, server):
        super().__init__()
        self.server = server

    def append(self, seconds):
        super().append(seconds)
        self.server.control("faults/clear")


@pytest.fixture
def waits(ants_sandbox):
    return WaitsWhileAntsRecovers(ants_sandbox)


@pytest.fixture
def recovering(ants_sandbox, ants_account, waits):
    """A signed-in client on an ANTS that recovers from its faults while the client waits."""
    credentials = AntsCredentials(
        ants_account["agrement"], ants_account["identifiant"], ants_account["mot_de_passe"]
    )
    recovering = client(credentials, ants_sandbox.url, waits)
    recovering.authenticate()
    return recovering


def test_an_internal_error_on_a_read_is_retried(ants_sandbox, recovering, waits):
    fault(ants_sandbox, "errors", ratio=1, status=500, path="/api/v1/demandes")

    assert list(recovering.list_demandes()) == []
    assert waits == [0.01]


def test_a_sandbox_answering_500_is_unavailable_after_the_retries(ants_sandbox, ants, sleeps):
    ants.authenticate()
    fault(ants_sandbox, "errors", ratio=1, status=500, path="/api/v1/demandes")

    with pytest.raises(AntsUnavailable):
        list(ants.list_demandes())

    assert len(sleeps) == 2
    assert ants_sandbox.state_snapshot()["requests"]["GET /api/v1/demandes"] == 3


def test_an_internal_error_on_create_is_an_unknown_outcome_sent_once(ants_sandbox, ants):
    ants.authenticate()
    fault(ants_sandbox, "errors", ratio=1, status=500, method="POST", path="/api/v1/demandes")

    with pytest.raises(UnknownOutcome):
        ants.create_demande(demande_input())

    assert ants_sandbox.state_snapshot()["requests"]["POST /api/v1/demandes"] == 1


def test_rate_limited_by_ants_waits_for_retry_after(ants_sandbox, recovering, waits):
    fault(ants_sandbox, "errors", ratio=1, status=429, path="/api/v1/demandes")

    assert list(recovering.list_demandes()) == []
    assert waits == [2.0]


def test_maintenance_on_create_is_retried_and_creates_one_demande(ants_sandbox, recovering, waits):
    sent = demande_input()
    fault(ants_sandbox, "errors", ratio=1, status=503, method="POST", path="/api/v1/demandes")

    created = recovering.create_demande(sent)

    assert len(waits) == 1
    assert [d.numero for d in recovering.list_demandes(email=sent.candidat.email)] == [created.numero]


def test_identity_differing_from_the_students_ants_account(ants_sandbox, ants):
    sent = demande_input()
    ants_sandbox.control(
        "usagers",
        email=sent.candidat.email,
        nom_naissance=sent.candidat.nom_naissance,
        prenom=sent.candidat.prenom,
        date_naissance="",
    )

    with pytest.raises(DataDiffers):
        ants.create_demande(sent)


def test_a_401_html_page_without_ants_code_drops_the_token_and_signs_in_again(ants_sandbox, ants):
    ants.authenticate()
    fault(ants_sandbox, "html", next=1, status=401, path="/api/v1/demandes")

    assert list(ants.list_demandes()) == []
    assert ants_sandbox.state_snapshot()["requests"]["POST /api/v1/auth/token"] == 2


def test_an_expired_token_is_renewed_and_the_call_goes_through(ants_sandbox, ants):
    ants.authenticate()
    ants_sandbox.control("clock", seconds=2 * 3600)  # ANTS's clock: our token is now two hours old

    assert list(ants.list_demandes()) == []
    assert ants_sandbox.state_snapshot()["requests"]["POST /api/v1/auth/token"] == 2


@pytest.mark.django_db
def test_client_for_agence_signs_in_with_the_agencys_account(ants_sandbox, ants_account):
    siege = Agence(
        code="SIEGE",
        nom="Siège",
        numero_agrement=ants_account["agrement"],
        identifiant_ants=ants_account["identifiant"],
    )
    siege.set_mot_de_passe_ants(ants_account["mot_de_passe"])
    siege.save()
    bureau = Agence.objects.create(code="BUREAU", nom="Bureau", agence_responsable=siege)

    demande = client_for_agence(bureau).create_demande(demande_input())

    assert demande.agrement == ants_account["agrement"]


def test_threads_of_one_account_share_one_session_and_one_token(ants_sandbox, ants):
    with ThreadPoolExecutor(max_workers=8) as pool:
        listings = list(pool.map(lambda _: list(ants.list_demandes()), range(16)))

    assert listings == [[]] * 16
    assert ants_sandbox.state_snapshot()["requests"]["POST /api/v1/auth/token"] == 1
