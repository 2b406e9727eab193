"""The network's volumes: agencies with their ANTS accounts, students, and their demandes on ANTS.

Each agency has its own ANTS account in the sandbox, holding `demandes` demandes made over three
years (most of them its students', a tenth for nobody here), and as many students in the app (the
students of those demandes plus others). The sandbox is seeded afresh on each run (`demandes/bulk`),
the app's agencies and students once (kept in the bench database).
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection
from django.utils import timezone

from agences.models import Agence, User
from ants.sandbox.demo import demande_body
from eleves.models import Eleve
from eleves.services import eleve_preparer_pour_creation

# Roughly what an account's history holds: mostly finished demandes, a few under way.
STATUTS = {
    "ACCEPTEE": 40,
    "A_TRAITER_CERFA_06": 15,
    "EN_COURS_TRAITEMENT": 6,
    "VERIFICATION_PIECES": 4,
    "VERIFICATION_IMAGES": 2,
    "REJETEE": 5,
    "REFUSEE_USAGER": 3,
    "A_COMPLETER": 3,
    "EN_ATTENTE_VALIDATION_USAGER": 4,
    "BROUILLON": 3,
}
# What the administration moves forward between two nightly readings (the incremental's 2 %).
EN_TRAITEMENT = ("VERIFICATION_PIECES", "VERIFICATION_IMAGES", "EN_COURS_TRAITEMENT")
NOMS = (
    "MARTIN BERNARD THOMAS PETIT ROBERT RICHARD DURAND DUBOIS MOREAU LAURENT SIMON MICHEL LEFEBVRE LEROY "
    "ROUX DAVID BERTRAND MOREL FOURNIER GIRARD BONNET DUPONT LAMBERT FONTAINE ROUSSEAU VINCENT MULLER "
    "FAURE ANDRE MERCIER BLANC GUERIN BOYER GARNIER CHEVALIER FRANCOIS LEGRAND GAUTHIER GARCIA PERRIN ROBIN "
    "CLEMENT MORIN NICOLAS HENRY ROUSSEL MATHIEU GAUTIER MASSON MARCHAND DUVAL DENIS DUMONT MARIE LEMAIRE "
    "NOEL MEYER DUFOUR MEUNIER BRUN BLANCHARD GIRAUD JOLY RIVIERE LUCAS BRUNET GAILLARD BARBIER ARNAUD"
).split()
PRENOMS = (
    "LEA EMMA CHLOE INES JADE LOUISE ALICE LINA ROSE ANNA MILA JULIA AMBRE LUCAS HUGO LOUIS GABRIEL ARTHUR "
    "JULES RAPHAEL ADAM NATHAN LEO PAUL TOM SACHA NOAH ETHAN MAEL THEO CAMILLE SARAH MANON ZOE ENZO MATHIS"
).split()
BULK = 1000  # demandes per demandes/bulk call
LOT = 5000


@dataclass(frozen=True)
class Personne:
    nom: str
    prenom: str
    naissance: date
    email: str


@dataclass
class Reseau:
    agences: list[Agence]
    par_compte: dict[str, list[str]]  # agrément -> the numbers of its demandes on ANTS
    en_traitement: dict[str, list[str]]  # agrément -> those the administration can move forward


def code_agence(n: int) -> str:
    return f"NET-{n:02d}"


def personnes(agence: int, nombre: int) -> list[Personne]:
    """The agency's people, the same on every run; no two alike as ANTS tells people apart (birth days
    are the agency's own: its number modulo 128)."""
    rng, vues, gens = random.Random(agence), set(), []
    while len(gens) < nombre:
        nom = rng.choice(NOMS) + ("" if rng.random() < 0.8 else "-" + rng.choice(NOMS))
        naissance = date(1965, 1, 1) + timedelta(days=agence % 128 + 128 * rng.randrange(110))
        prenom = rng.choice(PRENOMS)
        if (nom, prenom, naissance) in vues:
            continue
        vues.add((nom, prenom, naissance))
        gens.append(Personne(nom, prenom, naissance, f"n{agence:02d}-{len(gens)}@reseau.example.org"))
    return gens


def agences_et_eleves(nombre_agences: int, eleves_par_agence: int) -> tuple[list[Agence], User]:
    """The network's agencies and students in the app (created once; credentials set on each run)."""
    agences = []
    for n in range(1, nombre_agences + 1):
        agence, _ = Agence.objects.get_or_create(
            code=code_agence(n), defaults={"nom": f"Réseau agence {n}", "prefecture": "RHONE"}
        )
        agences.append(agence)
        existants = Eleve.objects.filter(agence=agence).count()
        lot = [
            eleve_preparer_pour_creation(
                Eleve(
                    agence=agence,
                    sexe="F",
                    nom_naissance=p.nom,
                    prenom=p.prenom,
                    date_naissance=p.naissance,
                    ville_naissance="LYON",
                    code_postal="69800",
                    ville="SAINT-PRIEST",
                    email=p.email,
                )
            )
            for p in personnes(n, eleves_par_agence)[existants:]
        ]
        Eleve.objects.bulk_create(lot, batch_size=LOT)
    secretaire, _ = User.objects.get_or_create(username="bench-reseau")
    secretaire.agences.set(agences)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE eleves_eleve")
    return agences, secretaire


def comptes_ants(sandbox, agences: list[Agence]) -> None:
    """A fresh ANTS account per agency, its credentials in the agency."""
    for n, agence in enumerate(agences, start=1):
        compte = sandbox.control(
            "accounts", agrement=f"E24069{800 + n:04d}0", identifiant=f"reseau-{n}", mot_de_passe=f"mdp-{n}"
        )
        agence.numero_agrement, agence.identifiant_ants = compte["agrement"], compte["identifiant"]
        agence.set_mot_de_passe_ants(compte["mot_de_passe"])
        agence.save(update_fields=["numero_agrement", "identifiant_ants", "mot_de_passe_ants_chiffre"])


def _demande(p: Personne, statut: str, rng, maintenant: datetime) -> dict:
    """A demande made three years ago at most; none modified in the last three days but those waiting
    for the student (who has 7 days), so that the incremental reading lists only what changed."""
    if statut == "EN_ATTENTE_VALIDATION_USAGER":
        modifie = maintenant - timedelta(days=3, minutes=rng.randrange(3 * 24 * 60))
        cree = modifie - timedelta(days=rng.randrange(30))
    else:
        cree = maintenant - timedelta(days=4, minutes=rng.randrange(3 * 365 * 24 * 60))
        modifie = min(cree + timedelta(days=rng.randrange(90)), maintenant - timedelta(days=3))
    corps = demande_body(
        nom_naissance=p.nom, prenom=p.prenom, date_naissance=p.naissance.isoformat(), email=p.email
    )
    corps["candidat"]["autres_prenoms"] = ""
    return {
        "demande": corps,
        "statut": statut,
        "cree_le": cree.isoformat(),
        "modifie_le": modifie.isoformat(),
    }


def demandes_ants(sandbox, agences: list[Agence], par_agence: int, eleves_par_agence: int) -> Reseau:
    """Each account's demandes on ANTS: nine in ten are students of the agency, one in ten of nobody here."""
    sandbox.control("reset", demo_demandes=False)
    comptes_ants(sandbox, agences)
    maintenant = timezone.now()
    par_compte, en_traitement = {}, {}
    statuts, poids = zip(*STATUTS.items(), strict=True)
    for n, agence in enumerate(agences, start=1):
        rng = random.Random(1000 + n)
        eleves = personnes(n, eleves_par_agence)[: par_agence * 9 // 10]
        autres = personnes(100 + n, par_agence - len(eleves))  # birth days no student of the network has
        items = [_demande(p, rng.choices(statuts, poids)[0], rng, maintenant) for p in eleves + autres]
        numeros = []
        for debut in range(0, len(items), BULK):
            numeros += sandbox.control(
                "demandes/bulk", agrement=agence.numero_agrement, demandes=items[debut : debut + BULK]
            )["numeros"]
        par_compte[agence.numero_agrement] = numeros
        en_traitement[agence.numero_agrement] = [
            numero for numero, item in zip(numeros, items, strict=True) if item["statut"] in EN_TRAITEMENT
        ]
    return Reseau(agences, par_compte, en_traitement)


def changer(sandbox, reseau: Reseau, part: float) -> list[str]:
    """The administration moves `part` of each account's demandes forward (one status each): their
    numbers."""
    changees = []
    for agrement, numeros in reseau.par_compte.items():
        rng = random.Random(agrement)
        a_changer = round(len(numeros) * part)
        candidates = reseau.en_traitement[agrement]
        for numero in rng.sample(candidates, min(a_changer, len(candidates))):
            sandbox.control("administration", numero=numero, action="advance")
            changees.append(numero)
    return changees
