"""Each rule checked before a demande goes to ANTS: one behaviour per test."""

from datetime import date

import pytest

from ants.client.types import TypeDemande
from eleves.verification import age_minimum_titre, cerfa_en_cours, problemes_envoi

from .factories import AgenceFactory, EleveFactory, RepresentantFactory, UserFactory

pytestmark = pytest.mark.django_db

JOUR = date(2026, 6, 15)


def messages(eleve, cerfa=TypeDemande.CERFA_02, jour=JOUR):
    return [p.message for p in problemes_envoi(eleve, cerfa=cerfa, jour=jour)]


def titre_b(eleve, **dossier):
    for nom, valeur in {
        "categories_demandees": ["B"],
        "motif_titre": "REUSSITE_EXAMEN",
        "date_examen_ou_formation": date(2026, 5, 2),
        "code_ephoto_06": "ZX12CD34EF56GH78IJ90KL",
        **dossier,
    }.items():
        setattr(eleve.dossier, nom, valeur)
    eleve.dossier.save()
    eleve.neph = "170392100012"
    eleve.save()
    return eleve


@pytest.fixture
def complet():
    eleve = EleveFactory()
    eleve.dossier.categories_demandees = ["B"]
    eleve.dossier.save()
    return eleve


def test_a_complete_adult_file_has_no_problem_for_cerfa_02(complet):
    assert messages(complet) == []


def test_a_complete_title_file_has_no_problem_for_cerfa_06(complet):
    assert messages(titre_b(complet), TypeDemande.CERFA_06) == []


# --- Minors -----------------------------------------------------------------------------------


def test_a_minor_without_legal_representative_is_stopped(complet):
    complet.date_naissance = date(2010, 1, 1)
    assert any("mineur : renseignez au moins un représentant légal" in m for m in messages(complet))


def test_a_minor_with_a_complete_legal_representative_passes(complet):
    complet.date_naissance = date(2010, 1, 1)
    RepresentantFactory(eleve=complet)
    assert not any("représentant" in m for m in messages(complet))


def test_a_legal_representative_without_address_is_named_with_the_missing_fields(complet):
    complet.date_naissance = date(2010, 1, 1)
    RepresentantFactory(eleve=complet, nom_voie="", ville="")
    assert any("représentant légal 1 : Nom de la voie, Ville" in m for m in messages(complet))


def test_a_legal_representative_must_be_an_adult(complet):
    complet.date_naissance = date(2010, 1, 1)
    RepresentantFactory(eleve=complet, date_naissance=date(2010, 1, 1))
    assert any("doit être majeur" in m for m in messages(complet))


def test_ants_refuses_any_candidate_under_14(complet):
    complet.date_naissance = date(2013, 1, 1)
    RepresentantFactory(eleve=complet)
    assert any("aucune demande avant 14 ans" in m for m in messages(complet))


# --- Minimum age for a title (data table) -------------------------------------------------------


def test_b_title_at_17_is_allowed_since_2024(complet):
    titre_b(complet)
    complet.date_naissance = date(2009, 1, 10)  # 17 on JOUR
    RepresentantFactory(eleve=complet)
    assert not any("titre de la catégorie" in m for m in messages(complet, TypeDemande.CERFA_06))


def test_b_title_at_17_was_refused_before_2024(complet):
    titre_b(complet)
    complet.date_naissance = date(2006, 1, 10)  # 17 on 2023-06-15
    RepresentantFactory(eleve=complet)
    found = messages(complet, TypeDemande.CERFA_06, jour=date(2023, 6, 15))
    assert any(
        "catégorie B ne peut être délivré qu'à partir de 18 ans" in m and "10/01/2024" in m for m in found
    )


def test_b_title_at_16_says_from_which_day_it_can_be_sent(complet):
    titre_b(complet)
    complet.date_naissance = date(2010, 3, 1)
    RepresentantFactory(eleve=complet)
    assert any(
        "à partir de 17 ans" in m and "01/03/2027" in m for m in messages(complet, TypeDemande.CERFA_06)
    )


def test_minimum_age_is_not_checked_for_a_registration(complet):
    complet.date_naissance = date(2011, 1, 1)  # 15: may register for B (AAC)
    RepresentantFactory(eleve=complet)
    assert not any("titre de la catégorie" in m for m in messages(complet))


@pytest.mark.parametrize(
    ("categorie", "detenues", "age"),
    [
        ("AM", [], 14),
        ("A1", [], 16),
        ("B1", [], 16),
        ("A2", [], 18),
        ("A", [], 24),
        ("A", ["A2"], 20),
        ("B", [], 17),
        ("C1", [], 18),
        ("C", [], 21),
        ("D1", [], 21),
        ("D", [], 24),
    ],
)
def test_minimum_ages_in_force_today(categorie, detenues, age):
    assert age_minimum_titre(categorie, jour=JOUR, categories_detenues=detenues) == age


def test_progressive_access_to_a_lowers_the_age_only_for_a2_holders(complet):
    titre_b(
        complet,
        categories_demandees=["A"],
        categories_obtenues=["A2"],
        derniere_categorie="A2",
        derniere_categorie_date=date(2024, 1, 1),
        derniere_categorie_pays="FRANCE",
        derniere_categorie_departement="69",
        derniere_categorie_mode="EXAMEN",
    )
    complet.date_naissance = date(2005, 1, 1)  # 21
    assert not any("catégorie A " in m for m in messages(complet, TypeDemande.CERFA_06))


# --- Email ------------------------------------------------------------------------------------


def test_two_students_sharing_an_email_are_blocked_and_the_sibling_named(complet):
    EleveFactory(agence=complet.agence, email=complet.email, nom_naissance="FRERE", prenom="JULES")
    assert any("aussi celle de FRERE JULES" in m and "propre adresse" in m for m in messages(complet))


def test_an_email_used_in_another_agency_is_not_revealed(complet):
    EleveFactory(email=complet.email.upper(), nom_naissance="AILLEURS")
    assert not any("aussi celle" in m for m in messages(complet))


@pytest.mark.parametrize(
    "email",
    ["contact@ecole-lyon.fr", "info@example.net", "auto-ecole.martin@orange.fr", "secretariat@ecole.fr"],
)
def test_role_and_school_addresses_are_refused(complet, email):
    complet.email = email
    assert any("école ou d'une entreprise" in m for m in messages(complet))


def test_an_address_at_the_agency_staff_domain_is_refused(complet):
    UserFactory(agences=[complet.agence], email="marie@ae-synergie.fr")
    complet.email = "jeanne.durand@ae-synergie.fr"
    assert any("école ou d'une entreprise" in m for m in messages(complet))


def test_a_staff_member_on_a_public_provider_does_not_block_students_there(complet):
    UserFactory(agences=[complet.agence], email="secretaire@gmail.com")
    assert messages(complet) == []


# --- Names and addresses ----------------------------------------------------------------------


def test_several_given_names_in_prenom_are_split_in_the_message(complet):
    complet.prenom = "JEAN PAUL MARIE"
    assert any(
        "gardez « JEAN » dans Prénom et écrivez « PAUL MARIE » dans Autres prénoms" in m
        for m in messages(complet)
    )


def test_a_hyphenated_given_name_is_one_name(complet):
    complet.prenom = "JEAN-PAUL"
    assert messages(complet) == []


@pytest.mark.parametrize(
    ("champ", "valeur", "cite"),
    [("nom_voie", "DU GAL. DE GAULLE", "."), ("complement", "BAT B / APT 3", "/")],
)
def test_dots_and_special_characters_in_street_fields_are_refused(complet, champ, valeur, cite):
    setattr(complet, champ, valeur)
    assert any(f"contient « {cite} »" in m and "de l'élève" in m for m in messages(complet))


def test_a_bis_typed_in_the_street_number_is_sent_to_the_extension(complet):
    complet.numero_voie = "12 BIS"
    refus = "« Numéro de la voie de l'élève » contient « espace »"
    assert any(refus in m and "se choisissent dans « Extension »" in m for m in messages(complet))


def test_the_number_to_keep_keeps_its_letter(complet):
    complet.numero_voie = "12b-14"
    assert any("Saisissez « 12B » seul" in m for m in messages(complet))


def test_a_street_number_with_a_letter_is_accepted(complet):
    complet.numero_voie = "3B"
    assert messages(complet) == []


def test_street_of_the_legal_representative_is_checked_too(complet):
    RepresentantFactory(eleve=complet, nom_voie="AV. FOCH")
    assert any("du représentant légal 1 » contient « . »" in m for m in messages(complet))


# --- Fields each Cerfa requires ---------------------------------------------------------------


def test_cerfa_06_needs_the_neph(complet):
    titre_b(complet).neph = ""
    assert (
        "Pour une demande Cerfa 06 (demande de titre), renseignez dans l'onglet Fiche : « Numéro NEPH »."
        in (messages(complet, TypeDemande.CERFA_06))
    )


def test_cerfa_02_does_not_need_the_neph(complet):
    assert not any("neph" in m.lower() for m in messages(complet))


def test_cerfa_06_needs_the_exam_or_training_context(complet):
    titre_b(complet, motif_titre="", date_examen_ou_formation=None)
    found = messages(complet, TypeDemande.CERFA_06)
    assert any("Demande de titre après" in m for m in found)
    assert any("Date de l'examen ou de la formation" in m for m in found)


def test_categories_asked_are_required(complet):
    complet.dossier.categories_demandees = []
    assert any(
        "renseignez dans l'onglet Dossier 02-06 : « Catégories demandées »" in m for m in messages(complet)
    )


def test_email_is_required_as_ants_writes_to_the_student(complet):
    complet.email = ""
    assert any("renseignez dans l'onglet Fiche : « E-mail »" in m for m in messages(complet))


def test_held_categories_need_the_last_licence_details(complet):
    complet.dossier.categories_obtenues = ["B"]
    found = messages(complet)
    assert any("Dernière catégorie obtenue" in m for m in found)
    assert any("« Pays de délivrance »" in m for m in found)


def test_born_in_france_needs_a_birth_department(complet):
    complet.departement_naissance = ""
    assert any("Département de naissance" in m for m in messages(complet))


def test_born_abroad_needs_no_birth_department(complet):
    complet.pays_naissance, complet.departement_naissance = "ESPAGNE", ""
    assert messages(complet) == []


def test_the_agency_prefecture_is_required():
    eleve = EleveFactory(agence=AgenceFactory(prefecture=""))
    eleve.dossier.categories_demandees = ["B"]
    assert any("préfecture de l'agence" in m for m in messages(eleve))


def test_the_prefecture_of_the_responsible_agency_is_the_one_used():
    responsable = AgenceFactory(prefecture="RHONE")
    eleve = EleveFactory(agence=AgenceFactory(prefecture="", agence_responsable=responsable))
    eleve.dossier.categories_demandees = ["B"]
    assert messages(eleve) == []


def test_a_heavy_category_needs_the_medical_visit(complet):
    complet.dossier.categories_demandees = ["B", "C"]
    assert any("La catégorie C demande un avis médical" in m for m in messages(complet))


def test_a_heavy_category_with_its_medical_visit_passes(complet):
    complet.dossier.categories_demandees = ["C"]
    complet.dossier.visite_medicale = date(2026, 5, 1)
    complet.categorie_formation = "C"
    assert messages(complet) == []


# --- What ANTS refuses in names, identifiers, dates (issue 14) --------------------------------


@pytest.mark.parametrize(
    ("champ", "valeur", "cite"),
    [
        ("prenom", "J.PIERRE", "« . »"),
        ("nom_naissance", "DU-PONT.", "« . »"),
        ("nom_usage", "MARTIN2", "« 2 »"),
        ("nom_naissance", "O/BRIEN", "« / »"),
    ],
)
def test_dots_digits_and_special_characters_in_a_name_are_flagged(complet, champ, valeur, cite):
    setattr(complet, champ, valeur)
    assert any(
        f"contient {cite} : l'ANTS n'accepte dans un nom que des lettres" in m for m in messages(complet)
    )


def test_a_comma_in_the_other_given_names_says_to_separate_them_by_a_space(complet):
    complet.autres_prenoms = "PAUL, MARIE"
    assert any("séparez les prénoms par un espace, sans virgule" in m for m in messages(complet))


def test_the_legal_representative_name_is_checked_too(complet):
    RepresentantFactory(eleve=complet, prenom="ANNE.")
    assert any(m.startswith("« Prénoms du représentant légal 1 » contient « . »") for m in messages(complet))


def test_a_name_in_lower_case_with_accents_is_what_ants_gets_once_written_its_way(complet):
    complet.nom_naissance, complet.prenom = "garcía", "anne-sophie"
    assert messages(complet) == []


def test_a_title_demande_without_ephoto_code_is_flagged(complet):
    titre_b(complet, code_ephoto_06="")
    assert any("Le code ePhoto du Cerfa 06 est vide" in m for m in messages(complet, TypeDemande.CERFA_06))


def test_the_same_ephoto_code_on_both_cerfas_is_flagged(complet):
    titre_b(complet, code_ephoto_02="zx12cd34ef56gh78ij90kl")
    assert any(
        "celui du Cerfa 02 : un code ne sert qu'une fois" in m
        for m in messages(complet, TypeDemande.CERFA_06)
    )


@pytest.mark.parametrize(
    ("champ", "valeur", "attendu"),
    [("neph", "17039210001", "12 chiffres"), ("code_ephoto_06", "AB12-CD", "22 lettres ou chiffres")],
)
def test_identifier_formats_are_checked_again_before_sending(complet, champ, valeur, attendu):
    titre_b(complet)
    cible = complet if champ == "neph" else complet.dossier
    type(cible).objects.filter(pk=cible.pk).update(**{champ: valeur})  # as written otherwise than by a form
    complet.refresh_from_db()
    assert any(attendu in m for m in messages(complet, TypeDemande.CERFA_06))


def test_a_student_email_equal_to_the_legal_representative_one_is_flagged(complet):
    RepresentantFactory(eleve=complet, email=complet.email.upper())
    assert any("aussi celle du représentant légal 1" in m for m in messages(complet))


def test_a_student_email_equal_to_a_staff_member_personal_address_is_flagged(complet):
    UserFactory(agences=[complet.agence], email=complet.email)
    assert any("celle d'un membre de l'agence" in m for m in messages(complet))


def test_a_title_demande_for_an_exam_in_the_future_is_flagged(complet):
    titre_b(complet, date_examen_ou_formation=date(2026, 7, 1))
    found = messages(complet, TypeDemande.CERFA_06)
    assert any("(01/07/2026) est dans le futur" in m and "après l'examen réussi" in m for m in found)


def test_a_formation_category_not_among_the_categories_asked_is_flagged(complet):
    complet.categorie_formation = "A2"
    assert any("formation au permis A2, mais le Dossier 02-06 demande B" in m for m in messages(complet))


@pytest.mark.parametrize(
    ("mobile", "attendu"),
    [
        ("", "Renseignez « Téléphone mobile »"),
        ("04 78 12 34 56", "est un numéro de téléphone fixe"),
        ("12345", "n'est pas un numéro de téléphone"),
    ],
    ids=["vide", "fixe", "mal formé"],
)
def test_the_mobile_phone_is_checked(complet, mobile, attendu):
    complet.telephone_mobile = mobile
    assert any(attendu in m for m in messages(complet))


@pytest.mark.parametrize("mobile", ["0612345678", "07.12.34.56.78", "+33 6 12 34 56 78", "+41 79 123 45 67"])
def test_a_mobile_phone_passes(complet, mobile):
    complet.telephone_mobile = mobile
    assert messages(complet) == []


def test_a_birth_date_in_the_future_says_so_not_minus_one_year(complet):
    complet.date_naissance = date(2027, 1, 1)
    found = messages(complet)
    assert any("(01/01/2027) est dans le futur" in m for m in found) and not any("-1 ans" in m for m in found)


def test_the_cerfa_the_student_is_at_is_the_registration_then_the_title(complet):
    assert cerfa_en_cours(complet) == TypeDemande.CERFA_02
    complet.neph = "170392100012"
    assert cerfa_en_cours(complet) == TypeDemande.CERFA_06
