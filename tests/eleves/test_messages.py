"""Every message the forms of the student file can show, rendered and compared with a list of correct
French sentences (read and corrected by hand: agreement, elision, the product's words). A new message
must be added to PHRASES after being read; a message that reads badly is fixed where it is made."""

from datetime import date, timedelta

import pytest

from documents.forms import DocumentEleveForm
from eleves.forms import DossierForm, EleveForm, RepresentantForm
from eleves.models import DossierPermis, Eleve
from eleves.referentiel import Referentiel
from eleves.verification import problemes_envoi, problemes_referentiel

from .factories import EleveFactory, RepresentantFactory, UserFactory

pytestmark = pytest.mark.django_db

FUTUR = (date.today() + timedelta(days=30)).isoformat()

SAISIES = {
    "EleveForm": [
        {},
        {
            "sexe": "Z",
            "nom_naissance": "Du-Pont." + "X" * 80,
            "nom_usage": "Martin2",
            "prenom": "J.Pierre",
            "autres_prenoms": "Paul, Marie",
            "date_naissance": "32/13/2000",
            "ville_naissance": "X" * 130,
            "departement_naissance": "6",
            "pays_naissance": "France",
            "numero_voie": "12-14",
            "nom_voie": "Av. Foch",
            "complement": "Bât. B",
            "code_postal": "698",
            "ville": "Lyon",
            "telephone_mobile": "12345",
            "telephone_autre": "abc",
            "email": "jean.dupont",
            "inscrit_le": "hier",
            "categorie_formation": "Z",
            "filiere": "Z",
            "neph": "12345",
        },
        {"prenom": "Jean Paul", "date_naissance": FUTUR, "telephone_mobile": "04 78 12 34 56"},
    ],
    "RepresentantForm": [
        {
            "nom": "Du.Pont",
            "prenom": "Anne2",
            "date_naissance": FUTUR,
            "telephone": "12",
            "email": "anne@",
            "code_postal": "6900",
            "numero_voie": "Bât 4",
            "nom_voie": "R. de la Paix",
        }
    ],
    "DossierForm": [
        {
            "categories_demandees": ["ZZ"],
            "derniere_categorie": "B",
            "derniere_categorie_date": "hier",
            "code_ephoto_02": "AB12CD34EF56GH78IJ90KLM",
            "code_ephoto_06": "AB12CD34EF56GH78IJ90K!",
            "filiere": "Z",
            "motif_titre": "Z",
        }
    ],
    "DocumentEleveForm": [{}, {"libelle": "X" * 130}],
}

PHRASES = {
    "La dernière catégorie obtenue (B) doit aussi être cochée parmi les « Catégories déjà obtenues ».",
    "Le code ePhoto compte exactement 22 lettres ou chiffres, sans espace ni tiret : recopiez-le tel qu'il "
    "figure sur la planche photo.",
    "Le code postal s'écrit avec 5 chiffres, par exemple 69800.",
    "Le numéro NEPH s'écrit avec 12 chiffres, sans espace, par exemple 170392100012.",
    "Le prénom « JEAN PAUL » contient plusieurs prénoms : gardez « JEAN » dans Prénom et écrivez « PAUL » "
    "dans Autres prénoms, séparés par un espace.",
    "Renseignez « Bureau d'inscription » : ce champ est obligatoire.",
    "Renseignez « Civilité » : ce champ est obligatoire.",
    "Renseignez « Code postal » : ce champ est obligatoire.",
    "Renseignez « Date de naissance » : ce champ est obligatoire.",
    "Renseignez « Fichier » : choisissez le fichier à déposer.",
    "Renseignez « Filière » : ce champ est obligatoire.",
    "Renseignez « Formation (permis) » : ce champ est obligatoire.",
    "Renseignez « Nature » : choisissez ce qu'est le document.",
    "Renseignez « Nom de la voie » : ce champ est obligatoire.",
    "Renseignez « Nom de naissance » : ce champ est obligatoire.",
    "Renseignez « Pays de naissance » : ce champ est obligatoire.",
    "Renseignez « Prénom » : ce champ est obligatoire.",
    "Renseignez « Ville de naissance » : ce champ est obligatoire.",
    "Renseignez « Ville » : saisissez la ville d'habitation de l'élève.",
    "« Autre téléphone » : « abc » n'est pas un numéro de téléphone. Saisissez ses 10 chiffres, par "
    "exemple 06 12 34 56 78, ou un numéro étranger commençant par +.",
    "« Autres prénoms » : séparez les prénoms par un espace, sans virgule (par exemple « PAUL MARIE »).",
    "« Catégories demandées » : choisissez une valeur dans la liste.",
    "« Civilité » : choisissez une valeur dans la liste.",
    "« Complément » contient « . » : l'ANTS n'accepte que des lettres, des chiffres, des espaces, des "
    "tirets et des apostrophes. Écrivez par exemple « SAINT » plutôt que « ST. ».",
    "« Date d'obtention » n'est pas une date valide : saisissez-la au format JJ/MM/AAAA.",
    "« Date de naissance » est dans le futur : vérifiez l'année.",
    "« Date de naissance » n'est pas une date valide : saisissez-la au format JJ/MM/AAAA.",
    "« Demande de titre après » : choisissez une valeur dans la liste.",
    "« E-mail » n'est pas une adresse e-mail valide : saisissez-la en entier, par exemple "
    "prenom.nom@exemple.fr.",
    "« Filière » : choisissez une valeur dans la liste.",
    "« Formation (permis) » : choisissez une valeur dans la liste.",
    "« Formule de formation » : choisissez une valeur dans la liste.",
    "« Inscrit le » n'est pas une date valide : saisissez-la au format JJ/MM/AAAA.",
    "« Libellé » compte au plus 120 caractères : raccourcissez-le.",
    "« Nom d'usage » contient « 2 » : l'ANTS n'accepte dans un nom que des lettres, des espaces, des "
    "tirets et des apostrophes. Écrivez le nom en entier, sans point ni chiffre (par exemple « JEAN-PIERRE "
    "» plutôt que « J.PIERRE »).",
    "« Nom de la voie » contient « . » : l'ANTS n'accepte que des lettres, des chiffres, des espaces, des "
    "tirets et des apostrophes. Écrivez par exemple « SAINT » plutôt que « ST. ».",
    "« Nom de naissance » compte au plus 80 caractères (la saisie en a 88) : raccourcissez la saisie.",
    "« Nom de naissance » contient « . » : l'ANTS n'accepte dans un nom que des lettres, des espaces, des "
    "tirets et des apostrophes. Écrivez le nom en entier, sans point ni chiffre (par exemple « JEAN-PIERRE "
    "» plutôt que « J.PIERRE »).",
    "« Numéro de la voie » contient « - » : l'ANTS n'accepte que des chiffres et des lettres. Saisissez « 12 "
    "» seul ; bis, ter… se choisissent dans « Extension ».",
    "« Numéro de la voie » contient « espace » : l'ANTS n'accepte que des chiffres et des lettres. Sans "
    "numéro, laissez-le vide ; un bâtiment s'écrit dans « Complément », bis, ter… dans « Extension ».",
    "« Prénom » contient « . » : l'ANTS n'accepte dans un nom que des lettres, des espaces, des tirets et "
    "des apostrophes. Écrivez le nom en entier, sans point ni chiffre (par exemple « JEAN-PIERRE » plutôt "
    "que « J.PIERRE »).",
    "« Prénoms » contient « 2 » : l'ANTS n'accepte dans un nom que des lettres, des espaces, des tirets et "
    "des apostrophes. Écrivez le nom en entier, sans point ni chiffre (par exemple « JEAN-PIERRE » plutôt "
    "que « J.PIERRE »).",
    "« Téléphone mobile » : 04 78 12 34 56 est un numéro de téléphone fixe. L'ANTS envoie ses SMS sur le "
    "mobile de l'élève : saisissez un numéro qui commence par 06 ou 07 (le fixe va dans « Autre téléphone "
    "»).",
    "« Téléphone mobile » : « 12345 » n'est pas un numéro de téléphone. Saisissez ses 10 chiffres, par "
    "exemple 06 12 34 56 78, ou un numéro étranger commençant par +.",
    "« Téléphone » : « 12 » n'est pas un numéro de téléphone. Saisissez ses 10 chiffres, par exemple 06 12 "
    "34 56 78, ou un numéro étranger commençant par +.",
    "« Ville de naissance » compte au plus 120 caractères (la saisie en a 130) : raccourcissez la saisie.",
}


@pytest.fixture
def formulaires(secretaire):
    eleve = EleveFactory(agence=secretaire.agences.get())
    return {
        "EleveForm": lambda data: EleveForm(data, user=secretaire),
        "RepresentantForm": lambda data: RepresentantForm(data),
        "DossierForm": lambda data: DossierForm(data, instance=eleve.dossier, user=secretaire),
        "DocumentEleveForm": lambda data: DocumentEleveForm(data, {}, user=secretaire),
    }


def messages_des_formulaires(formulaires) -> set[str]:
    trouves = set()
    for nom, saisies in SAISIES.items():
        for saisie in saisies:
            form = formulaires[nom](saisie)
            form.is_valid()
            trouves |= {message for erreurs in form.errors.values() for message in erreurs}
    return trouves


def test_every_form_message_is_a_correct_sentence(formulaires):
    assert messages_des_formulaires(formulaires) <= PHRASES


JOUR = date(2026, 6, 15)


def eleves_a_corriger(agence):
    """Files that between them break every rule checked before sending."""
    mineur = EleveFactory(
        agence=agence,
        date_naissance=date(2010, 1, 1),
        email="contact@ecole-lyon.fr",
        telephone_mobile="04 78 12 34 56",
        categorie_formation="A2",
    )
    RepresentantFactory(eleve=mineur, rang=1, nom="", prenom="ANNE.", nom_voie="AV. FOCH", email="")
    RepresentantFactory(eleve=mineur, rang=2, date_naissance=date(2012, 1, 1), email=mineur.email)
    mineur.dossier.categories_demandees = ["C"]
    mineur.dossier.categories_obtenues = ["B"]
    mineur.dossier.save()
    enfant = EleveFactory(agence=agence, date_naissance=date(2013, 1, 1), telephone_mobile="")
    futur = EleveFactory(
        agence=agence,
        date_naissance=date(2027, 1, 1),
        prenom="J.PIERRE",
        nom_naissance="DU-PONT.",
        nom_usage="MARTIN2",
        autres_prenoms="PAUL, MARIE",
        telephone_mobile="12345",
        email="",
        departement_naissance="",
        complement="BAT. B",
    )
    # Identifiers that their forms refuse, as a file written another way may hold them.
    Eleve.objects.filter(pk=futur.pk).update(neph="17039210001")
    DossierPermis.objects.filter(eleve=futur).update(
        motif_titre="REUSSITE_EXAMEN", date_examen_ou_formation=date(2026, 7, 1), code_ephoto_06="AB12-CD"
    )
    futur.refresh_from_db()
    futur.dossier.refresh_from_db()
    titre = EleveFactory(agence=agence, date_naissance=date(2010, 3, 1), neph="170392100012")
    Eleve.objects.filter(pk=titre.pk).update(prenom="JEAN PAUL")
    titre.refresh_from_db()
    RepresentantFactory(eleve=titre)
    titre.dossier.categories_demandees = ["B"]
    titre.dossier.code_ephoto_02 = titre.dossier.code_ephoto_06 = "AB12CD34EF56GH78IJ90KL"
    titre.dossier.motif_titre = "FORMATION"
    titre.dossier.save()
    sans = EleveFactory(agence=agence, neph="170392100012", email="lina.roux@gmail.com")
    sans.dossier.categories_demandees = ["B"]
    sans.dossier.save()
    freres = [
        EleveFactory(agence=agence, email="famille.martin@gmail.com", nom_naissance="MARTIN", prenom=prenom)
        for prenom in ("JULES", "ROSE")
    ]
    RepresentantFactory(eleve=sans, email=sans.email)
    equipe = EleveFactory(agence=agence, email="camille.durand@gmail.com")
    UserFactory(agences=[agence], email="camille.durand@gmail.com")
    return [mineur, enfant, futur, titre, sans, *freres, equipe]


PHRASES_ENVOI = {
    "L'adresse camille.durand@gmail.com est celle d'un membre de l'agence : l'ANTS écrit à l'élève pour "
    "qu'il valide sa demande. Saisissez l'adresse personnelle de l'élève dans l'onglet Fiche.",
    "L'adresse contact@ecole-lyon.fr est celle d'une école ou d'une entreprise : l'ANTS la refuse. "
    "Saisissez l'adresse personnelle de l'élève.",
    "L'adresse famille.martin@gmail.com est aussi celle de MARTIN JULES : l'ANTS refuse une adresse "
    "partagée. Chaque élève doit avoir sa propre adresse e-mail : modifiez-la dans l'onglet Fiche.",
    "L'adresse famille.martin@gmail.com est aussi celle de MARTIN ROSE : l'ANTS refuse une adresse "
    "partagée. Chaque élève doit avoir sa propre adresse e-mail : modifiez-la dans l'onglet Fiche.",
    "L'adresse lina.roux@gmail.com est aussi celle du représentant légal 1 : l'ANTS crée le compte de "
    "l'élève à cette adresse. Saisissez l'adresse personnelle de l'élève dans l'onglet Fiche.",
    "L'élève a 13 ans : l'ANTS n'accepte aucune demande avant 14 ans. Vérifiez la date de naissance.",
    "L'élève est mineur : complétez pour le représentant légal 1 : Nom de naissance.",
    "L'élève est mineur : renseignez au moins un représentant légal (identité et adresse) dans l'onglet "
    "Fiche.",
    "La catégorie C demande un avis médical : saisissez la date de la visite médicale dans l'onglet "
    "Dossier 02-06.",
    "La date de l'examen ou de la formation (01/07/2026) est dans le futur : la demande de titre se fait "
    "après l'examen réussi. Corrigez la date dans l'onglet Dossier 02-06.",
    "La date de naissance (01/01/2027) est dans le futur : vérifiez l'année dans l'onglet Fiche.",
    "La fiche indique une formation au permis A2, mais le Dossier 02-06 demande C : cochez A2 dans les "
    "catégories demandées, ou corrigez la formation dans l'onglet Fiche.",
    "Le code ePhoto compte exactement 22 lettres ou chiffres, sans espace ni tiret : recopiez-le tel qu'il "
    "figure sur la planche photo.",
    "Le code ePhoto du Cerfa 06 est celui du Cerfa 02 : un code ne sert qu'une fois. Saisissez le code "
    "d'une nouvelle planche ePhoto dans l'onglet Dossier 02-06.",
    "Le code ePhoto du Cerfa 06 est vide : sans lui, l'élève devra coller une photo sur un formulaire "
    "papier et l'envoyer par la poste. Saisissez le code de sa nouvelle planche ePhoto dans l'onglet "
    "Dossier 02-06.",
    "Le numéro NEPH s'écrit avec 12 chiffres, sans espace, par exemple 170392100012.",
    "Le prénom « JEAN PAUL » contient plusieurs prénoms : gardez « JEAN » dans Prénom et écrivez « PAUL » "
    "dans Autres prénoms, séparés par un espace.",
    "Le représentant légal 2 doit être majeur : vérifiez sa date de naissance.",
    "Le titre de la catégorie B ne peut être délivré qu'à partir de 17 ans ; l'élève a 16 ans : envoyez la "
    "demande de titre à partir du 01/03/2027.",
    "Le titre de la catégorie C ne peut être délivré qu'à partir de 21 ans ; l'élève a 16 ans : envoyez la "
    "demande de titre à partir du 01/01/2031.",
    "Pour une demande Cerfa 02 (inscription au permis), renseignez dans l'onglet Dossier 02-06 : « "
    "Catégories demandées ».",
    "Pour une demande Cerfa 02 (inscription au permis), renseignez dans l'onglet Dossier 02-06 : « "
    "Dernière catégorie obtenue », « Date d'obtention », « Pays de délivrance », « Mode d'obtention ».",
    "Pour une demande Cerfa 02 (inscription au permis), renseignez dans l'onglet Fiche : « E-mail », « "
    "Département de naissance ».",
    "Pour une demande Cerfa 06 (demande de titre), renseignez dans l'onglet Dossier 02-06 : « Catégories "
    "demandées », « Demande de titre après », « Date de l'examen ou de la formation ».",
    "Pour une demande Cerfa 06 (demande de titre), renseignez dans l'onglet Dossier 02-06 : « Catégories "
    "demandées ».",
    "Pour une demande Cerfa 06 (demande de titre), renseignez dans l'onglet Dossier 02-06 : « Date de "
    "l'examen ou de la formation ».",
    "Pour une demande Cerfa 06 (demande de titre), renseignez dans l'onglet Dossier 02-06 : « Demande de "
    "titre après », « Date de l'examen ou de la formation », « Dernière catégorie obtenue », « Date "
    "d'obtention », « Pays de délivrance », « Mode d'obtention ».",
    "Pour une demande Cerfa 06 (demande de titre), renseignez dans l'onglet Dossier 02-06 : « Demande de "
    "titre après », « Date de l'examen ou de la formation ».",
    "Pour une demande Cerfa 06 (demande de titre), renseignez dans l'onglet Fiche : « E-mail », « "
    "Département de naissance ».",
    "Pour une demande Cerfa 06 (demande de titre), renseignez dans l'onglet Fiche : « Numéro NEPH ».",
    "Renseignez « Téléphone mobile » dans l'onglet Fiche : l'ANTS envoie par SMS à l'élève de quoi valider "
    "sa demande.",
    "« Autres prénoms » : séparez les prénoms par un espace, sans virgule (par exemple « PAUL MARIE »).",
    "« Complément de l'élève » contient « . » : l'ANTS n'accepte que des lettres, des chiffres, des "
    "espaces, des tirets et des apostrophes. Écrivez par exemple « SAINT » plutôt que « ST. ».",
    "« Nom d'usage » contient « 2 » : l'ANTS n'accepte dans un nom que des lettres, des espaces, des "
    "tirets et des apostrophes. Écrivez le nom en entier, sans point ni chiffre (par exemple « JEAN-PIERRE "
    "» plutôt que « J.PIERRE »).",
    "« Nom de la voie du représentant légal 1 » contient « . » : l'ANTS n'accepte que des lettres, des "
    "chiffres, des espaces, des tirets et des apostrophes. Écrivez par exemple « SAINT » plutôt que « ST. ».",
    "« Nom de naissance » contient « . » : l'ANTS n'accepte dans un nom que des lettres, des espaces, des "
    "tirets et des apostrophes. Écrivez le nom en entier, sans point ni chiffre (par exemple « JEAN-PIERRE "
    "» plutôt que « J.PIERRE »).",
    "« Prénom » contient « . » : l'ANTS n'accepte dans un nom que des lettres, des espaces, des tirets et "
    "des apostrophes. Écrivez le nom en entier, sans point ni chiffre (par exemple « JEAN-PIERRE » plutôt "
    "que « J.PIERRE »).",
    "« Prénoms du représentant légal 1 » contient « . » : l'ANTS n'accepte dans un nom que des lettres, "
    "des espaces, des tirets et des apostrophes. Écrivez le nom en entier, sans point ni chiffre (par "
    "exemple « JEAN-PIERRE » plutôt que « J.PIERRE »).",
    "« Téléphone mobile » : 04 78 12 34 56 est un numéro de téléphone fixe. L'ANTS envoie ses SMS sur le "
    "mobile de l'élève : saisissez un numéro qui commence par 06 ou 07 (le fixe va dans « Autre téléphone "
    "»).",
    "« Téléphone mobile » : « 12345 » n'est pas un numéro de téléphone. Saisissez ses 10 chiffres, par "
    "exemple 06 12 34 56 78, ou un numéro étranger commençant par +.",
}


def test_every_message_before_sending_is_a_correct_sentence(agence):
    trouves = {
        probleme.message
        for eleve in eleves_a_corriger(agence)
        for cerfa in ("CERFA_02", "CERFA_06")
        for probleme in problemes_envoi(eleve, cerfa=cerfa, jour=JOUR)
    }
    assert trouves <= PHRASES_ENVOI


PHRASES_REFERENTIEL = {
    "La ville est vide : saisissez-la. Corrigez avec « Vérifier les villes, départements et pays » (onglet "
    "Dossier 02-06).",
    "Le département est vide : choisissez-le dans la liste. Corrigez avec « Vérifier les villes, "
    "départements et pays » (onglet Dossier 02-06).",
    "Le pays est vide : choisissez-le dans la liste. Corrigez avec « Vérifier les villes, départements et "
    "pays » (onglet Dossier 02-06).",
    "« 01 » : Il n'y a pas de ville SAINT-PRIEST dans ce département ; il y en a dans les départements 07, "
    "23, 69 : vérifiez le département. Corrigez avec « Vérifier les villes, départements et pays » (onglet "
    "Dossier 02-06).",
    "« 6 » : VILLEURBANNE est dans le département 69 (RHONE), pas 6 : le département suit la ville. "
    "Proposition : 69 RHONE. Corrigez avec « Vérifier les villes, départements et pays » (onglet Dossier "
    "02-06).",
    "« 99 » : Le lieu n'est pas en France : le département doit rester vide (99 n'est plus accepté). "
    "Corrigez avec « Vérifier les villes, départements et pays » (onglet Dossier 02-06).",
    "« ATLANTIDE » : Pays non reconnu par l'ANTS : choisissez-le dans la liste. Corrigez avec « Vérifier "
    "les villes, départements et pays » (onglet Dossier 02-06).",
    "« Bron » : Les noms de ville s'écrivent en majuscules. Proposition : BRON (69500). Corrigez avec « "
    "Vérifier les villes, départements et pays » (onglet Dossier 02-06).",
    "« MONTPELIER » : Aucune ville ne s'écrit ainsi au code postal 34000 ; la plus proche est MONTPELLIER "
    ": une lettre doublée (LL) a été tapée simple. Proposition : MONTPELLIER (34000). Corrigez avec « "
    "Vérifier les villes, départements et pays » (onglet Dossier 02-06).",
    "« SAINT-PRIEST » : Aucune ville SAINT-PRIEST n'a le code postal 69100 ; il en existe aux codes "
    "postaux 07000, 23110, 69800 : vérifiez le code postal. Corrigez avec « Vérifier les villes, "
    "départements et pays » (onglet Dossier 02-06).",
    "« ST PRIEST » : SAINT s'écrit en toutes lettres, pas ST. Les espaces sont remplacés par des tirets "
    "(-). Proposition : SAINT-PRIEST (69800). Corrigez avec « Vérifier les villes, départements et pays » "
    "(onglet Dossier 02-06).",
    "« Sénégal » : Le pays s'écrit comme dans la liste de l'ANTS : en majuscules, sans accents, avec des "
    "tirets. Proposition : SENEGAL. Corrigez avec « Vérifier les villes, départements et pays » (onglet "
    "Dossier 02-06).",
    "« VIET NAM » : Le pays s'écrit comme dans la liste de l'ANTS : en majuscules, sans accents, avec des "
    "tirets. Proposition : VIET-NAM. Corrigez avec « Vérifier les villes, départements et pays » (onglet "
    "Dossier 02-06).",
    "« VILELURBANNE » : Aucune ville ne s'écrit ainsi dans le département 69 ; la plus proche est "
    "VILLEURBANNE : deux lettres sont inversées. Proposition : VILLEURBANNE (69100). Corrigez avec « "
    "Vérifier les villes, départements et pays » (onglet Dossier 02-06).",
    "« VILLE-IMAGINAIRE » : Ville introuvable dans le référentiel de l'ANTS (code postal 69800) : "
    "choisissez-la dans la liste. Corrigez avec « Vérifier les villes, départements et pays » (onglet "
    "Dossier 02-06).",
    "« VILLENEUVE D ASCQ » : D' et L' s'écrivent avec une apostrophe, collée au mot suivant. Les espaces "
    "sont remplacés par des tirets (-). Proposition : VILLENEUVE-D'ASCQ (59650). Corrigez avec « Vérifier "
    "les villes, départements et pays » (onglet Dossier 02-06).",
    "« VILLEUBANNE » : Aucune ville ne s'écrit ainsi au code postal 69100 ; la plus proche est "
    "VILLEURBANNE : une lettre manque (R). Proposition : VILLEURBANNE (69100). Corrigez avec « Vérifier "
    "les villes, départements et pays » (onglet Dossier 02-06).",
    "« VILLEURBANNE » : VILLEURBANNE a pour code postal 69100, pas 69000 : vérifiez le code postal. "
    "Proposition : VILLEURBANNE (69100). Corrigez avec « Vérifier les villes, départements et pays » "
    "(onglet Dossier 02-06).",
    "« XXXXXXXX » : Ville introuvable dans le référentiel de l'ANTS (département 69) : choisissez-la dans "
    "la liste. Corrigez avec « Vérifier les villes, départements et pays » (onglet Dossier 02-06).",
    "« ZZ » : BRON est dans le département 69 (RHONE), pas ZZ : le département suit la ville. Proposition "
    ": 69 RHONE. Corrigez avec « Vérifier les villes, départements et pays » (onglet Dossier 02-06).",
}


def test_every_message_of_the_referential_check_is_a_correct_sentence(agence, ants_sandbox):
    eleve = EleveFactory(agence=agence)
    RepresentantFactory(eleve=eleve, ville="VILLE-IMAGINAIRE")
    fautes = [
        {
            "ville": "ST PRIEST",
            "ville_naissance": "LYON 1",
            "pays_naissance": "VIET NAM",
            "departement_naissance": "",
        },
        {
            "ville": "VILLEURBANNE",
            "code_postal": "69000",
            "ville_naissance": "VILLEURBANNE",
            "departement_naissance": "6",
        },
        {
            "ville": "SAINT-PRIEST",
            "code_postal": "69100",
            "ville_naissance": "SAINT-PRIEST",
            "departement_naissance": "01",
        },
        {"ville": "VILLENEUVE D ASCQ", "code_postal": "59650", "ville_naissance": "VILELURBANNE"},
        {
            "ville": "MONTPELIER",
            "code_postal": "34000",
            "ville_naissance": "Bron",
            "departement_naissance": "ZZ",
        },
        {"ville": "VILLEUBANNE", "code_postal": "69100", "ville_naissance": "", "departement_naissance": ""},
        {"ville": "", "pays_naissance": "Sénégal", "departement_naissance": "99"},
        {"pays_naissance": "ATLANTIDE", "departement_naissance": ""},
        {"pays_naissance": "", "ville_naissance": "XXXXXXXX"},
    ]
    trouves = set()
    for champs in fautes:
        Eleve.objects.filter(pk=eleve.pk).update(
            **{"pays_naissance": "FRANCE", "departement_naissance": "69", **champs}
        )
        eleve.refresh_from_db()
        trouves |= {p.message for p in problemes_referentiel(eleve, referentiel=Referentiel())}
    assert trouves <= PHRASES_REFERENTIEL
