"""The navigation's count of what needs someone, per group, over the user's agencies.

Every page asks for it once loaded (suivi:compte, htmx), so it is kept in the cache a minute per user
(bench/suivi_tableau.py prints what one computation costs); the board itself is always computed afresh.
"""

from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache

from agences.access import agences_for_user

from .lignes import GROUPES, Groupe
from .tableau import lignes_a_suivre

DUREE_CACHE = 60  # seconds


@dataclass(frozen=True)
class Compte:
    par_groupe: list[tuple[Groupe, int]]  # the non-empty groups, in the board's order

    @property
    def total(self) -> int:
        return sum(n for _groupe, n in self.par_groupe)


def compter(lignes) -> Compte:
    nombres = Counter(ligne.groupe.cle for ligne in lignes)
    return Compte([(groupe, nombres[groupe.cle]) for groupe in GROUPES if nombres[groupe.cle]])


def compte_de_l_utilisateur(user) -> Compte:
    cle = f"suivi:compte:{user.pk}"
    nombres = cache.get(cle)
    if nombres is None:
        compte = compter(lignes_a_suivre(user=user, agences=agences_for_user(user)))
        cache.set(cle, {groupe.cle: n for groupe, n in compte.par_groupe}, DUREE_CACHE)
        return compte
    return Compte([(groupe, nombres[groupe.cle]) for groupe in GROUPES if groupe.cle in nombres])
