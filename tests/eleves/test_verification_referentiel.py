"""Cities, departments and countries of the file, checked against ANTS's referential (the sandbox)."""

import pytest
import requests
from django.urls import reverse

from ants.client.types import TypeDemande
from eleves.models import Eleve
from eleves.referentiel import Referentiel
from eleves.services import eleve_appliquer_corrections
from eleves.verification import problemes_envoi, problemes_referentiel, verifier_referentiel

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


@pytest.mark.parametrize(
    ("ville", "saisi", "propose"), [("BOURG-EN-BRESSE", "1", "01"), ("AJACCIO", "2a", "2A")]
)
def test_a_department_code_written_loosely_is_corrected(eleve, ville, saisi, propose):
    point = points(modifier(eleve, ville_naissance=ville, departement_naissance=saisi))[
        "departement_naissance"
    ]
    assert not point.conforme and point.proposition == propose


# --- City, postal code and department are one fact ---------------------------------------------


def test_the_department_proposed_is_the_birth_city_one_not_the_code_typed(eleve):
    resultat = points(modifier(eleve, ville_naissance="VILLEURBANNE", departement_naissance="6"))
    departement = resultat["departement_naissance"]
    assert (departement.proposition, departement.proposition_libelle) == ("69", "69 RHONE")
    assert "VILLEURBANNE est dans le département 69 (RHONE), pas 6" in departement.explications[0]
    assert resultat["ville_naissance"].conforme  # the city is right: the department is blamed


def test_a_birth_department_that_does_not_match_the_city_is_blamed_not_the_city(eleve):
    resultat = points(modifier(eleve, ville_naissance="BRON", departement_naissance="01"))
    assert resultat["ville_naissance"].conforme and resultat["departement_naissance"].proposition == "69"


def test_a_birth_city_found_with_an_empty_department_gets_its_department(eleve):
    assert points(modifier(eleve, departement_naissance=""))["departement_naissance"].proposition == "69"


def test_an_empty_birth_country_does_not_say_the_place_is_abroad(eleve):
    resultat = points(modifier(eleve, pays_naissance=""))
    assert resultat["departement_naissance"].conforme and not resultat["pays_naissance"].conforme


def test_a_home_city_with_another_postal_code_gets_its_postal_code_proposed(eleve):
    point = points(modifier(eleve, ville="VILLEURBANNE", code_postal="69000"))["ville"]
    assert (point.proposition, point.proposition_code_postal) == ("VILLEURBANNE", "69100")
    assert "VILLEURBANNE a pour code postal 69100, pas 69000" in point.explications[0]


@pytest.mark.parametrize(
    ("saisie", "code_postal", "propose", "raison"),
    [
        ("VILLENEUVE D ASCQ", "59650", "VILLENEUVE-D'ASCQ", "D' et L' s'écrivent avec une apostrophe"),
        ("L ISLE D ABEAU", "38080", "L'ISLE-D'ABEAU", "D' et L' s'écrivent avec une apostrophe"),
        ("MONTPELIER", "34000", "MONTPELLIER", "une lettre doublée (LL) a été tapée simple"),
        ("VILLEURBANE", "69100", "VILLEURBANNE", "une lettre doublée (NN) a été tapée simple"),
        ("VILELURBANNE", "69100", "VILLEURBANNE", "deux lettres sont inversées"),
        ("VILEURBANNE", "69100", "VILLEURBANNE", "une lettre doublée (LL) a été tapée simple"),
        ("VILLEUBANNE", "69100", "VILLEURBANNE", "une lettre manque (R)"),
    ],
)
def test_a_sloppy_city_gets_the_closest_commune_of_its_postal_code_and_why(
    eleve, saisie, code_postal, propose, raison
):
    point = points(modifier(eleve, ville=saisie, code_postal=code_postal))["ville"]
    assert point.proposition == propose and any(raison in e for e in point.explications)


def test_a_sloppy_birth_city_is_looked_for_in_the_birth_department(eleve):
    point = points(modifier(eleve, ville_naissance="VILELURBANNE", departement_naissance="69"))[
        "ville_naissance"
    ]
    assert point.proposition == "VILLEURBANNE"
    assert point.explications == [
        "Aucune ville ne s'écrit ainsi dans le département 69 ; la plus proche est VILLEURBANNE : deux "
        "lettres "
        "sont inversées."
    ]


@pytest.mark.parametrize("saisi", ["6", "96"], ids=["chiffre manquant", "chiffres inversés"])
def test_a_sloppy_birth_city_with_a_slip_in_the_department_gets_both_corrected(eleve, saisi):
    resultat = points(modifier(eleve, ville_naissance="VILELURBANNE", departement_naissance=saisi))
    assert resultat["ville_naissance"].proposition == "VILLEURBANNE"
    assert resultat["departement_naissance"].proposition == "69"


def test_a_name_far_from_every_commune_gets_no_proposal(eleve):
    point = points(modifier(eleve, ville_naissance="XXXXXXXX", departement_naissance="69"))["ville_naissance"]
    assert point.proposition is None and "introuvable" in point.explications[0]


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
    assert resultat["derniere_categorie_pays"].conforme
    assert resultat["derniere_categorie_departement"].proposition == ""


def test_no_last_licence_point_without_a_licence(eleve):
    assert "derniere_categorie_pays" not in points(eleve)


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
            "derniere_categorie_pays": "ESPAGNE",
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


def posted(**champs):
    return {
        "ville": "SAINT-PRIEST",
        "code_postal": "69800",
        "ville_naissance": "BRON",
        "departement_naissance": "69",
        "pays_naissance": "FRANCE",
        **champs,
    }


def test_a_city_and_department_the_referential_does_not_hold_together_are_not_saved(client_secretaire, eleve):
    modifier(eleve, ville_naissance="VILLEURBANNE", departement_naissance="6")
    response = client_secretaire.post(
        reverse("eleves:verification", args=[eleve.pk]),
        posted(ville_naissance="VILLEURBANNE", departement_naissance="06"),
    )
    eleve.refresh_from_db()
    assert "« VILLEURBANNE » n&#x27;est pas une ville du département 06" in response.content.decode()
    assert eleve.departement_naissance == "6"


def test_a_city_and_postal_code_the_referential_does_not_hold_together_are_not_saved(
    client_secretaire, eleve
):
    response = client_secretaire.post(
        reverse("eleves:verification", args=[eleve.pk]), posted(ville="VILLEURBANNE")
    )
    eleve.refresh_from_db()
    assert "« VILLEURBANNE » n&#x27;a pas le code postal 69800" in response.content.decode()
    assert eleve.ville == "SAINT-PRIEST"


def test_the_city_and_its_postal_code_are_saved_together(client_secretaire, eleve):
    modifier(eleve, ville="VILLEURBANE", code_postal="69000")
    client_secretaire.post(
        reverse("eleves:verification", args=[eleve.pk]), posted(ville="VILLEURBANNE", code_postal="69100")
    )
    eleve.refresh_from_db()
    assert (eleve.ville, eleve.code_postal) == ("VILLEURBANNE", "69100")


def test_a_compliant_file_gets_no_yellow_explanation(client_secretaire, eleve):
    content = client_secretaire.get(
        reverse("eleves:verification", args=[eleve.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert "rien à corriger" in content and "en jaune" not in content
    assert "Enregistrer les corrections" not in content


def test_a_cache_only_referential_gives_the_last_verdict_without_calling_ants(eleve, ants_sandbox):
    eleve = modifier(eleve, ville="ST PRIEST")
    verifier_referentiel(eleve)
    avant = sum(ants_sandbox.state_snapshot()["requests"].values())
    trouves = problemes_referentiel(eleve, referentiel=Referentiel(cache_seul=True))
    assert [p.cle for p in trouves] == ["ville"]
    assert sum(ants_sandbox.state_snapshot()["requests"].values()) == avant


def test_a_cache_only_referential_says_the_check_is_to_be_run_after_a_change(eleve):
    verifier_referentiel(eleve)
    eleve = modifier(eleve, ville="VILLEURBANE")
    trouves = problemes_referentiel(eleve, referentiel=Referentiel(cache_seul=True))
    assert [p.cle for p in trouves] == ["referentiel"]


def test_the_city_typeahead_lists_the_communes_of_a_postal_code(client_secretaire, eleve):
    content = client_secretaire.get(reverse("eleves:communes"), {"code_postal": "69100"}).content.decode()
    assert 'value="VILLEURBANNE"' in content


def test_the_city_typeahead_is_narrowed_by_the_department(client_secretaire, eleve):
    content = client_secretaire.get(
        reverse("eleves:communes"), {"q": "saint pr", "departement": "69"}
    ).content
    assert content.decode().count("<option") == 1 and "SAINT-PRIEST" in content.decode()


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
    response = client_secretaire.get(reverse("eleves:communes"), {"q": "st pri", "code_postal": "69800"})
    assert (
        '<option value="SAINT-PRIEST" data-departement="69" data-codes-postaux="69800">'
        "SAINT-PRIEST (69800)</option>" in response.content.decode()
    )


def test_the_city_typeahead_finds_arrondissements(client_secretaire, eleve):
    content = client_secretaire.get(reverse("eleves:communes"), {"q": "LYON 1"}).content.decode()
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
    assert avec[0].message == (
        "« ST PRIEST » : SAINT s'écrit en toutes lettres, pas ST. Les espaces sont remplacés par des tirets "
        "(-). "
        "Proposition : SAINT-PRIEST (69800). Corrigez avec « Vérifier les villes, départements et pays » "
        "(onglet Dossier 02-06)."
    )
