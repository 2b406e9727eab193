"""Cities, departments and countries of the file, checked against ANTS's referential (the sandbox)."""

import pytest
import requests
from django.urls import reverse

from ants.client.types import TypeDemande
from eleves.models import Eleve
from eleves.referentiel import Referentiel
from eleves.services import eleve_appliquer_corrections
from eleves.verification import problemes_envoi, verifier_referentiel

from .factories import EleveFactory, RepresentantFactory

# Needs the ANTS sandbox (ants/sandbox, tests/conftest.py's ants_sandbox fixture) and the client.


pytestmark = pytest.mark.django_db


@pytest.fixture
def eleve(ants_sandbox, agence):
    return EleveFactory(agence=agence)


def points(eleve):
    return {point.cle: point for point in verifier_referentiel(eleve)}


def modifier(eleve, **champs):
    Eleve.objects.filter(pk=eleve.pk).update(**champs)
    return Eleve.objects.select_related("dossier").get(pk=eleve.pk)


def test_a_conform_file_has_every_point_found(eleve):
    resultat = points(eleve)
    assert set(resultat) == {"ville", "ville_naissance", "departement_naissance", "pays_naissance"}
    assert all(point.conforme for point in resultat.values())


def test_st_is_flagged_and_saint_proposed_with_the_postal_code(eleve):
    point = points(modifier(eleve, ville="ST PRIEST"))["ville"]
    assert not point.conforme
    assert (point.proposition, point.proposition_libelle) == ("SAINT-PRIEST", "SAINT-PRIEST (69800)")
    assert any("SAINT s'écrit en toutes lettres" in e for e in point.explications)


def test_spaces_are_flagged_and_hyphens_proposed(eleve):
    point = points(modifier(eleve, ville="SAINT PRIEST"))["ville"]
    assert point.proposition == "SAINT-PRIEST"
    assert any("tirets" in e for e in point.explications)


def test_accents_are_flagged_and_removed(eleve):
    point = points(modifier(eleve, ville="SAINT-ÉTIENNE", code_postal="42000"))["ville"]
    assert point.proposition == "SAINT-ETIENNE"
    assert any("sans accents" in e for e in point.explications)


def test_lyon_1_with_69001_becomes_the_first_arrondissement(eleve):
    point = points(modifier(eleve, ville="LYON 1", code_postal="69001"))["ville"]
    assert (point.proposition, point.proposition_libelle) == (
        "LYON 1ER ARRONDISSEMENT",
        "LYON 1ER ARRONDISSEMENT (69001)",
    )


def test_the_arrondissement_is_chosen_by_postal_code(eleve):
    point = points(modifier(eleve, ville="PARIS 15", code_postal="75015"))["ville"]
    assert point.proposition == "PARIS 15E ARRONDISSEMENT"


def test_a_birthplace_lyon_1_is_resolved_by_its_number_in_the_department(eleve):
    point = points(modifier(eleve, ville_naissance="LYON 1"))["ville_naissance"]
    assert (point.proposition, point.proposition_libelle) == (
        "LYON 1ER ARRONDISSEMENT",
        "LYON 1ER ARRONDISSEMENT (69001)",
    )


def test_a_birth_city_is_looked_for_in_the_birth_department(eleve):
    point = points(modifier(eleve, ville_naissance="ST PRIEST", departement_naissance="69"))[
        "ville_naissance"
    ]
    assert point.proposition == "SAINT-PRIEST"


def test_a_city_that_does_not_exist_is_flagged_without_proposal(eleve):
    point = points(modifier(eleve, ville="VILLE-IMAGINAIRE"))["ville"]
    assert not point.conforme and point.proposition is None
    assert "introuvable" in point.explications[0] and "69800" in point.explications[0]


def test_a_real_city_with_another_postal_code_is_flagged(eleve):
    assert not points(modifier(eleve, code_postal="42000"))["ville"].conforme


def test_a_foreign_birth_department_must_stay_empty_99_refused(eleve):
    resultat = points(
        modifier(eleve, pays_naissance="ESPAGNE", departement_naissance="99", ville_naissance="MADRID")
    )
    point = resultat["departement_naissance"]
    assert not point.conforme and point.proposition == ""
    assert "99 n'est plus accepté" in point.explications[0]
    assert "ville_naissance" not in resultat  # a foreign city is not in the French referential


def test_an_unknown_country_is_flagged(eleve):
    point = points(modifier(eleve, pays_naissance="ATLANTIDE", departement_naissance=""))["pays_naissance"]
    assert not point.conforme and point.proposition is None and "non reconnu" in point.explications[0]


def test_a_country_typed_with_accents_gets_its_ants_name(eleve):
    point = points(modifier(eleve, pays_naissance="Sénégal", departement_naissance=""))["pays_naissance"]
    assert point.proposition == "SENEGAL"


def test_an_empty_country_is_flagged(eleve):
    point = points(modifier(eleve, pays_naissance=""))["pays_naissance"]
    assert not point.conforme and "vide" in point.explications[0]


@pytest.mark.parametrize(("saisi", "propose"), [("1", "01"), ("2a", "2A")])
def test_a_department_code_written_loosely_is_corrected(eleve, saisi, propose):
    point = points(modifier(eleve, departement_naissance=saisi))["departement_naissance"]
    assert not point.conforme and point.proposition == propose


def test_the_legal_representative_city_is_checked(eleve):
    RepresentantFactory(eleve=eleve, ville="ST PRIEST")
    point = points(eleve)["representant_1_ville"]
    assert point.proposition == "SAINT-PRIEST" and point.libelle == "Ville du représentant légal 1"


def test_the_last_licence_department_and_country_are_checked_when_a_licence_is_held(eleve):
    eleve.dossier.categories_obtenues = ["B"]
    eleve.dossier.derniere_categorie_pays = "ALLEMAGNE"
    eleve.dossier.derniere_categorie_departement = "67"
    eleve.dossier.save()
    resultat = points(eleve)
    assert resultat["dernier_permis_pays"].conforme
    assert resultat["dernier_permis_departement"].proposition == ""


def test_no_last_licence_point_without_a_licence(eleve):
    assert "dernier_permis_pays" not in points(eleve)


def test_the_referential_is_cached_between_checks(eleve, ants_sandbox):
    modifier(eleve, ville="ST PRIEST")
    verifier_referentiel(eleve)
    avant = sum(ants_sandbox.state_snapshot()["requests"].values())
    verifier_referentiel(eleve)
    assert sum(ants_sandbox.state_snapshot()["requests"].values()) == avant


def test_corrections_are_saved_on_the_student_and_the_representative(eleve):
    representant = RepresentantFactory(eleve=eleve, ville="ST PRIEST")
    eleve.dossier.derniere_categorie_pays = "ESPAGNE"
    eleve.dossier.save()
    changes = eleve_appliquer_corrections(
        eleve=eleve,
        corrections={
            "ville": "SAINT-PRIEST",
            "representant_1_ville": "SAINT-PRIEST",
            "dernier_permis_pays": "ESPAGNE",
        },
    )
    representant.refresh_from_db()
    assert changes == ["representant_1_ville"] and representant.ville == "SAINT-PRIEST"


# --- The dialog -------------------------------------------------------------------------------


def test_the_dialog_highlights_what_was_not_found_with_the_proposal_typed_in(client_secretaire, eleve):
    modifier(eleve, ville="ST PRIEST", ville_naissance="LYON 1")
    content = client_secretaire.get(
        reverse("eleves:verification", args=[eleve.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert content.count('class="non-conforme"') == 2
    assert 'name="ville" value="SAINT-PRIEST"' in content
    assert 'name="ville_naissance" value="LYON 1ER ARRONDISSEMENT"' in content
    assert "LYON 1ER ARRONDISSEMENT (69001)" in content and "<dialog" in content


def test_posting_the_dialog_saves_the_corrections(client_secretaire, eleve):
    modifier(eleve, ville="ST PRIEST", ville_naissance="LYON 1")
    response = client_secretaire.post(
        reverse("eleves:verification", args=[eleve.pk]),
        {
            "ville": "SAINT-PRIEST",
            "ville_naissance": "LYON 1ER ARRONDISSEMENT",
            "departement_naissance": "69",
            "pays_naissance": "FRANCE",
        },
    )
    eleve.refresh_from_db()
    assert response.status_code == 302
    assert (eleve.ville, eleve.ville_naissance) == ("SAINT-PRIEST", "LYON 1ER ARRONDISSEMENT")


def test_a_department_outside_the_list_is_refused_and_nothing_saved(client_secretaire, eleve):
    modifier(eleve, ville="ST PRIEST")
    response = client_secretaire.post(
        reverse("eleves:verification", args=[eleve.pk]),
        {
            "ville": "SAINT-PRIEST",
            "ville_naissance": "BRON",
            "departement_naissance": "99",
            "pays_naissance": "FRANCE",
        },
    )
    eleve.refresh_from_db()
    assert "Choisissez le département dans la liste" in response.content.decode()
    assert eleve.ville == "ST PRIEST" and 'value="SAINT-PRIEST"' in response.content.decode()


@pytest.mark.parametrize(
    ("ville", "message"),
    [
        ("SAINT-PRIEST" + "-X" * 60, "Un nom de ville compte au plus 120 caractères"),
        ("SAINT-PRIEST\x00", "contient un caractère invisible ou de contrôle (U+0000)"),
        ("SAINT\u202e-PRIEST", "contient un caractère invisible ou de contrôle (U+202E)"),
    ],
    ids=["132 caractères", "NUL", "inversion bidi"],
)
def test_a_city_the_file_cannot_hold_is_refused_in_the_dialog(client_secretaire, eleve, ville, message):
    modifier(eleve, ville="ST PRIEST")
    response = client_secretaire.post(
        reverse("eleves:verification", args=[eleve.pk]),
        {
            "ville": ville,
            "ville_naissance": "BRON",
            "departement_naissance": "69",
            "pays_naissance": "FRANCE",
        },
    )
    eleve.refresh_from_db()
    assert response.status_code == 200 and message in response.content.decode()
    assert eleve.ville == "ST PRIEST"


def test_the_city_typeahead_queries_the_referential(client_secretaire, eleve):
    response = client_secretaire.get(
        reverse("eleves:communes"), {"champ": "ville", "ville": "st pri", "code_postal": "69800"}
    )
    assert '<option value="SAINT-PRIEST">SAINT-PRIEST (69800)</option>' in response.content.decode()


def test_the_city_typeahead_finds_arrondissements(client_secretaire, eleve):
    content = client_secretaire.get(
        reverse("eleves:communes"), {"champ": "v", "v": "LYON 1"}
    ).content.decode()
    assert "LYON 1ER ARRONDISSEMENT" in content


def test_an_unavailable_referential_is_said_plainly(client_secretaire, eleve, ants_sandbox, settings):
    settings.ANTS_RETRY_ATTEMPTS, settings.ANTS_RETRY_BASE_DELAY = 2, 0.01
    # `path` is a parameter of SandboxProcess.control itself, so the payload goes in as a dict.
    requests.post(
        f"{ants_sandbox.url}/_control/faults/errors",
        json={"next": 1000, "status": 503, "path": "/api/v1/referentiel/*"},
        timeout=10,
    ).raise_for_status()
    content = client_secretaire.get(
        reverse("eleves:verification", args=[eleve.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert content.lstrip().startswith("<dialog") and 'class="message-erreur"' in content


def test_the_submission_check_includes_the_referential_when_asked(eleve):
    eleve = modifier(eleve, ville="ST PRIEST")
    eleve.dossier.categories_demandees = ["B"]
    avec = problemes_envoi(eleve, cerfa=TypeDemande.CERFA_02, referentiel=Referentiel())
    assert problemes_envoi(eleve, cerfa=TypeDemande.CERFA_02) == []
    assert [p.champ for p in avec] == ["Ville d'habitation de l'élève"]
    assert "« ST PRIEST » n'a pas été trouvé dans le référentiel de l'ANTS" in avec[0].message
