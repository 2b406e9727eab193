"""What a line of the board is: a group (why it is there), a deadline or a wait, one action."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Groupe:
    cle: str
    libelle: str
    aide: str
    # A real deadline (ANTS deletes, the form comes too late, the certificate ends) or a wait with
    # none: the line then says since when someone should have acted.
    avec_echeance: bool


GROUPES = (
    Groupe(
        "activation",
        _("Activation sous 7 jours"),
        _("L'élève doit activer son compte ANTS et valider la demande, sinon l'ANTS la supprime."),
        True,
    ),
    Groupe(
        "photo",
        _("Formulaire photo sous 15 jours"),
        _("Sans code ePhoto : le formulaire photo-signature doit arriver au CTN dans les 15 jours."),
        True,
    ),
    Groupe("a_completer", _("À compléter"), _("L'ANTS attend des pièces ou des corrections."), False),
    Groupe(
        "a_refaire",
        _("Rejetée : à refaire"),
        _("Rejetée, refusée par l'élève ou supprimée par l'ANTS : une nouvelle demande est nécessaire."),
        False,
    ),
    Groupe(
        "cerfa_06",
        _("À traiter en Cerfa 06"),
        _("Examen réussi : le certificat permet de conduire 4 mois, la demande de titre est à faire."),
        True,
    ),
    Groupe(
        "ephoto",
        _("Code ePhoto"),
        _("Un code ePhoto vaut 6 mois et ne sert qu'une fois."),
        True,
    ),
    Groupe(
        "sans_mouvement",
        _("Sans mouvement"),
        _("Dans ce statut depuis plus longtemps que 9 demandes sur 10 à cette préfecture."),
        True,
    ),
    Groupe("non_reliees", _("Non reliées à un élève"), _("Faites sur le site de l'ANTS."), False),
    Groupe(
        "prets", _("Prêts à envoyer"), _("Fiche complète et aucune demande : la Cerfa 02 peut partir."), False
    ),
)
PAR_CLE = {groupe.cle: groupe for groupe in GROUPES}
ORDRE = {groupe.cle: rang for rang, groupe in enumerate(GROUPES)}


@dataclass(frozen=True)
class Action:
    libelle: str
    url: str
    post: bool = False  # a button posting to url (with `retour`), else a link


@dataclass
class Ligne:
    groupe: Groupe
    pourquoi: str
    debut: datetime  # when it started needing someone
    action: Action
    echeance: datetime | None = None
    demande: object = None
    eleve: object = None
    jours: int = 0  # Paris days to the deadline (negative: passed), or since the start

    @property
    def moment(self) -> datetime:
        """What "most urgent first" sorts on: the deadline, or the start of a wait with none."""
        return self.echeance or self.debut

    def dater(self, maintenant: datetime) -> "Ligne":
        aujourd_hui = timezone.localdate(maintenant)
        if self.echeance is not None:
            self.jours = (timezone.localdate(self.echeance) - aujourd_hui).days
        else:
            self.jours = (aujourd_hui - timezone.localdate(self.debut)).days
        return self

    @property
    def depasse_de(self) -> int:
        return -self.jours
