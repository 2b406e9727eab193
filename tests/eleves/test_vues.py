"""The screens of the student file: create, edit, Dossier 02-06 (documents: tests/documents)."""

import re
from datetime import date

import pytest
from django.urls import reverse

from agences.access import SUPPRIMER_CODE_EPHOTO, VALIDER_DEMANDE
from eleves.models import Eleve

from .factories import EleveFactory, RepresentantFactory, UserFactory

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
        "pays": "France",
        "telephone_mobile": "06 12 34 56 78",
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
    assert (eleve.nom_usage, eleve.recherche_nom, eleve.recherche_prenom) == ("ELOI", "DUPONT", "JEAN")
    assert eleve.dossier.categories_demandees == []


def test_an_error_names_the_field_says_how_to_fix_and_keeps_what_was_typed(client_secretaire, agence):
    response = client_secretaire.post(
        reverse("eleves:creer"), fiche(agence, date_naissance="", code_postal="698", observations="Timide")
    )
    content = response.content.decode()
    assert response.status_code == 200 and not Eleve.objects.exists()
    assert "Renseignez « Date de naissance » : ce champ est obligatoire." in content
    assert "Le code postal s&#x27;écrit avec 5 chiffres, par exemple 69800." in content
    assert 'value="de la République"' in content and "Timide" in content and 'value="698"' in content


def test_several_given_names_are_refused_at_typing_time_with_the_fix(client_secretaire, agence):
    content = client_secretaire.post(
        reverse("eleves:creer"), fiche(agence, prenom="Jean Paul")
    ).content.decode()
    assert "gardez « JEAN » dans Prénom et écrivez « PAUL » dans Autres prénoms" in content


def test_a_dot_in_the_street_name_is_refused_at_typing_time(client_secretaire, agence):
    content = client_secretaire.post(
        reverse("eleves:creer"), fiche(agence, nom_voie="Av. Foch")
    ).content.decode()
    assert "« Nom de la voie » contient « . »" in content


def test_a_street_number_range_is_refused_at_typing_time_with_the_number_to_keep(client_secretaire, agence):
    content = client_secretaire.post(
        reverse("eleves:creer"), fiche(agence, numero_voie="12-14")
    ).content.decode()
    assert "« Numéro de la voie » contient « - »" in content and "Saisissez « 12 » seul" in content
    assert 'value="12-14"' in content


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
            "representant1-pays": "FRANCE",
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
    assert "La fiche de DUPONT JEAN est enregistrée." in response.content.decode()
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
    assert "doit aussi être cochée parmi les « Catégories déjà obtenues »" in content


def test_the_dossier_tab_lists_the_problems_of_the_cerfa_the_student_is_at(client_secretaire, agence):
    eleve = EleveFactory(agence=agence, date_naissance=date(1990, 1, 1))
    Eleve.objects.filter(pk=eleve.pk).update(prenom="JEAN PAUL")  # as an old import may have left it
    content = client_secretaire.get(reverse("eleves:dossier", args=[eleve.pk])).content.decode()
    assert "Cerfa 02 (inscription au permis)" in content and "Cerfa 06 (demande de titre)" not in content
    assert "écrivez « PAUL » dans Autres prénoms" in content and "NEPH" not in content.split("<form")[0]


def test_once_the_neph_is_known_the_dossier_tab_checks_the_title(client_secretaire, agence):
    eleve = EleveFactory(agence=agence, neph="170392100012")
    content = client_secretaire.get(reverse("eleves:dossier", args=[eleve.pk])).content.decode()
    assert "Cerfa 06 (demande de titre)" in content and "Le code ePhoto du Cerfa 06 est vide" in content


def test_each_problem_is_said_once_rules_and_referential_together(client_secretaire, agence, ants_sandbox):
    eleve = EleveFactory(agence=agence)
    Eleve.objects.filter(pk=eleve.pk).update(pays_naissance="")
    client_secretaire.get(reverse("eleves:verification", args=[eleve.pk]), headers={"HX-Request": "true"})
    content = client_secretaire.get(reverse("eleves:dossier", args=[eleve.pk])).content.decode()
    avant_envoi = content.split('class="formulaire formulaire-dossier"')[0]
    lignes = re.findall(r"<li>.*?</li>", avant_envoi)
    assert len([ligne for ligne in lignes if "Pays de naissance" in ligne]) == 1
    assert "pas en France" not in avant_envoi


def test_the_dossier_tab_says_the_referential_check_is_to_be_run(client_secretaire, agence):
    eleve = EleveFactory(agence=agence)
    content = client_secretaire.get(reverse("eleves:dossier", args=[eleve.pk])).content.decode()
    assert "Pas encore vérifiés dans le référentiel de l&#x27;ANTS depuis la dernière modification" in content


def test_the_dossier_tab_includes_the_referential_verdict_of_the_last_check(
    client_secretaire, agence, ants_sandbox
):
    eleve = EleveFactory(agence=agence, ville_naissance="LYON 3", pays_naissance="VIET NAM")
    client_secretaire.get(reverse("eleves:verification", args=[eleve.pk]), headers={"HX-Request": "true"})
    content = client_secretaire.get(reverse("eleves:dossier", args=[eleve.pk])).content.decode()
    assert "« VIET NAM » : Le pays s&#x27;écrit comme dans la liste de l&#x27;ANTS" in content
    assert "Aucun problème détecté" not in content


def test_after_saving_the_fiche_the_problems_before_sending_are_on_the_page(client_secretaire, agence):
    response = client_secretaire.post(
        reverse("eleves:creer"),
        fiche(agence, email="contact@ecole-lyon.fr", date_naissance="2010-05-05", departement_naissance=""),
        follow=True,
    )
    content = response.content.decode()
    assert "La fiche de DUPONT JEAN est enregistrée." in content and "Avant l'envoi à l'ANTS" in content
    assert "celle d&#x27;une école ou d&#x27;une entreprise" in content
    assert "L&#x27;élève est mineur : renseignez au moins un représentant légal" in content
    assert "renseignez dans l&#x27;onglet Fiche : « Département de naissance »" in content


def test_inscrit_le_is_today_on_a_new_file(client_secretaire):
    content = client_secretaire.get(reverse("eleves:creer")).content.decode()
    assert f'name="inscrit_le" value="{date.today():%Y-%m-%d}"' in content


def test_on_error_the_header_shows_the_saved_file_not_what_was_typed(client_secretaire, agence):
    eleve = EleveFactory(agence=agence, nom_naissance="MARTIN", prenom="LUCAS")
    response = client_secretaire.post(
        reverse("eleves:modifier", args=[eleve.pk]), fiche(agence, nom_naissance="Autre", code_postal="69")
    )
    content = response.content.decode()
    assert "<h1>MARTIN LUCAS" in content and 'value="Autre"' in content


# --- Rights, duplicates, formats (issue 14) ----------------------------------------------------


def test_without_the_right_an_ephoto_code_cannot_be_emptied(client, agence):
    eleve = EleveFactory(agence=agence)
    eleve.dossier.code_ephoto_02 = "AB12CD34EF56GH78IJ90KL"
    eleve.dossier.save()
    client.force_login(UserFactory(agences=[agence], permissions=[VALIDER_DEMANDE]))
    page = client.get(reverse("eleves:dossier", args=[eleve.pk])).content.decode()
    assert "Vous n&#x27;avez pas le droit « ANTS - Supprimer le code ePhoto »" in page
    assert re.search(r"<input[^>]*name=\"code_ephoto_02\"[^>]*disabled", page)
    client.post(reverse("eleves:dossier", args=[eleve.pk]), dossier(code_ephoto_02=""))
    eleve.dossier.refresh_from_db()
    assert eleve.dossier.code_ephoto_02 == "AB12CD34EF56GH78IJ90KL"


def test_with_the_right_an_ephoto_code_can_be_emptied(client, agence):
    eleve = EleveFactory(agence=agence)
    eleve.dossier.code_ephoto_02 = "AB12CD34EF56GH78IJ90KL"
    eleve.dossier.save()
    client.force_login(UserFactory(agences=[agence], permissions=[SUPPRIMER_CODE_EPHOTO]))
    client.post(reverse("eleves:dossier", args=[eleve.pk]), dossier(code_ephoto_02=""))
    eleve.dossier.refresh_from_db()
    assert eleve.dossier.code_ephoto_02 == ""


def test_without_the_right_an_empty_ephoto_code_can_still_be_typed(client, agence):
    eleve = EleveFactory(agence=agence)
    client.force_login(UserFactory(agences=[agence]))
    client.post(reverse("eleves:dossier", args=[eleve.pk]), dossier(code_ephoto_02="AB12CD34EF56GH78IJ90KL"))
    eleve.dossier.refresh_from_db()
    assert eleve.dossier.code_ephoto_02 == "AB12CD34EF56GH78IJ90KL"


def test_a_23_character_ephoto_code_gets_the_product_message(client_secretaire, agence):
    eleve = EleveFactory(agence=agence)
    content = client_secretaire.post(
        reverse("eleves:dossier", args=[eleve.pk]), dossier(code_ephoto_02="AB12CD34EF56GH78IJ90KLM")
    ).content.decode()
    assert (
        "Le code ePhoto compte exactement 22 lettres ou chiffres" in content and "Assurez-vous" not in content
    )


def test_a_probable_duplicate_is_said_before_saving_with_a_link_to_the_existing_file(
    client_secretaire, agence
):
    existant = EleveFactory(
        agence=agence, nom_naissance="LEFÈVRE", prenom="Anne-Sophie", date_naissance=date(1998, 3, 15)
    )
    response = client_secretaire.post(
        reverse("eleves:creer"),
        fiche(agence, nom_naissance="LEFEVRE", prenom="anne-sophie", date_naissance="1998-03-15"),
    )
    content = response.content.decode()
    assert response.status_code == 200 and Eleve.objects.count() == 1
    assert "Cet élève existe peut-être déjà" in content
    assert (
        f'href="{reverse("eleves:fiche", args=[existant.pk])}"' in content
        and 'value="anne-sophie"' in content
    )


def test_a_probable_duplicate_can_be_created_once_confirmed(client_secretaire, agence):
    EleveFactory(
        agence=agence, nom_naissance="LEFEVRE", prenom="ANNE-SOPHIE", date_naissance=date(1998, 3, 15)
    )
    client_secretaire.post(
        reverse("eleves:creer"),
        fiche(
            agence,
            nom_naissance="LEFEVRE",
            prenom="anne-sophie",
            date_naissance="1998-03-15",
            doublon_confirme="1",
        ),
    )
    assert Eleve.objects.count() == 2


def test_a_student_of_another_agency_is_not_revealed_as_a_duplicate(client_secretaire, agence, autre_agence):
    EleveFactory(
        agence=autre_agence, nom_naissance="LEFEVRE", prenom="ANNE", date_naissance=date(1998, 3, 15)
    )
    client_secretaire.post(
        reverse("eleves:creer"),
        fiche(agence, nom_naissance="LEFEVRE", prenom="ANNE", date_naissance="1998-03-15"),
    )
    assert Eleve.objects.filter(agence=agence).count() == 1


@pytest.mark.parametrize(
    ("champ", "valeur", "message"),
    [
        ("telephone_mobile", "12345", "« 12345 » n&#x27;est pas un numéro de téléphone"),
        ("telephone_mobile", "04 78 12 34 56", "est un numéro de téléphone fixe"),
        ("prenom", "J.Pierre", "« Prénom » contient « . »"),
        ("nom_naissance", "Du-Pont.", "« Nom de naissance » contient « . »"),
        ("autres_prenoms", "Paul, Marie", "séparez les prénoms par un espace, sans virgule"),
        ("complement", "Bât. B", "« Complément » contient « . »"),
    ],
)
def test_what_ants_refuses_is_refused_at_typing_time(client_secretaire, agence, champ, valeur, message):
    content = client_secretaire.post(
        reverse("eleves:creer"), fiche(agence, **{champ: valeur})
    ).content.decode()
    assert message in content and not Eleve.objects.exists()


def test_names_are_stored_in_ants_form_whatever_their_case_and_accents(client_secretaire, agence):
    client_secretaire.post(
        reverse("eleves:creer"),
        fiche(
            agence,
            nom_naissance="García",
            prenom="anne-sophie",
            autres_prenoms="Marie  claire",
            nom_voie="de l' Église",
        ),
    )
    eleve = Eleve.objects.get()
    assert (eleve.nom_naissance, eleve.prenom, eleve.autres_prenoms, eleve.nom_voie) == (
        "GARCIA",
        "ANNE-SOPHIE",
        "MARIE CLAIRE",
        "DE L'EGLISE",
    )


def test_a_representative_address_reads_without_a_space_before_the_comma(client_secretaire, agence):
    representant = RepresentantFactory(eleve=EleveFactory(agence=agence), numero_voie="5", type_voie="PLACE")
    representant.nom_voie, representant.complement = "BELLECOUR", ""
    representant.save()
    content = client_secretaire.get(reverse("eleves:fiche", args=[representant.eleve.pk])).content.decode()
    assert "5 Place BELLECOUR, 69800 SAINT-PRIEST" in content and "Représentant légal 1" in content
