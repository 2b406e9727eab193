"""Usual delays, measured in SQL from a generated history of thousands of transitions, and the
« no movement » lines they decide."""

from statistics import quantiles

import pytest
from django.urls import reverse
from django.utils import timezone

from suivi.delais import delais_usuels
from tests.factories import AgenceFactory, UserFactory

from .factories import historique
from .helpers import administration, etudiant, groupes, lignes, mettre_a_jour, valider


def _p(jours, fraction):
    """What percentile_cont computes: linear interpolation between the closest ranks."""
    return quantiles(jours, n=100, method="inclusive")[round(fraction * 100) - 1]


@pytest.fixture
def deux_prefectures(db):
    isere = [{"code": "ISERE", "nom": "Préfecture de l'Isère"}]
    return [AgenceFactory(), AgenceFactory(prefectures_disponibles=isere, prefecture="ISERE")]


def test_median_and_90th_percentile_per_prefecture_type_and_step_in_two_queries(
    deux_prefectures, django_assert_num_queries
):
    maintenant = timezone.now()
    genere = historique(
        deux_prefectures, demandes=1000, maintenant=maintenant, lenteur={deux_prefectures[1].code: 2}
    )
    assert genere.transitions > 5000
    user = UserFactory(agences=deux_prefectures)
    with django_assert_num_queries(2):
        delais = delais_usuels(user=user, maintenant=maintenant)
    assert len(delais) == len(genere.durees) == 2 * 2 * 6
    for delai in delais:
        jours = genere.durees[delai.prefecture, delai.type, delai.etape]
        assert delai.mesures == len(jours)
        assert delai.mediane == pytest.approx(_p(jours, 0.5))
        assert delai.p90 == pytest.approx(_p(jours, 0.9))
    par_cle = {(d.prefecture, d.type, d.etape): d for d in delais}
    assert (
        par_cle["ISERE", "CERFA_02", "EN_COURS_TRAITEMENT"].mediane
        > par_cle["RHONE", "CERFA_02", "EN_COURS_TRAITEMENT"].mediane
    )


def test_only_the_users_agencies_are_measured(deux_prefectures):
    historique(deux_prefectures, demandes=40, maintenant=timezone.now())
    delais = delais_usuels(user=UserFactory(agences=deux_prefectures[:1]), maintenant=timezone.now())
    assert {d.prefecture for d in delais} == {"RHONE"}


def test_the_page_draws_the_chart_and_the_table(deux_prefectures, client, django_assert_max_num_queries):
    historique(deux_prefectures, demandes=300, maintenant=timezone.now())
    client.force_login(UserFactory(agences=deux_prefectures))
    client.get(reverse("suivi:delais"))  # the menu's count is cached from here on
    with django_assert_max_num_queries(8):
        html = client.get(
            reverse("suivi:delais"), {"prefecture": "ISERE", "type": "CERFA_06"}
        ).content.decode()
    assert html.count('<rect class="mediane"') == 6
    assert "Préfecture de l&#x27;Isère — Cerfa 06" in html
    assert html.count('data-prefecture="ISERE" data-type="CERFA_06"') == html.count("data-etape=") == 6


@pytest.fixture
def en_traitement(executer, pieces_requises, secretaire, ants_sandbox):
    """A demande the prefecture has had since now: validated, the student's, the checks passed."""
    demande = valider(executer, pieces_requises, secretaire)
    etudiant(ants_sandbox, demande, "validate")
    for _etape in range(2):
        administration(ants_sandbox, demande, "advance")
    return mettre_a_jour(executer, demande, secretaire)


def test_a_demande_longer_in_a_status_than_nine_in_ten_is_without_movement(
    en_traitement, agence, secretaire, horloge
):
    historique([agence], demandes=60, maintenant=timezone.now())
    (usuel,) = [
        d
        for d in delais_usuels(user=secretaire, maintenant=timezone.now())
        if (d.type, d.etape) == ("CERFA_02", "EN_COURS_TRAITEMENT")
    ]
    horloge(days=int(usuel.p90) - 1)
    assert "sans_mouvement" not in groupes(secretaire, agence)
    horloge(days=2)
    (ligne,) = [ligne for ligne in lignes(secretaire, agence) if ligne.groupe.cle == "sans_mouvement"]
    assert f"9 demandes sur 10 en sortent en moins de {round(usuel.p90)} jours" in ligne.pourquoi
    assert ligne.action.post and ligne.action.url == reverse("demandes:actualiser", args=[en_traitement.pk])


def test_without_enough_history_a_month_is_the_limit(en_traitement, agence, secretaire, horloge):
    horloge(days=29)
    assert "sans_mouvement" not in groupes(secretaire, agence)
    horloge(days=2)
    assert "au-delà de 30 jours, interrogez la préfecture" in lignes(secretaire, agence)[0].pourquoi
