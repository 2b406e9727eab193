"""The navigation's count of what needs someone, per group, over the user's agencies (and per agency,
for the links to go to an agency that has lines of that group).

Every page asks for it once loaded (suivi:compte, htmx), so it is kept in the cache a minute per user
(bench/suivi_tableau.py prints what one computation costs); the board itself is always computed afresh.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache

from agences.access import agences_for_user

from .lignes import GROUPES, Groupe
from .tableau import lignes_a_suivre

DUREE_CACHE = 60  # seconds


@dataclass(frozen=True)
class Compte:
    par_groupe: list[tuple[Groupe, int]]  # the non-empty groups, in the board's order
    par_agence: dict[int, dict[str, int]] = field(default_factory=dict)  # agency pk → group → lines

    @property
    def total(self) -> int:
        return sum(n for _groupe, n in self.par_groupe)

    def agence_pour(self, groupe: str) -> int | None:
        """The first agency (by pk) with lines of that group."""
        return next((pk for pk in sorted(self.par_agence) if self.par_agence[pk].get(groupe)), None)


def compter(lignes) -> Compte:
    nombres = Counter(ligne.groupe.cle for ligne in lignes)
    return Compte([(groupe, nombres[groupe.cle]) for groupe in GROUPES if nombres[groupe.cle]])


def _agence_de(ligne) -> int:
    return ligne.demande.agence_id if ligne.demande is not None else ligne.eleve.agence_id


def compte_de_l_utilisateur(user) -> Compte:
    cle = f"suivi:compte:{user.pk}"
    par_agence = cache.get(cle)
    if par_agence is None:
        lignes = lignes_a_suivre(user=user, agences=agences_for_user(user))
        par_agence = {}
        for ligne in lignes:
            groupes = par_agence.setdefault(_agence_de(ligne), {})
            groupes[ligne.groupe.cle] = groupes.get(ligne.groupe.cle, 0) + 1
        cache.set(cle, par_agence, DUREE_CACHE)
    nombres = Counter()
    for groupes in par_agence.values():
        nombres.update(groupes)
    return Compte([(g, nombres[g.cle]) for g in GROUPES if nombres[g.cle]], par_agence)
