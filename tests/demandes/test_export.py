"""« Exporter la liste sous Excel »: the list's filter, French headers, real dates, a frozen header."""

from datetime import date, datetime
from html import unescape
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from ants.client.types import Statut
from tests.demandes.factories import DemandeFactory
from tests.factories import AgenceFactory, UserFactory

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def bureau(db):
    return AgenceFactory(code="LYON01")


@pytest.fixture
def gestionnaire(client, bureau):
    client.force_login(UserFactory(agences=[bureau]))
    return client


def exporter(client, agence, **criteres):
    response = client.get(reverse("demandes:exporter", args=[agence.code]), criteres)
    assert response.status_code == 200
    return response, load_workbook(BytesIO(b"".join(response.streaming_content))).active


def test_the_file_is_named_after_the_agency_and_the_day(gestionnaire, bureau):
    with time_machine.travel(datetime(2026, 12, 1, 0, 30, tzinfo=PARIS), tick=False):  # 30 Nov in UTC
        response, _feuille = exporter(gestionnaire, bureau)
    assert response["Content-Disposition"] == 'attachment; filename="demandes-LYON01-2026-12-01.xlsx"'
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_french_headers_and_a_frozen_header_row(gestionnaire, bureau):
    _response, feuille = exporter(gestionnaire, bureau)
    entetes = [cellule.value for cellule in feuille[1]]
    assert entetes[:7] == [
        "Élève",
        "Numéro",
        "Date de création",
        "Date de modification",
        "Type",
        "État",
        "NEPH",
    ]
    assert feuille.freeze_panes == "A2"
    assert feuille.column_dimensions["B"].width >= 24  # a 23-digit number shows whole


def test_dates_are_excel_dates_at_paris_time(gestionnaire, bureau):
    DemandeFactory(
        eleve__agence=bureau,
        eleve__nom_naissance="LABORETA",
        eleve__prenom="CAMILLE",
        numero="90120170705153905547685",
        cree_le=datetime(2026, 7, 5, 15, 39, tzinfo=PARIS),
        statut=Statut.VERIFICATION_PIECES,
    )
    _response, feuille = exporter(gestionnaire, bureau)
    ligne = [cellule.value for cellule in feuille[2]]
    assert ligne[:2] == ["LABORETA CAMILLE", "90120170705153905547685"]
    assert ligne[2] == datetime(2026, 7, 5, 15, 39)  # naive: Excel shows it as is
    assert feuille["C2"].number_format == "DD/MM/YYYY HH:MM"
    assert ligne[4:6] == ["Cerfa 02 (inscription au permis)", "Vérification des pièces justificatives"]


def test_each_row_has_its_own_dates(gestionnaire, bureau):
    for jour in (3, 4):
        DemandeFactory(eleve__agence=bureau, cree_le=datetime(2026, 5, jour, 9, 0, tzinfo=PARIS))
    _response, feuille = exporter(gestionnaire, bureau)
    assert [ligne[2] for ligne in feuille.iter_rows(min_row=2, values_only=True)] == [
        datetime(2026, 5, 4, 9, 0),
        datetime(2026, 5, 3, 9, 0),
    ]


def test_an_unlinked_demande_gives_the_candidate_as_ants_knows_them(gestionnaire, bureau):
    DemandeFactory(eleve=None, agence=bureau, candidat_nom="MARTIN", candidat_prenom="LUCIE")
    _response, feuille = exporter(gestionnaire, bureau)
    ligne = [cellule.value for cellule in feuille[2]]
    assert ligne[0] is None  # no student
    assert ligne[7:] == ["MARTIN LUCIE", datetime(2001, 3, 9)]
    assert feuille["I2"].number_format == "DD/MM/YYYY"
    assert ligne[8].date() == date(2001, 3, 9)


def test_the_export_is_the_lists_filter(gestionnaire, bureau):
    DemandeFactory(eleve__agence=bureau, numero="111", statut=Statut.REJETEE)
    DemandeFactory(eleve__agence=bureau, numero="222", statut=Statut.BROUILLON)
    DemandeFactory(numero="333", statut=Statut.REJETEE)  # another agency's
    _response, feuille = exporter(gestionnaire, bureau, compteur="CERFA_02:rejete")
    assert [ligne[1] for ligne in feuille.iter_rows(min_row=2, values_only=True)] == ["111"]


def test_a_list_longer_than_a_sheet_is_not_cut_but_refused_with_what_to_do(gestionnaire, bureau, monkeypatch):
    monkeypatch.setattr("demandes.excel.LIGNES_MAX", 1)
    DemandeFactory.create_batch(2, eleve__agence=bureau)
    response = gestionnaire.get(reverse("demandes:exporter", args=[bureau.code]), {"q": ""}, follow=True)
    assert response.redirect_chain[-1][0].endswith("?q=")
    assert "le maximum d'une feuille Excel" in unescape(response.content.decode())
