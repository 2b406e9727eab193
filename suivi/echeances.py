"""The deadlines that lose a school its students' demandes, as data, here only (seeds 001, 002).

The board (suivi.tableau), the reminders (suivi.rappels) and the pages read them; a rule that
changes on ANTS's side changes here.
"""

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy as _

# The student activates the ANTS account within 7 days of the school's validation, or ANTS deletes
# the account and the demande (seed 001, p. 1; seed 002: "porté de 24h à 7 jours").
DELAI_ACTIVATION = timedelta(days=7)
# Without an ePhoto code, the paper photo-signature form reaches the CTN within 15 days of the
# student's validation (seed 001, "Cas 2").
DELAI_FORMULAIRE_PHOTO = timedelta(days=15)
# The exam certificate (CEPC) lets the new driver drive for 4 months: the title demande is due before.
VALIDITE_CERTIFICAT_EXAMEN_MOIS = 4
# An ePhoto code is valid about 6 months and serves once; the board warns this long before it ends.
VALIDITE_EPHOTO_MOIS = 6
ALERTE_EPHOTO = timedelta(days=30)
# A rejected, refused or deleted demande waits for a new one this long on the board, and one made on
# the site waits this long to be linked: past it the student has gone elsewhere or given up, the
# demande is long finished, and the line would only be noise.
HORIZON = timedelta(days=183)
# "Usual" delays are measured over this past period; fewer transitions than the minimum at a
# prefecture and the board falls back to the default (a month: the schools' first complaint, seed 002).
PERIODE_DELAIS = timedelta(days=183)
MESURES_MINIMUM = 5
SANS_MOUVEMENT_PAR_DEFAUT = timedelta(days=30)


def ajouter_mois(moment: datetime, mois: int) -> datetime:
    """`moment` plus calendar months, the day clamped to the month's last (31 Oct + 4 → 28 Feb)."""
    annee, mois_0 = divmod(moment.month - 1 + mois, 12)
    annee += moment.year
    jour = min(moment.day, calendar.monthrange(annee, mois_0 + 1)[1])
    return moment.replace(year=annee, month=mois_0 + 1, day=jour)


@dataclass(frozen=True)
class Etape:
    """One reminder of a deadline: due `apres` its start, or `avant` its end (one of the two)."""

    cle: str
    libelle: str
    apres: timedelta | None = None
    avant: timedelta | None = None

    def due(self, debut: datetime, fin: datetime) -> datetime:
        return debut + self.apres if self.apres is not None else fin - self.avant


@dataclass(frozen=True)
class Echeance:
    """A deadline the student must meet, with the reminders sent before it."""

    cle: str
    libelle: str
    duree: timedelta
    etapes: tuple[Etape, ...]


ETAPES = (
    Etape("LENDEMAIN", _("le lendemain"), apres=timedelta(days=1)),
    Etape("AVANT_FIN", _("deux jours avant la fin"), avant=timedelta(days=2)),
)
ACTIVATION = Echeance("ACTIVATION", _("Activation du compte ANTS"), DELAI_ACTIVATION, ETAPES)
FORMULAIRE_PHOTO = Echeance(
    "FORMULAIRE_PHOTO", _("Envoi du formulaire photo-signature"), DELAI_FORMULAIRE_PHOTO, ETAPES
)
ECHEANCES = {echeance.cle: echeance for echeance in (ACTIVATION, FORMULAIRE_PHOTO)}
PAR_ETAPE = {etape.cle: etape for etape in ETAPES}
