"""The delays page's chart, drawn on the server as SVG coordinates (no JavaScript library)."""

import math
from dataclasses import dataclass

LARGEUR, MARGE_GAUCHE, MARGE_DROITE, HAUTEUR_BARRE, HAUT = 640, 210, 48, 34, 28


@dataclass(frozen=True)
class Barre:
    libelle: str
    y: int
    mediane: float  # days
    p90: float
    mesures: int
    largeur_mediane: float  # px
    x_p90: float

    # Where the parts of the row go, from its top `y`.
    @property
    def y_barre(self) -> int:
        return self.y + 6

    @property
    def y_texte(self) -> int:
        return self.y + 19

    @property
    def y_bas(self) -> int:
        return self.y + 28

    @property
    def x_valeur(self) -> float:
        return self.x_p90 + 5


@dataclass(frozen=True)
class Graduation:
    x: float
    jours: int


@dataclass(frozen=True)
class Graphique:
    barres: list[Barre]
    graduations: list[Graduation]
    largeur: int = LARGEUR
    x0: int = MARGE_GAUCHE

    @property
    def hauteur(self) -> int:
        return HAUT + HAUTEUR_BARRE * len(self.barres) + 8

    @property
    def bas(self) -> int:
        return self.hauteur - 8

    @property
    def x_etape(self) -> int:
        return self.x0 - 8


def _echelle(maximum: float) -> int:
    """A round number of days at least `maximum`: 4 graduations fall on whole days."""
    pas = max(1, math.ceil(maximum / 4))
    for rond in (1, 2, 5, 7, 10, 14, 15, 30, 60, 90):
        if rond >= pas:
            return rond * 4
    return pas * 4


def graphique(delais) -> Graphique | None:
    """Median bars and 90th-percentile marks of one prefecture and type, one row per step."""
    if not delais:
        return None
    echelle = _echelle(max(d.p90 for d in delais))
    utile = LARGEUR - MARGE_GAUCHE - MARGE_DROITE

    def x(jours: float) -> float:
        return round(utile * jours / echelle, 1)

    barres = [
        Barre(
            d.libelle,
            HAUT + HAUTEUR_BARRE * rang,
            d.mediane,
            d.p90,
            d.mesures,
            x(d.mediane),
            MARGE_GAUCHE + x(d.p90),
        )
        for rang, d in enumerate(delais)
    ]
    graduations = [Graduation(MARGE_GAUCHE + x(echelle * i / 4), round(echelle * i / 4)) for i in range(5)]
    return Graphique(barres, graduations)
