"""Demo students for the two demo agencies (called by the seed_demo command when present).

Chosen to show the checks: minors with and without a legal representative, a student living in
"ST PRIEST" and born in "LYON 1" (the referential check proposes SAINT-PRIEST and LYON 1ER
ARRONDISSEMENT), "DECINES CHARPIEU" (hyphens proposed), "LYON 3" in 69003 (arrondissement), a
birth country written "VIET NAM", two siblings sharing one email (blocked before sending), a
complement with a dot, a foreign licence exchanged, several categories.
"""

from datetime import date

from django.utils import timezone

from .models import DossierPermis, Eleve, RepresentantLegal
from .services import dossier_save, eleve_save


def _il_y_a(ans: int, jours: int = 0) -> date:
    aujourd_hui = timezone.localdate()
    try:
        anniversaire = aujourd_hui.replace(year=aujourd_hui.year - ans)
    except ValueError:  # 29 February
        anniversaire = aujourd_hui.replace(year=aujourd_hui.year - ans, day=28)
    return anniversaire - timezone.timedelta(days=jours)


def _adresse(numero, type_voie, nom_voie, code_postal, ville, complement=""):
    return {
        "numero_voie": numero,
        "type_voie": type_voie,
        "nom_voie": nom_voie,
        "code_postal": code_postal,
        "ville": ville,
        "complement": complement,
    }


# (agency index, student fields, legal representative fields or None, dossier fields)
ELEVES = [
    (
        0,
        {
            "sexe": "M",
            "nom_naissance": "MARTIN",
            "prenom": "LUCAS",
            "date_naissance": _il_y_a(17, 40),
            "ville_naissance": "LYON 1",
            "departement_naissance": "69",
            "email": "lucas.martin.demo@example.org",
            "telephone_mobile": "0612345601",
            **_adresse("12", "RUE", "DE LA REPUBLIQUE", "69800", "ST PRIEST"),
        },
        {
            "sexe": "F",
            "nom": "MARTIN",
            "prenom": "SOPHIE",
            "date_naissance": date(1979, 5, 2),
            **_adresse("12", "RUE", "DE LA REPUBLIQUE", "69800", "ST PRIEST"),
        },
        {"categories_demandees": ["B"]},
    ),
    (
        0,
        {
            "sexe": "F",
            "nom_naissance": "BERNARD",
            "prenom": "EMMA",
            "date_naissance": _il_y_a(16, 10),
            "ville_naissance": "VILLEURBANNE",
            "departement_naissance": "69",
            "filiere": "AAC",
            "email": "famille.bernard.demo@example.org",
            **_adresse("4", "AVENUE", "HENRI BARBUSSE", "69100", "VILLEURBANNE"),
        },
        {
            "sexe": "M",
            "nom": "BERNARD",
            "prenom": "PAUL",
            "date_naissance": date(1975, 11, 20),
            **_adresse("4", "AVENUE", "HENRI BARBUSSE", "69100", "VILLEURBANNE"),
        },
        {"categories_demandees": ["B"]},
    ),
    (
        0,
        {
            "sexe": "M",
            "nom_naissance": "BERNARD",
            "prenom": "HUGO",
            "date_naissance": _il_y_a(19, 3),
            "ville_naissance": "VILLEURBANNE",
            "departement_naissance": "69",
            "email": "famille.bernard.demo@example.org",
            **_adresse("4", "AVENUE", "HENRI BARBUSSE", "69100", "VILLEURBANNE"),
        },
        None,
        {"categories_demandees": ["A2"]},
    ),
    (
        0,
        {
            "sexe": "F",
            "nom_naissance": "NGUYEN",
            "nom_usage": "ROUX",
            "prenom": "LINH",
            "autres_prenoms": "MARIE",
            "date_naissance": date(1994, 2, 14),
            "ville_naissance": "HANOI",
            "departement_naissance": "",
            "pays_naissance": "VIET NAM",
            "email": "linh.roux.demo@example.org",
            "neph": "170369100123",
            **_adresse("27", "COURS", "LAFAYETTE", "69003", "LYON 3"),
        },
        None,
        {
            "categories_demandees": ["A"],
            "categories_obtenues": ["B", "A2"],
            "derniere_categorie": "A2",
            "derniere_categorie_date": date(2022, 6, 1),
            "derniere_categorie_pays": "FRANCE",
            "derniere_categorie_departement": "69",
            "derniere_categorie_mode": "EXAMEN",
            "derniere_categorie_prefecture": "RHONE",
            "motif_titre": "FORMATION",
            "date_examen_ou_formation": date(2025, 9, 12),
        },
    ),
    (
        0,
        {
            "sexe": "M",
            "nom_naissance": "PETIT",
            "prenom": "NATHAN",
            "date_naissance": _il_y_a(14, 60),
            "ville_naissance": "BRON",
            "departement_naissance": "69",
            "email": "nathan.petit.demo@example.org",
            **_adresse("8", "CHEMIN", "DES PIVOINES", "69500", "BRON"),
        },
        None,
        {"categories_demandees": ["AM"]},
    ),
    (
        0,
        {
            "sexe": "F",
            "nom_naissance": "DUBOIS",
            "prenom": "CHLOE",
            "date_naissance": date(2001, 7, 30),
            "ville_naissance": "SAINTE-FOY-LES-LYON",
            "departement_naissance": "69",
            "email": "chloe.dubois.demo@example.org",
            "neph": "210769100042",
            **_adresse("3", "PLACE", "BELLECOUR", "69002", "LYON 2"),
        },
        None,
        {
            "categories_demandees": ["B"],
            "motif_titre": "REUSSITE_EXAMEN",
            "date_examen_ou_formation": date(2025, 10, 3),
        },
    ),
    (
        1,
        {
            "sexe": "M",
            "nom_naissance": "LEFEBVRE",
            "prenom": "THOMAS",
            "date_naissance": date(1988, 3, 9),
            "ville_naissance": "BELFORT",
            "departement_naissance": "90",
            "email": "thomas.lefebvre.demo@example.org",
            **_adresse("2", "RUE", "FRANCIS DE PRESSENSE", "69100", "VILLEURBANNE"),
        },
        None,
        {
            "categories_demandees": ["C"],
            "categories_obtenues": ["B"],
            "derniere_categorie": "B",
            "derniere_categorie_date": date(2007, 5, 4),
            "derniere_categorie_pays": "FRANCE",
            "derniere_categorie_departement": "90",
            "derniere_categorie_mode": "EXAMEN",
        },
    ),
    (
        1,
        {
            "sexe": "F",
            "nom_naissance": "MOREAU",
            "prenom": "LEA",
            "date_naissance": _il_y_a(15, 100),
            "ville_naissance": "MONTBELIARD",
            "departement_naissance": "25",
            "filiere": "AAC",
            "email": "lea.moreau.demo@example.org",
            **_adresse("15", "RUE", "DES VOSGES", "69120", "VAULX-EN-VELIN"),
        },
        {
            "sexe": "F",
            "nom": "MOREAU",
            "prenom": "CLAIRE",
            "date_naissance": date(1982, 8, 17),
            **_adresse("15", "RUE", "DES VOSGES", "69120", "VAULX-EN-VELIN"),
        },
        {"categories_demandees": ["B"]},
    ),
    (
        1,
        {
            "sexe": "M",
            "nom_naissance": "GARCIA",
            "prenom": "ADRIEN",
            "date_naissance": date(1999, 12, 1),
            "ville_naissance": "MADRID",
            "departement_naissance": "",
            "pays_naissance": "ESPAGNE",
            "email": "adrien.garcia.demo@example.org",
            **_adresse("40", "AVENUE", "JEAN JAURES", "69150", "DECINES CHARPIEU"),
        },
        None,
        {
            "categories_demandees": ["B"],
            "categories_obtenues": ["A1"],
            "derniere_categorie": "A1",
            "derniere_categorie_date": date(2018, 4, 10),
            "derniere_categorie_pays": "ESPAGNE",
            "derniere_categorie_mode": "ECHANGE",
        },
    ),
    (
        1,
        {
            "sexe": "F",
            "nom_naissance": "ROUSSEAU",
            "prenom": "INES",
            "date_naissance": _il_y_a(16, 200),
            "ville_naissance": "BELFORT",
            "departement_naissance": "90",
            "email": "ines.rousseau.demo@example.org",
            **_adresse("7", "RUE", "DU 8 MAI 1945", "69100", "VILLEURBANNE", complement="BAT. C"),
        },
        None,
        {"categories_demandees": ["B"]},
    ),
    (
        1,
        {
            "sexe": "M",
            "nom_naissance": "FAURE",
            "prenom": "KARIM",
            "date_naissance": date(1990, 1, 25),
            "ville_naissance": "BESANCON",
            "departement_naissance": "25",
            "email": "karim.faure.demo@example.org",
            **_adresse("11", "COURS", "EMILE ZOLA", "69100", "VILLEURBANNE"),
        },
        None,
        {
            "categories_demandees": ["BE"],
            "categories_obtenues": ["B"],
            "derniere_categorie": "B",
            "derniere_categorie_date": date(2009, 9, 15),
            "derniere_categorie_pays": "FRANCE",
            "derniere_categorie_departement": "25",
            "derniere_categorie_mode": "EXAMEN",
        },
    ),
    (
        1,
        {
            "sexe": "F",
            "nom_naissance": "GIRARD",
            "prenom": "JEANNE",
            "date_naissance": date(2004, 10, 8),
            "ville_naissance": "MULHOUSE",
            "departement_naissance": "68",
            "email": "jeanne.girard.demo@example.org",
            **_adresse("5", "IMPASSE", "DES LILAS", "69500", "BRON"),
        },
        None,
        {"categories_demandees": ["A1"]},
    ),
]


def _representant(eleve: Eleve, champs: dict) -> RepresentantLegal:
    existant = eleve.representants.filter(rang=1).first() if eleve.pk else None
    representant = existant or RepresentantLegal()
    for nom, valeur in champs.items():
        setattr(representant, nom, valeur)
    return representant


def seed_demo_eleves(agences) -> list[Eleve]:
    """Creates (or refreshes) the demo students in `agences` (two agencies). Idempotent."""
    agences = list(agences)
    eleves = []
    for index, champs, representant, dossier in ELEVES:
        agence = agences[index % len(agences)]
        eleve = Eleve.objects.filter(
            agence=agence, nom_naissance=champs["nom_naissance"], prenom=champs["prenom"]
        ).first() or Eleve(agence=agence)
        for nom, valeur in {"inscrit_le": timezone.localdate(), **champs}.items():
            setattr(eleve, nom, valeur)
        representants = [_representant(eleve, representant) if representant else None]
        eleve = eleve_save(eleve=eleve, representants=representants)
        dossier_permis = DossierPermis.objects.get(eleve=eleve)
        for nom, valeur in dossier.items():
            setattr(dossier_permis, nom, valeur)
        dossier_save(dossier=dossier_permis)
        eleves.append(eleve)
    return eleves
