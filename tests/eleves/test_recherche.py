"""Finding a student by the first letters of a name: results, query counts, index use."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eleves.models import Eleve
from eleves.selectors import RECHERCHE_LONGUEUR_MAX, RECHERCHE_MOTS_MAX, eleve_search, eleve_suggestions
from eleves.services import eleve_preparer_pour_creation, eleves_indexer

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
    assert noms(secretaire, "hélè") == noms(secretaire, "HELE") == {"HELENE"}


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
    # one word through the index, each of the others in a condition of its own
    assert requete["sql"].count("eleves_motrecherche") == RECHERCHE_MOTS_MAX


def test_each_word_of_a_name_is_a_start(secretaire, agence):
    EleveFactory(agence=agence, nom_naissance="LE GALL", prenom="YANN")
    EleveFactory(agence=agence, nom_naissance="GALLOIS", prenom="ERWAN")
    assert noms(secretaire, "GALL") == {"YANN", "ERWAN"}


def test_a_name_of_several_words_is_found_run_together(secretaire, agence):
    EleveFactory(agence=agence, nom_naissance="LE GALL", prenom="YANN")
    assert noms(secretaire, "legal") == {"YANN"}


def test_search_by_the_start_of_the_neph(secretaire, agence, eleves):
    EleveFactory(agence=agence, neph="170392100012", prenom="NINA")
    assert noms(secretaire, "1703 92") == {"NINA"}


def test_search_by_the_start_of_the_email(secretaire, agence, eleves):
    EleveFactory(agence=agence, email="nina.kone@gmail.com", prenom="NINA")
    assert noms(secretaire, "Nina.Kone@gm") == {"NINA"}


def test_a_name_search_does_not_match_an_email(secretaire, agence, eleves):
    EleveFactory(agence=agence, email="dupond.z@gmail.com", prenom="ZOE", nom_naissance="ZOLA")
    assert noms(secretaire, "DUPOND") == set()


def test_the_typeahead_lists_a_student_once_even_found_by_two_names(secretaire, agence):
    eleve = EleveFactory(agence=agence, nom_naissance="DUPONT", nom_usage="DUPUIS", prenom="LEA")
    assert eleve_suggestions(user=secretaire, texte="DUP") == [eleve]


def test_the_typeahead_is_in_the_order_of_the_word_found_then_the_name(secretaire, agence):
    a = EleveFactory(agence=agence, nom_naissance="MARTIN", prenom="DAVID")
    b = EleveFactory(agence=agence, nom_naissance="DURAND", prenom="ZOE")
    c = EleveFactory(agence=agence, nom_naissance="DAVID", prenom="ADAM")
    assert eleve_suggestions(user=secretaire, texte="D") == [c, a, b]


def test_the_typeahead_shows_only_the_user_agencies(secretaire, agence, autre_agence):
    EleveFactory(agence=autre_agence, nom_naissance="DUPONT")
    assert eleve_suggestions(user=secretaire, texte="DUP") == []


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
    assert content.count('role="option"') == 10


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
    # session, user, student (agency, responsible agency, dossier), representatives; then before
    # sending: demandes (the Cerfa the student is at), staff emails, same-email students
    with django_assert_max_num_queries(7):
        client_secretaire.get(reverse("eleves:fiche", args=[eleve.pk]))


# --- The index behind the typeahead (PostgreSQL) ----------------------------------------------

postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are PostgreSQL's")


@pytest.fixture
def cinq_mille(agence, autre_agence):
    lettres = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    eleves = Eleve.objects.bulk_create(
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
    eleves_indexer(eleves)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE eleves_eleve; ANALYZE eleves_motrecherche")


@postgres
def test_the_list_search_reads_the_word_index_with_real_statistics(secretaire, cinq_mille):
    plan = eleve_search(user=secretaire, texte="DU")[:10].explain()  # about 1 row in 676
    assert "Seq Scan on eleves_eleve" not in plan and "mot_recherche_idx" in plan


@postgres
@pytest.mark.parametrize("texte", ["D", "A", "DUN"])
def test_the_typeahead_reads_the_first_matches_in_index_order_without_sorting_them(
    secretaire, cinq_mille, texte
):
    with CaptureQueriesContext(connection) as requetes:
        eleve_suggestions(user=secretaire, texte=texte)
    (requete,) = requetes.captured_queries
    with connection.cursor() as cursor:
        # At this size the planner may prefer sorting a few hundred rows; with sorting priced out, a
        # plan without Sort exists only if the index gives the order (at 100,000 students the
        # planner takes it by itself: bench/eleves_search.py).
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + requete["sql"])
        plan = "\n".join(ligne for (ligne,) in cursor.fetchall())
    assert "mot_recherche_idx" in plan and "Sort" not in plan


def test_the_dossier_tab_runs_a_constant_number_of_queries(
    client_secretaire, agence, django_assert_max_num_queries
):
    eleve = EleveFactory(agence=agence)
    # session, user, student (agency, responsible agency, dossier), then per Cerfa: representatives,
    # staff emails, same-email students
    with django_assert_max_num_queries(9):
        client_secretaire.get(reverse("eleves:dossier", args=[eleve.pk]))
