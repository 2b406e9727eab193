"""The screens of the student file: create, edit, Dossier 02-06 (documents: tests/documents)."""

from datetime import date

import pytest
from django.urls import reverse

from eleves.models import Eleve

from .factories import EleveFactory, RepresentantFactory

pytestmark = pytest.mark.django_db


def fiche(agence, **champs):
    return {
        "sexe": "M",
        "nom_naissance": "Dupont",
        "prenom": "Jean",
        "date_naissance": "2004-03-14",
        "ville_naissance": "Bron",
        "departement_naissance": "69",
        "pays_naissance": "France",
        "numero_voie": "12",
        "type_voie": "RUE",
        "nom_voie": "de la République",
        "code_postal": "69800",
        "ville": "Saint-Priest",
        "email": "Jean.Dupont@gmail.com",
        "agence": agence.pk,
        "categorie_formation": "B",
        "filiere": "TRADITIONNELLE",
        **champs,
    }


def test_creating_a_student_stores_it_with_its_dossier_and_search_keys(client_secretaire, agence):
    response = client_secretaire.post(reverse("eleves:creer"), fiche(agence, nom_usage="Éloi"))
    eleve = Eleve.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("eleves:fiche", args=[eleve.pk])
    assert (eleve.nom_naissance, eleve.ville, eleve.email) == (
        "DUPONT",
        "SAINT-PRIEST",
        "jean.dupont@gmail.com",
    )
    assert (eleve.recherche_nom, eleve.recherche_nom_usage, eleve.recherche_prenom) == (
        "DUPONT",
        "ELOI",
        "JEAN",
    )
    assert eleve.dossier.categories_demandees == []


def test_an_error_names_the_field_says_how_to_fix_and_keeps_what_was_typed(client_secretaire, agence):
    response = client_secretaire.post(
        reverse("eleves:creer"), fiche(agence, date_naissance="", code_postal="698", observations="Timide")
    )
    content = response.content.decode()
    assert response.status_code == 200 and not Eleve.objects.exists()
    assert "« Date de naissance » est obligatoire : renseignez-le." in content
    assert "Le code postal s&#x27;écrit avec 5 chiffres, par exemple 69800." in content
    assert 'value="de la République"' in content and "Timide" in content and 'value="698"' in content


def test_several_given_names_are_refused_at_typing_time_with_the_fix(client_secretaire, agence):
    content = client_secretaire.post(
        reverse("eleves:creer"), fiche(agence, prenom="Jean Paul")
    ).content.decode()
    assert "gardez « Jean » dans Prénom et écrivez « Paul » dans Autres prénoms" in content


def test_a_dot_in_the_street_name_is_refused_at_typing_time(client_secretaire, agence):
    content = client_secretaire.post(
        reverse("eleves:creer"), fiche(agence, nom_voie="Av. Foch")
    ).content.decode()
    assert "« Nom de la voie » contient « . »" in content


def test_a_wrong_neph_says_the_expected_format(client_secretaire, agence):
    content = client_secretaire.post(reverse("eleves:creer"), fiche(agence, neph="12345")).content.decode()
    assert "Le numéro NEPH s&#x27;écrit avec 12 chiffres" in content


def test_a_birth_date_in_the_future_is_refused(client_secretaire, agence):
    content = client_secretaire.post(
        reverse("eleves:creer"), fiche(agence, date_naissance="2099-01-01")
    ).content
    assert "« Date de naissance » est dans le futur" in content.decode()


def test_a_legal_representative_is_saved_with_the_student(client_secretaire, agence):
    data = fiche(
        agence,
        date_naissance="2010-05-05",
        **{
            "representant1-nom": "Dupont",
            "representant1-prenom": "Marie",
            "representant1-date_naissance": "1980-01-01",
            "representant1-nom_voie": "de la République",
            "representant1-code_postal": "69800",
            "representant1-ville": "Saint-Priest",
        },
    )
    client_secretaire.post(reverse("eleves:creer"), data)
    representant = Eleve.objects.get().representants.get()
    assert (representant.rang, representant.nom, representant.ville) == (1, "DUPONT", "SAINT-PRIEST")


def test_emptying_a_legal_representative_removes_it(client_secretaire, agence):
    representant = RepresentantFactory(eleve=EleveFactory(agence=agence))
    eleve = representant.eleve
    client_secretaire.post(reverse("eleves:modifier", args=[eleve.pk]), fiche(agence))
    assert not eleve.representants.exists()


def test_editing_keeps_the_search_keys_in_step(client_secretaire, agence):
    eleve = EleveFactory(agence=agence)
    client_secretaire.post(
        reverse("eleves:modifier", args=[eleve.pk]), fiche(agence, nom_naissance="Lefèvre")
    )
    eleve.refresh_from_db()
    assert eleve.recherche_nom == "LEFEVRE"


def test_saving_a_shared_email_warns_the_secretary(client_secretaire, agence):
    EleveFactory(agence=agence, email="famille@gmail.com")
    response = client_secretaire.post(
        reverse("eleves:creer"), fiche(agence, email="famille@gmail.com"), follow=True
    )
    assert "est aussi celle d&#x27;un autre élève" in response.content.decode()


def test_saving_an_email_used_in_another_agency_reveals_nothing(client_secretaire, agence, autre_agence):
    EleveFactory(agence=autre_agence, email="camille@gmail.com")
    response = client_secretaire.post(
        reverse("eleves:creer"), fiche(agence, email="camille@gmail.com"), follow=True
    )
    assert "La fiche de DUPONT Jean est enregistrée." in response.content.decode()
    assert "autre élève" not in response.content.decode()


def test_the_fiche_tab_shows_the_student(client_secretaire, agence):
    eleve = EleveFactory(agence=agence, nom_naissance="MARTIN")
    content = client_secretaire.get(reverse("eleves:fiche", args=[eleve.pk])).content.decode()
    assert "MARTIN" in content and "Dossier 02-06" in content


# --- Dossier 02-06 ----------------------------------------------------------------------------


def dossier(**champs):
    return {"categories_demandees": ["B"], "lit_francais": "on", "filiere": "AAC", **champs}


def test_the_dossier_is_saved_with_categories_as_a_list_and_the_formula_on_the_student(
    client_secretaire, agence
):
    eleve = EleveFactory(agence=agence)
    response = client_secretaire.post(
        reverse("eleves:dossier", args=[eleve.pk]),
        dossier(
            categories_demandees=["A2", "B"],
            code_ephoto_02="AB12 CD34 EF56 GH78 IJ90 KL",
            correction_vision="on",
        ),
    )
    eleve.refresh_from_db()
    assert response.status_code == 302
    assert eleve.dossier.categories_demandees == ["A2", "B"] and eleve.filiere == "AAC"
    assert eleve.dossier.code_ephoto_02 == "AB12CD34EF56GH78IJ90KL" and eleve.dossier.correction_vision


def test_a_wrong_ephoto_code_is_refused_and_the_rest_kept(client_secretaire, agence):
    eleve = EleveFactory(agence=agence)
    response = client_secretaire.post(
        reverse("eleves:dossier", args=[eleve.pk]),
        dossier(code_ephoto_06="TROPCOURT", derniere_categorie_lieu="BELFORT"),
    )
    content = response.content.decode()
    assert "Le code ePhoto compte exactement 22 lettres ou chiffres" in content
    assert 'value="BELFORT"' in content and 'value="TROPCOURT"' in content


def test_the_last_category_must_be_among_the_held_ones(client_secretaire, agence):
    eleve = EleveFactory(agence=agence)
    content = client_secretaire.post(
        reverse("eleves:dossier", args=[eleve.pk]), dossier(derniere_categorie="B")
    ).content.decode()
    assert "doit aussi être cochée dans « Catégorie(s) déjà obtenue(s) »" in content


def test_the_dossier_tab_lists_the_problems_per_cerfa(client_secretaire, agence):
    eleve = EleveFactory(agence=agence, date_naissance=date(1990, 1, 1))
    Eleve.objects.filter(pk=eleve.pk).update(prenom="JEAN PAUL")  # as an old import may have left it
    content = client_secretaire.get(reverse("eleves:dossier", args=[eleve.pk])).content.decode()
    assert "Cerfa 02 (inscription au permis)" in content and "Cerfa 06 (demande de titre)" in content
    assert (
        "Autres prénoms" in content and "« Numéro neph » est obligatoire pour une demande Cerfa 06" in content
    )


def test_on_error_the_header_shows_the_saved_file_not_what_was_typed(client_secretaire, agence):
    eleve = EleveFactory(agence=agence, nom_naissance="MARTIN", prenom="LUCAS")
    response = client_secretaire.post(
        reverse("eleves:modifier", args=[eleve.pk]), fiche(agence, nom_naissance="Autre", code_postal="69")
    )
    content = response.content.decode()
    assert "<h1>MARTIN LUCAS" in content and 'value="Autre"' in content
