"""Finding a student by the first letters of a name: results, query counts, index use."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eleves.models import Eleve
from eleves.selectors import RECHERCHE_LONGUEUR_MAX, RECHERCHE_MOTS_MAX, eleve_search
from eleves.services import eleve_preparer_pour_creation

from .factories import EleveFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def eleves(agence):
    return {
        "dupont": EleveFactory(agence=agence, nom_naissance="DUPONT", prenom="JEAN"),
        "epouse": EleveFactory(agence=agence, nom_naissance="MARTIN", nom_usage="DUPUIS", prenom="LEA"),
        "helene": EleveFactory(agence=agence, nom_naissance="LEFEVRE", prenom="HÉLÈNE"),
        "durand": EleveFactory(agence=agence, nom_naissance="DURAND", prenom="LUCIE"),
    }


def noms(secretaire, texte):
    return {eleve.prenom for eleve in eleve_search(user=secretaire, texte=texte)}


def test_search_matches_the_start_of_the_birth_name(secretaire, eleves):
    assert noms(secretaire, "dup") == {"JEAN", "LEA"}


def test_search_matches_the_start_of_the_married_name(secretaire, eleves):
    assert noms(secretaire, "DUPUI") == {"LEA"}


def test_search_matches_the_start_of_the_given_name_without_accents(secretaire, eleves):
    assert noms(secretaire, "hélè") == noms(secretaire, "HELE") == {"HÉLÈNE"}


def test_search_does_not_match_inside_a_name(secretaire, eleves):
    assert noms(secretaire, "PONT") == set()


def test_each_further_word_narrows_the_search(secretaire, eleves):
    assert noms(secretaire, "DU LU") == {"LUCIE"}


def test_words_after_the_fifth_are_not_searched(secretaire, eleves):
    assert noms(secretaire, "DUR LUCIE LU L LUC " + "INCONNU " * 2000) == {"LUCIE"}


def test_characters_after_the_hundredth_are_not_searched(secretaire, eleves):
    texte = "DU" + " " * (RECHERCHE_LONGUEUR_MAX - 2) + "INCONNU"
    assert noms(secretaire, texte) == {"JEAN", "LEA", "LUCIE"}


def test_a_pasted_text_of_2000_words_runs_one_small_query(secretaire, eleves):
    with CaptureQueriesContext(connection) as requetes:
        list(eleve_search(user=secretaire, texte="DUPONT " * 2000))
    (requete,) = requetes.captured_queries
    assert requete["sql"].count("LIKE") == 3 * RECHERCHE_MOTS_MAX


def test_the_list_page_filters_and_keeps_the_search_text(client_secretaire, eleves):
    content = client_secretaire.get(reverse("eleves:liste"), {"q": "dur"}).content.decode()
    assert "LUCIE" in content and "JEAN" not in content and 'value="dur"' in content


def test_the_list_is_paginated(client_secretaire, agence):
    for _ in range(30):
        EleveFactory(agence=agence)
    content = client_secretaire.get(reverse("eleves:liste"), {"page": 2}).content.decode()
    assert "Page 2 sur 2" in content and content.count("/eleves/") >= 5


def test_the_typeahead_returns_at_most_ten_students(client_secretaire, agence):
    for _ in range(15):
        EleveFactory(agence=agence, nom_naissance="DUPONT")
    content = client_secretaire.get(reverse("eleves:recherche"), {"q": "DUP"}).content.decode()
    assert content.count("<li>") == 10


def test_the_typeahead_runs_a_constant_number_of_queries(
    client_secretaire, agence, django_assert_max_num_queries
):
    for _ in range(15):
        EleveFactory(agence=agence, nom_naissance="DUPONT")
    # session, user, the search itself (agencies in a subquery, agency joined)
    with django_assert_max_num_queries(3):
        client_secretaire.get(reverse("eleves:recherche"), {"q": "DUP"})


def test_the_list_runs_a_constant_number_of_queries(client_secretaire, agence, django_assert_max_num_queries):
    for _ in range(30):
        EleveFactory(agence=agence)
    # session, user, count, page
    with django_assert_max_num_queries(4):
        client_secretaire.get(reverse("eleves:liste"), {"q": "DU"})


def test_the_student_file_tabs_run_a_constant_number_of_queries(
    client_secretaire, agence, django_assert_max_num_queries
):
    eleve = EleveFactory(agence=agence)
    with django_assert_max_num_queries(4):
        client_secretaire.get(reverse("eleves:fiche", args=[eleve.pk]))


# --- The index behind the typeahead (PostgreSQL) ----------------------------------------------

postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are PostgreSQL's")


@postgres
def test_the_search_columns_have_pattern_indexes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'eleves_eleve'")
        index = dict(cursor.fetchall())
    for nom in ("eleve_recherche_nom_idx", "eleve_recherche_usage_idx", "eleve_recherche_prenom_idx"):
        assert "varchar_pattern_ops" in index[nom]


@postgres
def test_the_typeahead_query_uses_the_indexes_with_real_statistics(secretaire, agence, autre_agence):
    lettres = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    Eleve.objects.bulk_create(
        eleve_preparer_pour_creation(
            Eleve(
                agence=agence if i % 2 else autre_agence,
                sexe="F",
                prenom=lettres[i // 7 % 26] + "ANNE",
                nom_naissance=lettres[i % 26] + lettres[i // 26 % 26] + "NOM",
                date_naissance=date(2000, 1, 1),
                ville_naissance="BRON",
            )
        )
        for i in range(5_000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE eleves_eleve")
    plan = eleve_search(user=secretaire, texte="DU")[:10].explain()  # about 1 row in 676
    assert "Seq Scan on eleves_eleve" not in plan
    assert "eleve_recherche_nom_idx" in plan


def test_the_dossier_tab_runs_a_constant_number_of_queries(
    client_secretaire, agence, django_assert_max_num_queries
):
    eleve = EleveFactory(agence=agence)
    # session, user, student (agency, responsible agency, dossier), then per Cerfa: representatives,
    # staff emails, same-email students
    with django_assert_max_num_queries(9):
        client_secretaire.get(reverse("eleves:dossier", args=[eleve.pk]))
