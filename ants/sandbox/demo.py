"""Demo accounts and demandes, present at first start and after every reset.

The demandes are what an agency finds on ANTS: some in progress, some finished, some made directly
on the ANTS site for people our product has never seen."""

import copy

from . import clock, ephoto, lifecycle
from .rules import parse_demande

DEMO_ACCOUNTS = (
    {
        "agrement": "E2406900010",
        "identifiant": "ae-lyon",
        "mot_de_passe": "sandbox-lyon",
        "raison_sociale": "Auto-école du Rhône — Lyon",
    },
    {
        "agrement": "E2406900028",
        "identifiant": "ae-villeurbanne",
        "mot_de_passe": "sandbox-villeurbanne",
        "raison_sociale": "Auto-école du Rhône — Villeurbanne",
    },
)
DAY = 24 * 3600


def demande_body(**candidat_overrides) -> dict:
    """A valid Cerfa 02 body (an adult living in Saint-Priest, born in Lyon 1er)."""
    body = {
        "type": "CERFA_02",
        "motif": "PREMIERE_INSCRIPTION",
        "mandat_papier": False,
        "prefecture": "RHONE",
        "candidat": {
            "sexe": "M",
            "nom_naissance": "DUPONT",
            "nom_usage": "",
            "prenom": "JEAN",
            "autres_prenoms": "PAUL",
            "date_naissance": "2000-03-14",
            "naissance": {"commune": "LYON 1ER ARRONDISSEMENT", "departement": "69", "pays": "FRANCE"},
            "adresse": {
                "numero": "12",
                "extension": "",
                "type_voie": "RUE",
                "nom_voie": "DE LA REPUBLIQUE",
                "complement": "",
                "code_postal": "69800",
                "commune": "SAINT-PRIEST",
                "pays": "FRANCE",
            },
            "telephone_mobile": "0612345678",
            "telephone_autre": "",
            "email": "jean.dupont@example.org",
            "neph": "",
        },
        "representant_legal": None,
        "dossier": {
            "categories_demandees": ["B"],
            "categories_obtenues": [],
            "derniere_categorie": None,
            "declarations": {
                "instance_examen": False,
                "lit_francais": True,
                "correction_vision": False,
                "affection_medicale": False,
                "vehicule_amenage": False,
                "pension_invalidite": False,
            },
            "formation": "TRADITIONNELLE",
            "opposition_reutilisation_donnees": False,
        },
    }
    body["candidat"].update(candidat_overrides)
    return body


# (account index, type, motif, statut, nom, prenom, born, days ago, motif_statut)
DEMO_DEMANDES = (
    (0, "CERFA_02", "PREMIERE_INSCRIPTION", "BROUILLON", "MARTIN", "LUCAS", "2004-05-12", 1, ""),
    (
        0,
        "CERFA_02",
        "PREMIERE_INSCRIPTION",
        "EN_ATTENTE_VALIDATION_USAGER",
        "BERNARD",
        "CHLOE",
        "2003-09-02",
        3,
        "",
    ),
    (
        0,
        "CERFA_02",
        "PREMIERE_INSCRIPTION",
        "A_COMPLETER",
        "ROUX",
        "EMMA",
        "2002-01-20",
        12,
        "Justificatif de domicile de plus de six mois : en fournir un récent.",
    ),
    (0, "CERFA_02", "PREMIERE_INSCRIPTION", "ACCEPTEE", "PETIT", "HUGO", "2001-11-30", 40, ""),
    (0, "CERFA_06", "REUSSITE_EXAMEN", "EN_COURS_TRAITEMENT", "LEROY", "MANON", "1999-07-07", 8, ""),
    (0, "CERFA_02", "EXTENSION", "REJETEE", "MOREAU", "THEO", "1997-04-18", 20, "Photo non conforme."),
    (1, "CERFA_02", "PREMIERE_INSCRIPTION", "VERIFICATION_IMAGES", "GARCIA", "INES", "2005-02-25", 5, ""),
    (1, "CERFA_02", "PREMIERE_INSCRIPTION", "A_TRAITER_CERFA_06", "FOURNIER", "NATHAN", "2000-12-01", 90, ""),
)


def add_account(store, *, agrement, identifiant, mot_de_passe, raison_sociale, demo=False) -> None:
    store.execute(
        "INSERT OR REPLACE INTO accounts (agrement, identifiant, mot_de_passe, raison_sociale, demo) "
        "VALUES (?, ?, ?, ?, ?)",
        (agrement, identifiant, mot_de_passe, raison_sociale, int(demo)),
    )


def ensure_seeded(store) -> None:
    if store.one("SELECT 1 FROM accounts WHERE demo = 1") is None:
        seed(store)


def seed(store, demandes: bool = True) -> None:
    for account in DEMO_ACCOUNTS:
        add_account(store, **account, demo=True)
    if not demandes:
        return
    now = clock.now(store)
    for index, type_, motif, statut, nom, prenom, born, days_ago, motif_statut in DEMO_DEMANDES:
        body = demande_body(
            nom_naissance=nom,
            prenom=prenom,
            autres_prenoms="",
            date_naissance=born,
            email=f"{prenom}.{nom}@demo.ants-sandbox.test".lower(),
        )
        body.update(type=type_, motif=motif)
        if type_ == "CERFA_06":
            body["candidat"]["neph"] = "190369100042"
        if motif == "EXTENSION":
            body["dossier"]["categories_demandees"] = ["A2"]
            body["dossier"]["categories_obtenues"] = ["B"]
        created = now - days_ago * DAY
        demande = lifecycle.create(
            store, DEMO_ACCOUNTS[index]["agrement"], parse_demande(copy.deepcopy(body)), created
        )
        force_status(store, demande, statut, created + 3600, motif_statut)


def force_status(store, demande: dict, statut: str, now: float, motif_statut: str = "") -> None:
    if statut == "BROUILLON":
        return
    neph = demande["neph"]
    if statut in ("ACCEPTEE", "A_TRAITER_CERFA_06") and demande["type"] == "CERFA_02":
        neph = lifecycle.new_neph(store, demande, now)
    ephoto.make_definitive(store, demande["numero"])
    lifecycle.touch(store, demande, now, statut=statut, valide_le=now, neph=neph, motif_statut=motif_statut)
