"""Students whose printed documents show every part: a minor with a legal representative, an adult's
title demande after a licence obtained abroad."""

from datetime import date

from django.utils import timezone

from eleves.services import dossier_save
from tests.eleves.factories import EleveFactory, RepresentantFactory


def _il_y_a(ans: int) -> date:
    jour = timezone.localdate()
    return jour.replace(year=jour.year - ans, day=min(jour.day, 28))


def eleve_mineur(**champs):
    """Lucas Martin, 16, a first registration (Cerfa 02) for B in supervised driving, no ePhoto code."""
    eleve = EleveFactory(
        sexe="M",
        nom_naissance="MARTIN",
        prenom="LUCAS",
        autres_prenoms="PIERRE ANDRÉ",
        date_naissance=_il_y_a(16),
        ville_naissance="LYON 1ER ARRONDISSEMENT",
        departement_naissance="69",
        numero_voie="12",
        extension_voie="BIS",
        type_voie="RUE",
        nom_voie="DE LA RÉPUBLIQUE",
        complement="BÂTIMENT B",
        code_postal="69800",
        ville="SAINT-PRIEST",
        telephone_mobile="06 12 34 56 01",
        email="lucas.martin@example.org",
        filiere="SUPERVISEE",
        **champs,
    )
    RepresentantFactory(
        eleve=eleve,
        sexe="F",
        nom="MARTIN",
        prenom="SOPHIE",
        email="sophie.martin@example.org",
        telephone="06 98 76 54 32",
    )
    dossier = eleve.dossier
    dossier.categories_demandees = ["B"]
    dossier.correction_vision = True
    dossier_save(dossier=dossier)
    return eleve


def eleve_titre(**champs):
    """Amina Benali, 24, a title demande (Cerfa 06) after passing B, with her NEPH and an ePhoto code."""
    eleve = EleveFactory(
        sexe="F",
        nom_naissance="BENALI",
        nom_usage="ROUSSEAU",
        prenom="AMINA",
        date_naissance=date(2001, 9, 3),
        ville_naissance="CASABLANCA",
        departement_naissance="",
        pays_naissance="MAROC",
        neph="170392100012",
        email="amina.rousseau@example.org",
        telephone_mobile="0611223344",
        **champs,
    )
    dossier = eleve.dossier
    dossier.categories_demandees = ["B"]
    dossier.categories_obtenues = ["AM"]
    dossier.derniere_categorie = "AM"
    dossier.derniere_categorie_date = date(2016, 6, 20)
    dossier.derniere_categorie_lieu = "CASABLANCA"
    dossier.derniere_categorie_pays = "MAROC"
    dossier.derniere_categorie_mode = "ECHANGE"
    dossier.motif_titre = "REUSSITE_EXAMEN"
    dossier.code_ephoto_06 = "AB12CD34EF56GH78IJ90KL"
    dossier_save(dossier=dossier)
    return eleve
