"""A realistic status history: demandes that went through ANTS's steps, each step's duration drawn
from a distribution of its own (per prefecture), with the odd « À compléter » detour."""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ants.client.types import Statut, TypeDemande
from demandes.models import ChangementStatut, Demande
from tests.demandes.factories import DemandeFactory

# The way through ANTS after the school's validation, and each step's usual days (min, mode, max).
PARCOURS = (
    (Statut.EN_ATTENTE_VALIDATION_USAGER, (0.1, 1.5, 7)),
    (Statut.VERIFICATION_PIECES, (0.5, 3, 20)),
    (Statut.VERIFICATION_IMAGES, (0.2, 1, 10)),
    (Statut.EN_COURS_TRAITEMENT, (2, 8, 45)),
)


@dataclass
class Historique:
    """What was generated, to compare the SQL figures with: durations per (agency, type, step)."""

    durees: dict = field(default_factory=dict)
    transitions: int = 0

    def noter(self, cle, jours: float) -> None:
        self.durees.setdefault(cle, []).append(jours)


def historique(agences, *, demandes: int, maintenant: datetime, graine: int = 1, lenteur=None) -> Historique:
    """`demandes` accepted demandes spread over the agencies and both types, in the last 150 days.

    `lenteur[agence.code]` multiplies that agency's durations (a slower prefecture).
    """
    rng, lenteur, resultat = random.Random(graine), lenteur or {}, Historique()
    lignes, changements = [], []
    for n in range(demandes):
        agence = agences[n % len(agences)]
        type_demande = TypeDemande.values[(n // len(agences)) % 2]
        debut = maintenant - timedelta(days=rng.uniform(60, 150))
        etapes = _etapes(rng, lenteur.get(agence.code, 1.0))
        moment, precedent = debut, Statut.BROUILLON
        demande = DemandeFactory.build(
            eleve=None,
            agence=agence,
            numero=f"H{graine}-{n}",
            type=type_demande,
            statut=Statut.ACCEPTEE,
            cree_le=debut - timedelta(days=2),
            modifie_le=debut,
        )
        suite = [(precedent, debut)]
        for statut, jours in etapes:
            suite.append((statut, moment))
            moment += timedelta(days=jours)
            resultat.noter((agence.prefecture, type_demande, statut), jours)
        suite.append((Statut.ACCEPTEE, moment))
        resultat.noter(
            (agence.prefecture, type_demande, "VALIDEE_ACCEPTEE"), (moment - debut).total_seconds() / 86400
        )
        demande.modifie_le = moment
        lignes.append(demande)
        changements.append((demande, suite))
    Demande.objects.bulk_create(lignes)
    rows = []
    for demande, suite in changements:
        for (ancien, _avant), (nouveau, quand) in zip(suite, suite[1:], strict=False):
            rows.append(
                ChangementStatut(
                    demande=demande, ancien=ancien, nouveau=nouveau, modifie_le=quand, vu_le=quand
                )
            )
    ChangementStatut.objects.bulk_create(rows, batch_size=2000)
    resultat.transitions = len(rows)
    return resultat


def _etapes(rng, lenteur: float) -> list[tuple[str, float]]:
    etapes = [(statut, rng.triangular(bas, haut, mode) * lenteur) for statut, (bas, mode, haut) in PARCOURS]
    if rng.random() < 0.15:  # ANTS asks for a piece; the school answers, the checks start again
        etapes[2:2] = [
            (Statut.A_COMPLETER, rng.uniform(1, 10)),
            (Statut.VERIFICATION_PIECES, rng.uniform(0.5, 3)),
        ]
    return etapes
