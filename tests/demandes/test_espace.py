"""Espace Administratif › « Demandes en ligne (site ANTS) »: counters, search, red rows, linking, tenancy."""

from datetime import datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from ants.client.types import Statut, TypeDemande
from demandes.compteurs import compter, groupes_des_demandes
from demandes.construction import demande_depuis_eleve
from demandes.instantane import vers_json
from demandes.models import Demande, Operation
from tests.demandes.factories import DemandeFactory
from tests.eleves.factories import EleveFactory
from tests.factories import AgenceFactory, UserFactory

PARIS = ZoneInfo("Europe/Paris")
S = Statut


@pytest.fixture
def bureau(db):
    return AgenceFactory(code="LYON01", nom="Lyon Part-Dieu")


@pytest.fixture
def gestionnaire(client, bureau):
    client.force_login(UserFactory(agences=[bureau]))
    return client


def liste(client, agence, **criteres):
    response = client.get(reverse("demandes:espace_agence", args=[agence.code]), criteres)
    assert response.status_code == 200
    return response


def texte(response) -> str:
    return unescape(response.content.decode())


def numeros(response) -> set[str]:
    return {ligne.demande.numero for ligne in response.context["lignes"]}


def sur_le_site_ants(agence, **champs):
    """A demande made directly on the ANTS site with the agency's account, linked to no student."""
    return DemandeFactory(eleve=None, agence=agence, **champs)


def a_paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


# --- Counters ------------------------------------------------------------------------------------


def test_each_counter_counts_its_statuses_for_its_cerfa(bureau):
    for statut in (S.A_COMPLETER, S.REJETEE, S.REFUSEE_USAGER, S.VERIFICATION_IMAGES, S.EN_COURS_TRAITEMENT):
        sur_le_site_ants(bureau, statut=statut)
    sur_le_site_ants(bureau, statut=S.A_TRAITER_CERFA_06)
    DemandeFactory.create_batch(2, eleve__agence=bureau, type=TypeDemande.CERFA_06, statut=S.ACCEPTEE)
    DemandeFactory(eleve__agence=bureau, statut="SUPPRIMEE")  # ours: listed, in no counter
    DemandeFactory(statut=S.BROUILLON)  # another agency's

    compteurs = compter(groupes_des_demandes(Demande.objects.filter(agence=bureau)))

    figures = {
        (type_demande, valeur.compteur.cle): valeur.nombre
        for type_demande, valeurs in compteurs.par_type
        for valeur in valeurs
        if valeur and valeur.nombre
    }
    assert figures == {
        ("CERFA_02", "a_traiter"): 1,
        ("CERFA_02", "rejete"): 2,
        ("CERFA_02", "en_cours"): 2,
        ("CERFA_02", "a_traiter_cerfa_06"): 1,
        ("CERFA_06", "accepte"): 2,
    }
    assert (compteurs.total, compteurs.non_reliees) == (9, 6)


def test_a_title_demande_has_no_counter_for_what_only_a_registration_reaches(bureau):
    compteurs = dict(compter(groupes_des_demandes(Demande.objects.filter(agence=bureau))).par_type)
    cles = {
        type_demande: [v and v.compteur.cle for v in compteurs[type_demande]] for type_demande in compteurs
    }
    assert cles[TypeDemande.CERFA_02][4] == "a_traiter_cerfa_06"
    assert cles[TypeDemande.CERFA_06][4] is None  # an empty place: each counter keeps its column
    assert cles[TypeDemande.CERFA_06][7] == "accepte"


def test_clicking_a_counter_lists_only_its_demandes(gestionnaire, bureau):
    rejetee = sur_le_site_ants(bureau, statut=S.REJETEE)
    refusee = sur_le_site_ants(bureau, statut=S.REFUSEE_USAGER)
    sur_le_site_ants(bureau, statut=S.BROUILLON)
    sur_le_site_ants(bureau, statut=S.REJETEE, type=TypeDemande.CERFA_06)

    page = liste(gestionnaire, bureau)
    lien = 'href="?compteur=CERFA_02%3Arejete"'
    assert lien in page.content.decode()

    filtree = liste(gestionnaire, bureau, compteur="CERFA_02:rejete")
    assert numeros(filtree) == {rejetee.numero, refusee.numero}
    assert 'aria-current="true"' in filtree.content.decode()


# --- Search --------------------------------------------------------------------------------------


def test_search_by_number(gestionnaire, bureau):
    cherchee = sur_le_site_ants(bureau, numero="90120170705153905547685")
    sur_le_site_ants(bureau)
    assert numeros(liste(gestionnaire, bureau, numero="9012 0170 7051 5390 5547 685")) == {cherchee.numero}


def test_creation_dates_are_days_in_paris_both_ends_included(gestionnaire, bureau):
    tard_le_premier = sur_le_site_ants(bureau, cree_le=a_paris(2026, 3, 1, 23, 30))  # 22:30 UTC
    tot_le_deux = sur_le_site_ants(bureau, cree_le=a_paris(2026, 3, 2, 0, 15))
    sur_le_site_ants(bureau, cree_le=a_paris(2026, 2, 28, 23, 59))
    sur_le_site_ants(bureau, cree_le=a_paris(2026, 3, 3, 0, 0))

    trouvees = numeros(liste(gestionnaire, bureau, cree_du="2026-03-01", cree_au="2026-03-02"))

    assert trouvees == {tard_le_premier.numero, tot_le_deux.numero}


def test_modification_dates_filter_on_the_last_change(gestionnaire, bureau):
    ancienne = a_paris(2026, 1, 5, 10, 0)
    modifiee = sur_le_site_ants(bureau, cree_le=ancienne, modifie_le=a_paris(2026, 3, 10, 9, 0))
    sur_le_site_ants(bureau, cree_le=ancienne, modifie_le=ancienne)
    assert numeros(liste(gestionnaire, bureau, modifie_du="2026-03-01")) == {modifiee.numero}
    assert numeros(liste(gestionnaire, bureau, modifie_au="2026-03-01")) != {modifiee.numero}


def test_a_range_ending_before_it_starts_is_said_and_not_applied(gestionnaire, bureau):
    demande = sur_le_site_ants(bureau)
    page = liste(gestionnaire, bureau, cree_du="2026-03-10", cree_au="2026-03-01")
    assert "La date de fin précède la date de début." in page.content.decode()
    assert demande.numero in numeros(page)


def test_only_the_demandes_linked_to_no_student(gestionnaire, bureau):
    seule = sur_le_site_ants(bureau)
    DemandeFactory(eleve__agence=bureau)
    assert numeros(liste(gestionnaire, bureau, non_reliees="on")) == {seule.numero}


def test_the_search_keeps_the_counter_chosen(gestionnaire, bureau):
    brouillon = sur_le_site_ants(bureau, statut=S.BROUILLON, numero="111")
    sur_le_site_ants(bureau, statut=S.ACCEPTEE, numero="222")
    page = liste(gestionnaire, bureau, compteur="CERFA_02:brouillons", non_reliees="on")
    assert numeros(page) == {brouillon.numero}
    assert '<input type="hidden" name="compteur" value="CERFA_02:brouillons">' in page.content.decode()


# --- The list ------------------------------------------------------------------------------------


def test_a_demande_linked_to_no_student_is_red_with_ants_name_for_the_candidate(gestionnaire, bureau):
    demande = sur_le_site_ants(bureau, numero="3256", candidat_nom="LABORETA", candidat_prenom="CAMILLE")
    html = liste(gestionnaire, bureau).content.decode()
    assert '<tr class="non-reliee" data-numero="3256">' in html
    assert "LABORETA CAMILLE" in html and "Non reliée à un élève" in html
    assert reverse("demandes:associer", args=[demande.pk]) in html


def test_a_linked_demande_leads_to_the_students_demandes_tab(gestionnaire, bureau):
    demande = DemandeFactory(eleve__agence=bureau, statut=S.ACCEPTEE, neph="170392100012")
    html = liste(gestionnaire, bureau).content.decode()
    assert f'<a href="{reverse("demandes:eleve", args=[demande.eleve.pk])}">{demande.eleve}</a>' in html
    assert "170392100012" in html and "Acceptée" in html


def test_the_list_is_paginated_newest_first(gestionnaire, bureau):
    debut = a_paris(2026, 1, 1, 9, 0)
    for jour in range(30):
        sur_le_site_ants(bureau, numero=f"{1000 + jour}", cree_le=debut + timedelta(days=jour))
    premiere = liste(gestionnaire, bureau)
    assert [ligne.demande.numero for ligne in premiere.context["lignes"]][:2] == ["1029", "1028"]
    assert len(premiere.context["lignes"]) == 25
    assert numeros(liste(gestionnaire, bureau, page=2)) == {f"{1000 + jour}" for jour in range(5)}


def _agence_chargee(agence, demandes: int = 40):
    """Linked and unlinked demandes, each with an operation: a download, or a link under way."""
    eleves = EleveFactory.create_batch(5, agence=agence)
    for i in range(demandes):
        eleve = eleves[i % 5]
        demande = DemandeFactory(eleve=eleve if i % 3 else None, agence=agence, statut=list(S)[i % 11])
        if demande.eleve:
            Operation.objects.create(
                agence=agence, demande=demande, eleve=eleve, action="TELECHARGER", cle="T"
            )
        else:
            Operation.objects.create(
                agence=agence, eleve=eleve, action="RELIER", cle=f"RELIER:{demande.numero}", entree={}
            )


def test_the_page_reads_counters_and_rows_in_a_few_queries(
    gestionnaire, bureau, django_assert_max_num_queries
):
    _agence_chargee(bureau)
    # session, user, agency, agencies for the choice, counters (their total counts the list), rows,
    # their operations, last sync
    with django_assert_max_num_queries(8):
        page = liste(gestionnaire, bureau)
    assert len(page.context["lignes"]) == 25
    assert all(ligne.operations for ligne in page.context["lignes"])


def test_the_export_reads_the_rows_in_one_query(gestionnaire, bureau, django_assert_max_num_queries):
    _agence_chargee(bureau)
    # session, user, agency, the rows (one server-side cursor, read in chunks)
    with django_assert_max_num_queries(4):
        response = gestionnaire.get(reverse("demandes:exporter", args=[bureau.code]))
        b"".join(response.streaming_content)


def test_following_an_operation_reloads_only_the_list(gestionnaire, bureau):
    _agence_chargee(bureau, demandes=3)
    response = gestionnaire.get(
        reverse("demandes:espace_agence", args=[bureau.code]), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="liste"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="liste"') and 'hx-trigger="every 2s"' in html
    assert "compteurs" not in response.context


# --- Linking a demande to a student --------------------------------------------------------------


def dialogue(client, demande, **params):
    return client.get(reverse("demandes:associer", args=[demande.pk]), params, HTTP_HX_REQUEST="true")


def test_the_dialog_offers_the_agencys_students_named_as_ants_names_the_candidate(client, bureau):
    autre_bureau = AgenceFactory()
    client.force_login(UserFactory(agences=[bureau, autre_bureau]))
    demande = sur_le_site_ants(bureau, candidat_nom="BRENACK", candidat_prenom="JULIEN")
    celui_ci = EleveFactory(agence=bureau, nom_naissance="BRENAC", prenom="JULIEN")
    EleveFactory(agence=autre_bureau, nom_naissance="BRENACK")
    EleveFactory(agence=bureau, nom_naissance="MARTIN")

    html = texte(dialogue(client, demande, q="brenac"))

    assert "<dialog" in html and "Associer un élève à une demande" in html
    assert "Mettre à jour toutes les informations de l'élève depuis le site de la préfecture" in html
    assert html.count('name="eleve"') == 1 and f'value="{celui_ci.pk}"' in html


def test_the_dialog_first_searches_the_name_ants_gave(gestionnaire, bureau):
    demande = sur_le_site_ants(bureau, candidat_nom="BRENAC")
    eleve = EleveFactory(agence=bureau, nom_naissance="BRENAC")
    assert f'value="{eleve.pk}"' in dialogue(gestionnaire, demande).content.decode()


def test_typing_in_the_dialog_searches_by_the_first_letters(gestionnaire, bureau):
    demande = sur_le_site_ants(bureau)
    eleve = EleveFactory(agence=bureau, nom_naissance="LABORET", prenom="CHRISTINE")
    url = reverse("demandes:associer_eleves", args=[demande.pk])
    assert f'value="{eleve.pk}"' in gestionnaire.get(url, {"q": "labo"}).content.decode()
    assert "Aucun élève de l'agence" in gestionnaire.get(url, {"q": "zz"}).content.decode()


def relier(client, demande, eleve, **champs):
    return client.post(
        reverse("demandes:associer", args=[demande.pk]),
        {
            "eleve": eleve.pk,
            "retour": reverse("demandes:espace_agence", args=[demande.agence.code]),
            **champs,
        },
    )


def test_linking_asks_the_workers_and_the_row_shows_it_under_way(gestionnaire, bureau):
    demande = sur_le_site_ants(bureau)
    eleve = EleveFactory(agence=bureau)

    response = relier(gestionnaire, demande, eleve)

    assert response.status_code == 302
    assert response["Location"] == reverse("demandes:espace_agence", args=[bureau.code])
    operation = Operation.objects.get(action="RELIER")
    assert (operation.eleve, operation.entree) == (eleve, {"numero": demande.numero, "ecraser": False})
    html = liste(gestionnaire, bureau).content.decode()
    assert f'data-operation="{operation.pk}"' in html and 'hx-trigger="every 2s"' in html


def test_an_htmx_link_answers_with_a_redirect_htmx_follows(gestionnaire, bureau):
    demande = sur_le_site_ants(bureau)
    response = gestionnaire.post(
        reverse("demandes:associer", args=[demande.pk]),
        {"eleve": EleveFactory(agence=bureau).pk, "retour": "/demandes/agences/LYON01/?page=2"},
        HTTP_HX_REQUEST="true",
    )
    assert response["HX-Redirect"] == "/demandes/agences/LYON01/?page=2"


def test_a_student_of_another_agency_is_refused(gestionnaire, bureau):
    demande = sur_le_site_ants(bureau)
    assert relier(gestionnaire, demande, EleveFactory()).status_code == 404
    assert not Operation.objects.exists()


def test_a_demande_linked_to_another_student_says_so_in_the_dialog(gestionnaire, bureau):
    demande = DemandeFactory(eleve__agence=bureau)
    response = relier(gestionnaire, demande, EleveFactory(agence=bureau), q="DUR")
    assert "Cette demande est déjà reliée à un autre élève." in response.content.decode()
    assert response.context["texte"] == "DUR"  # the search the user had made is shown again
    assert not Operation.objects.exists()


def test_clicking_without_choosing_a_student_says_what_to_do(gestionnaire, bureau):
    demande = sur_le_site_ants(bureau)
    response = gestionnaire.post(reverse("demandes:associer", args=[demande.pk]), {})
    assert "Cliquez sur le nom de l'élève dans la liste." in texte(response)


@pytest.fixture
def sur_le_site(ants_sandbox, ants_account, eleve):
    """A demande made on the ANTS site for the student's person, our row of it linked to no one."""
    body = vers_json(demande_depuis_eleve(eleve, type_demande="CERFA_02"))
    body["candidat"]["telephone_mobile"] = "0611223344"
    cree = ants_sandbox.control("demandes", agrement=ants_account["agrement"], demande=body)
    return sur_le_site_ants(eleve.agence, numero=cree["numero"], candidat_nom=eleve.nom_naissance)


@pytest.mark.parametrize("ecraser, telephone", [(False, "06 12 34 56 78"), (True, "0611223344")])
def test_the_link_is_made_on_ants_and_may_take_the_students_data_from_there(
    client_secretaire, sur_le_site, eleve, eager, django_capture_on_commit_callbacks, ecraser, telephone
):
    with django_capture_on_commit_callbacks(execute=True):
        relier(client_secretaire, sur_le_site, eleve, **({"ecraser": "on"} if ecraser else {}))

    sur_le_site.refresh_from_db()
    eleve.refresh_from_db()
    assert sur_le_site.eleve == eleve
    assert eleve.telephone_mobile == telephone
    html = texte(liste(client_secretaire, eleve.agence))
    assert f'<tr class="reliee" data-numero="{sur_le_site.numero}">' in html
    assert "est reliée à l'élève" in html  # the finished operation, on its row for a while


# --- ANTS's documents, from the row --------------------------------------------------------------


def telecharger(client, demande, retour):
    return client.post(
        reverse("demandes:telecharger", args=[demande.pk]),
        {"quoi": "document", "code": "AVIS_MEDICAL", "retour": retour},
    )


def test_a_linked_rows_available_documents_are_offered(gestionnaire, bureau):
    demande = DemandeFactory(eleve__agence=bureau)
    html = texte(liste(gestionnaire, bureau))
    assert "Documents de l'ANTS (2)" in html and "Avis médical" in html
    assert "Attestation dépôt inscription au permis" not in html  # not available yet
    assert reverse("demandes:telecharger", args=[demande.pk]) in html


def test_a_download_asked_from_the_list_comes_back_to_the_list(gestionnaire, bureau):
    demande = DemandeFactory(eleve__agence=bureau)
    retour = reverse("demandes:espace_agence", args=[bureau.code]) + "?compteur=CERFA_02%3Abrouillons&page=1"
    response = telecharger(gestionnaire, demande, retour)
    assert response["Location"] == retour
    assert Operation.objects.get().entree == {
        "quoi": "document",
        "code": "AVIS_MEDICAL",
        "libelle": "Avis médical",
    }


def test_a_document_of_an_unlinked_demande_asks_to_link_it_first(gestionnaire, bureau):
    demande = sur_le_site_ants(bureau)
    response = gestionnaire.post(
        reverse("demandes:telecharger", args=[demande.pk]),
        {"quoi": "document", "code": "AVIS_MEDICAL"},
        follow=True,
    )
    assert response.redirect_chain[0][0] == reverse("demandes:espace")  # no student tab to go back to
    assert "Reliez d'abord la demande à un élève" in texte(response)
    assert not Operation.objects.exists()


def test_a_retour_to_another_site_is_ignored(gestionnaire, bureau):
    demande = DemandeFactory(eleve__agence=bureau)
    response = telecharger(gestionnaire, demande, "https://ailleurs.example/piege")
    assert response["Location"] == reverse("demandes:eleve", args=[demande.eleve.pk])


def test_the_fetched_document_is_offered_on_its_row(gestionnaire, bureau):
    from django.utils import timezone

    demande = DemandeFactory(eleve__agence=bureau)
    Operation.objects.create(
        agence=bureau,
        demande=demande,
        eleve=demande.eleve,
        action="TELECHARGER",
        cle="T",
        etat=Operation.Etat.FAITE,
        terminee_le=timezone.now(),
        message="« Avis médical » est prêt.",
        resultat={"document": 7},
    )
    html = liste(gestionnaire, bureau).content.decode()
    assert "« Avis médical » est prêt." in html
    assert f'href="{reverse("documents:telecharger", args=[7])}">Ouvrir le document' in html
    assert 'hx-trigger="every 2s"' not in html  # nothing under way: the list does not poll


# --- Tenancy -------------------------------------------------------------------------------------


def test_the_menu_opens_the_users_first_agency(gestionnaire, bureau):
    response = gestionnaire.get(reverse("demandes:espace"))
    assert response["Location"] == reverse("demandes:espace_agence", args=[bureau.code])


def test_the_agency_choice_lists_only_the_users_agencies(gestionnaire, bureau):
    AgenceFactory(code="AILLEURS")
    html = liste(gestionnaire, bureau).content.decode()
    assert 'value="LYON01"' in html and 'value="AILLEURS"' not in html


def test_another_agency_reaches_none_of_the_espace_urls(client, bureau):
    demande = sur_le_site_ants(bureau)
    eleve = EleveFactory(agence=bureau)
    client.force_login(UserFactory(agences=[AgenceFactory()], is_staff=True, is_superuser=True))
    urls = [
        ("get", reverse("demandes:espace") + f"?agence={bureau.code}"),
        ("get", reverse("demandes:espace_agence", args=[bureau.code])),
        ("get", reverse("demandes:exporter", args=[bureau.code])),
        ("get", reverse("demandes:associer", args=[demande.pk])),
        ("post", reverse("demandes:associer", args=[demande.pk])),
        ("get", reverse("demandes:associer_eleves", args=[demande.pk]) + "?q=DUR"),
    ]

    def statut(method, url):
        # A GET's data would replace the query string: only the POST carries the student.
        return (client.post(url, {"eleve": eleve.pk}) if method == "post" else client.get(url)).status_code

    answers = {url: statut(method, url) for method, url in urls}
    assert set(answers.values()) == {404}, answers
    assert not Operation.objects.exists()
