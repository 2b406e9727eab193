"""Reading an ANTS account's demandes into ours ("Mettre à jour depuis le site de la préfecture").

What the sync trusts, and what it does not (docs/ants-api.md, seed 002):
- a listing says what changed; an absence from it says nothing (demandes vanish from listings
  for hours): a demande we hold that a complete listing leaves out is read by its number, and it
  is gone only when that read answers 404;
- a listing whose pages contradict each other (Listing.problems) is used for what it shows, and
  nothing is concluded from what it does not show;
- one reading per ANTS account at a time, held by a lease in the database (BailSynchronisation);
  a reading whose worker died is read again once its lease has run out (synchronisations_reprendre).
Rows are written in batches: one read, one insert and one update per batch, not per demande. A task
goes on with the readings waiting after its own, each next account's listing on its way while the
current one's last batch is written (synchronisation_executer).
"""

import logging
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from itertools import islice

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agences.models import Agence
from agences.services import client_for_agence
from ants.client import AntsClient, AntsError, DemandeResume, NotFound
from ants.client.types import Statut
from eleves.models import Eleve
from eleves.noms import cle_comparaison

from . import compteurs, lots, regles
from .lecture import (
    CHAMPS_RESUME,
    champs_complets,
    champs_resume,
    changement_statut,
    demande_marquer_supprimee,
)
from .listing_en_fond import ListingEnFond
from .models import BailSynchronisation, ChangementStatut, Demande, Synchronisation

logger = logging.getLogger(__name__)

Etat = Synchronisation.Etat
# Rows per batch: three pages of 100. Fewer would mean more statements for the same rows; more, a
# longer last batch, written after the last page (measured: 3.14 s for 5,000 demandes by pages of
# 100 at 50 ms a call in batches of a page, 3.04 s in batches of three).
LOT = 300
# A demande the listings leave out is read by its number: this many per reading at most (oldest
# read first), so that a listing that lost everything costs a bounded number of calls.
LECTURES_DIRECTES_MAX = 200
# Left out of the listings longer than this although ANTS still has it: shown as needing a look.
ABSENCE_TOLEREE = timedelta(days=2)
# The student has 7 days to activate the account after the school validated (then ANTS deletes it).
DELAI_ACTIVATION = timedelta(days=7)


class SynchronisationEnCours(Exception):
    """Another reading of this ANTS account holds the lease."""


def compte_de(agence: Agence) -> Agence:
    """The agency whose ANTS account holds this agency's demandes."""
    return agence.responsable


# ---------------------------------------------------------------------------------------------
# Lease
# ---------------------------------------------------------------------------------------------


def _duree_bail() -> timedelta:
    return timedelta(seconds=settings.ANTS_OPERATION_LEASE)


def _prendre_bail(synchronisation: Synchronisation) -> bool:
    now = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                BailSynchronisation.objects.create(
                    agence=synchronisation.agence,
                    synchronisation=synchronisation,
                    jusqu_a=now + _duree_bail(),
                )
            return True
        except IntegrityError:
            pass
        pris = (
            BailSynchronisation.objects.filter(agence=synchronisation.agence)
            .filter(Q(jusqu_a__lt=now) | Q(synchronisation=synchronisation))
            .update(synchronisation=synchronisation, jusqu_a=now + _duree_bail())
        )
    return bool(pris)


def _prolonger_bail(synchronisation: Synchronisation) -> None:
    gardes = BailSynchronisation.objects.filter(
        agence=synchronisation.agence, synchronisation=synchronisation
    ).update(jusqu_a=timezone.now() + _duree_bail())
    if not gardes:
        raise SynchronisationEnCours


def _rendre_bail(synchronisation: Synchronisation) -> None:
    BailSynchronisation.objects.filter(
        agence=synchronisation.agence, synchronisation=synchronisation
    ).delete()


# ---------------------------------------------------------------------------------------------
# Asking for a reading
# ---------------------------------------------------------------------------------------------


def synchronisation_creer(*, agence: Agence, par=None, **fenetre) -> Synchronisation:
    """A reading of the agency's ANTS account, to run (`fenetre`: cree_depuis, modifie_depuis…)."""
    return Synchronisation.objects.create(agence=compte_de(agence), demandee_par=par, **fenetre)


def synchronisation_demander(*, agence: Agence, par=None, **fenetre) -> Synchronisation:
    """The same, queued for a worker after commit."""
    from .tasks import synchroniser  # the task module imports this one

    synchronisation = synchronisation_creer(agence=agence, par=par, **fenetre)
    transaction.on_commit(lambda: synchroniser.delay(synchronisation.pk))
    return synchronisation


def synchronisations_incrementales_demander(*, comptes) -> list[Synchronisation]:
    """Each account's reading of what changed since its last successful one, re-reading that day
    (modifie_depuis is a day); all read from scratch for an account never read. Created in one
    statement, each queued for a worker once committed (a network's accounts: a handful of queries,
    not a few per account)."""
    from .tasks import synchroniser  # the task module imports this one

    reussies = (
        Synchronisation.objects.filter(agence__in=comptes, etat=Etat.TERMINEE)
        .values("agence")
        .annotate(derniere=Max("commencee_le"))
    )
    depuis = {ligne["agence"]: timezone.localdate(ligne["derniere"]) for ligne in reussies}
    with transaction.atomic():
        lectures = Synchronisation.objects.bulk_create(
            [Synchronisation(agence=compte, modifie_depuis=depuis.get(compte.pk)) for compte in comptes]
        )
        for lecture in lectures:
            transaction.on_commit(partial(synchroniser.delay, lecture.pk))
    return lectures


def comptes_a_synchroniser():
    """Every agency that has its own ANTS account, with its credentials set."""
    return Agence.objects.filter(agence_responsable__isnull=True).exclude(
        Q(numero_agrement="") | Q(identifiant_ants="") | Q(mot_de_passe_ants_chiffre="")
    )


# ---------------------------------------------------------------------------------------------
# Running readings
# ---------------------------------------------------------------------------------------------

# The Celery task goes on with the readings waiting after its own for this long at most, then
# leaves the rest to their own tasks: well within its time limits, however many accounts there are.
ENCHAINEMENT_S = 60
# Waiting readings looked at at once when choosing the next one (other workers take some too).
CANDIDATES = 5
# A reading interrupted again and again is taken up for this long after it was asked for, then given up.
REPRISE_MAX = timedelta(hours=1)


def _abandonnee(now) -> Q:
    """Started by a worker that has died since: its lease ran out, or was never taken."""
    bail_vivant = BailSynchronisation.objects.filter(synchronisation=OuterRef("pk"), jusqu_a__gte=now)
    return Q(etat=Etat.EN_COURS, commencee_le__lt=now - _duree_bail()) & ~Exists(bail_vivant)


def _reclamer(synchronisation_id: int, *, abandonnee: bool = True) -> Synchronisation | None:
    """The reading, ours to run: it was waiting, or (`abandonnee`) its worker died (then it starts
    afresh). A reading picked among the waiting ones is claimed without the second condition, whose
    subquery cost a claim 2 ms of the worker's time instead of 0.6 (measured)."""
    now = timezone.now()
    condition = Q(etat=Etat.EN_ATTENTE) | _abandonnee(now) if abandonnee else Q(etat=Etat.EN_ATTENTE)
    prises = Synchronisation.objects.filter(condition, pk=synchronisation_id).update(
        etat=Etat.EN_COURS, commencee_le=now, **A_ZERO
    )
    return Synchronisation.objects.select_related("agence").get(pk=synchronisation_id) if prises else None


@dataclass
class _Lecteur:
    """A claimed reading holding its account's lease, with its listing (started or to start)."""

    synchronisation: Synchronisation
    client: AntsClient
    lecture: ListingEnFond


def synchronisation_executer(*, synchronisation_id: int, enchainer: bool = False) -> Synchronisation | None:
    """Run the reading; its outcome, counts and French summary end up on its row.

    `enchainer` (the Celery task): then the readings waiting after it, oldest first, for
    ENCHAINEMENT_S at most. Each next one is claimed while the current one is read, and its listing
    starts once the current one's has come: its sign-in and first page are on their way while the
    current one's last batch is written, and no hand-over between tasks stands between two accounts.
    (Claimed later, when the current listing is nearly read, the claim's queries stood in the way:
    measured slower, 1.33 × floor against 1.25 for the incremental reading.)
    """
    fin = time.monotonic() + (ENCHAINEMENT_S if enchainer else 0)
    with _commits_sans_attente(), _gil_rendu_vite():
        synchronisation = _reclamer(synchronisation_id)
        if synchronisation is None:
            return None
        lecteur = _ouvrir(synchronisation) or _ouvrir_la_suivante(fin)
        while lecteur is not None:
            lecteur.lecture.demarrer()
            suivant = _ouvrir_la_suivante(fin)
            if suivant is not None:
                lecteur.lecture.puis(suivant.lecture)
            _lire(lecteur)
            lecteur = suivant
    return synchronisation


@contextmanager
def _commits_sans_attente():
    """A reading that a database crash loses is read again by the next one: its many commits need
    not wait for the disk (PostgreSQL's asynchronous commit, on this connection until the end; what
    other transactions see is unchanged, the lease's included)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


@contextmanager
def _gil_rendu_vite():
    """The listing's thread waits on ANTS: when an answer comes it must get the interpreter back
    from the writing thread within a millisecond, not Python's default 5 (the process's setting,
    while the reading runs; measured over 7 runs of 4 accounts: 3.4 % faster full, 5 % incremental;
    0.2 ms was no faster than 1 for the network with two workers, four runs interleaved)."""
    avant = sys.getswitchinterval()
    sys.setswitchinterval(min(avant, 0.001))
    try:
        yield
    finally:
        sys.setswitchinterval(avant)


def _ouvrir(synchronisation: Synchronisation) -> _Lecteur | None:
    """The claimed reading's lease taken, its client and listing made; None when it cannot run (its
    row then says why)."""
    if not _prendre_bail(synchronisation):
        _finir(
            synchronisation,
            Etat.ECHOUEE,
            _("Une mise à jour de cette agence est déjà en cours : celle-ci n'a pas été lancée."),
        )
        return None
    try:
        client = client_for_agence(synchronisation.agence, on_retry=partial(_appel_repris, synchronisation))
    except AntsError as error:
        _rendre_bail(synchronisation)
        _finir(synchronisation, Etat.ECHOUEE, _ants_a_repondu(error))
        return None
    lecture = ListingEnFond(
        client,
        cree_depuis=synchronisation.cree_depuis,
        cree_jusqu_a=synchronisation.cree_jusqu_a,
        modifie_depuis=synchronisation.modifie_depuis,
        modifie_jusqu_a=synchronisation.modifie_jusqu_a,
    )
    return _Lecteur(synchronisation, client, lecture)


def _ouvrir_la_suivante(fin: float) -> _Lecteur | None:
    """The oldest waiting reading that can run, claimed and opened, while time is left."""
    while time.monotonic() < fin:
        attente = Synchronisation.objects.filter(etat=Etat.EN_ATTENTE).order_by("demandee_le", "pk")
        candidates = list(attente.values_list("pk", flat=True)[:CANDIDATES])
        if not candidates:
            return None
        for pk in candidates:
            synchronisation = _reclamer(pk, abandonnee=False)
            lecteur = _ouvrir(synchronisation) if synchronisation is not None else None
            if lecteur is not None:
                return lecteur
    return None


def _appel_repris(synchronisation: Synchronisation, appel: str) -> None:
    synchronisation.appels_repris += 1
    detail = synchronisation.appels_repris_detail
    detail[appel] = detail.get(appel, 0) + 1


def _ants_a_repondu(error: AntsError) -> str:
    return _("L'ANTS a répondu : %(detail)s") % {"detail": error.message}


def _lire(lecteur: _Lecteur) -> None:
    """The account read, the outcome recorded, the lease given back."""
    synchronisation = lecteur.synchronisation
    try:
        _lire_le_compte(lecteur)
    except SynchronisationEnCours:
        _finir(synchronisation, Etat.ECHOUEE, _("Une autre mise à jour a repris la main : arrêt."))
    except AntsError as error:
        _finir(synchronisation, Etat.ECHOUEE, _ants_a_repondu(error))
    else:
        _finir(synchronisation, Etat.TERMINEE, resume(synchronisation))
    finally:
        _rendre_bail(synchronisation)
        # A reading leaves a few counts per batch: folded now, the page adds up a handful.
        compteurs.comptes_replier(list(_agences_du_compte(synchronisation).values_list("pk", flat=True)))


def _finir(synchronisation: Synchronisation, etat: str, message: str) -> Synchronisation:
    synchronisation.etat, synchronisation.message = etat, message
    synchronisation.terminee_le = timezone.now()
    synchronisation.save()
    return synchronisation


def synchronisations_reprendre(*, maintenant=None) -> list[int]:
    """Readings queued again: those whose worker died, and those waiting for longer than a lease
    (their task was lost: Redis keeps no queue across a restart). A reading runs once either way:
    whoever claims it first runs it. One asked for more than REPRISE_MAX ago is given up instead,
    with a message that says so (one that kills its worker each time must not run for ever)."""
    from .tasks import synchroniser  # the task module imports this one

    now = maintenant or timezone.now()
    oubliees = Q(etat=Etat.EN_ATTENTE, demandee_le__lt=now - _duree_bail())
    a_reprendre = Synchronisation.objects.filter(oubliees | _abandonnee(now))
    for synchronisation in a_reprendre.filter(demandee_le__lt=now - REPRISE_MAX):
        _finir(
            synchronisation,
            Etat.ECHOUEE,
            _("Mise à jour interrompue (un serveur s'est arrêté pendant la lecture) : relancez-la."),
        )
    ids = list(a_reprendre.filter(demandee_le__gte=now - REPRISE_MAX).values_list("pk", flat=True))
    for pk in ids:
        synchroniser.delay(pk)
    return ids


def resume(s: Synchronisation) -> str:
    texte = _(
        "%(lues)s demande(s) lue(s) : %(nouvelles)s nouvelle(s), %(maj)s mise(s) à jour, %(inchangees)s "
        "inchangée(s), %(non_reliees)s non reliée(s) à un élève, %(disparues)s supprimée(s) sur l'ANTS, "
        "%(erreurs)s erreur(s)."
    ) % {
        "lues": s.lues,
        "nouvelles": s.nouvelles,
        "maj": s.mises_a_jour,
        "inchangees": s.inchangees,
        "non_reliees": s.non_reliees,
        "disparues": s.disparues,
        "erreurs": s.erreurs,
    }
    if s.appels_repris:
        detail = ", ".join(f"{appel} ×{n}" for appel, n in sorted(s.appels_repris_detail.items()))
        texte += " " + _("%(n)s appel(s) à l'ANTS ont dû être repris (%(detail)s).") % {
            "n": s.appels_repris,
            "detail": detail,
        }
    if s.immobiles:
        texte += " " + _(
            "%(n)s demande(s) n'ont pas bougé sur l'ANTS depuis plus de %(jours)s jours : "
            "voyez-les dans la liste."
        ) % {"n": s.immobiles, "jours": regles.IMMOBILE_APRES.days}
    if s.incoherences:
        texte += " " + _("La liste de l'ANTS était incohérente : rien n'a été conclu de ses absences.")
    return texte


def _lire_le_compte(lecteur: _Lecteur) -> None:
    synchronisation, lecture = lecteur.synchronisation, lecteur.lecture
    vus = set()
    # New rows make the table outgrow its planner statistics: checked at a batch's worth, then
    # at each doubling of this reading's new rows (lots.statistiques_a_jour).
    controle = LOT
    with lecture:
        echues = _activations_echues(synchronisation)  # asked while the first page is on its way
        for lot in lecture.lots(LOT):
            vus.update(resume.numero for resume in lot)
            synchronisation.total, synchronisation.lues = lecture.total, len(vus)
            with transaction.atomic():  # the batch, the lease and the progress: one commit
                _enregistrer_lot(synchronisation, lot)
                _prolonger_bail(synchronisation)
                synchronisation.save(
                    update_fields=[*COMPTEURS, "total", "lues", "appels_repris", "appels_repris_detail"]
                )
            if synchronisation.nouvelles >= controle:
                controle = 2 * synchronisation.nouvelles
                lots.statistiques_a_jour(Demande)
    listing = lecture.listing
    # Saved by what follows (a reading by number) or by _finir.
    synchronisation.total, synchronisation.incoherences = len(listing.items), list(listing.problems)
    _relire(synchronisation, lecteur.client, echues - vus)
    if synchronisation.complete and listing.consistent:
        _relire(synchronisation, lecteur.client, _absentes(synchronisation, vus), absentes=True)
    synchronisation.immobiles = (
        _demandes_du_compte(synchronisation)
        .filter(
            statut__in=regles.STATUTS_EN_COURS_A_L_ANTS, modifie_le__lt=timezone.now() - regles.IMMOBILE_APRES
        )
        .count()
    )


COMPTEURS = ["nouvelles", "mises_a_jour", "inchangees", "non_reliees", "reliees", "disparues", "erreurs"]
# A reading claimed starts from nothing (a dead worker's run is read again, not added to).
A_ZERO = {
    **dict.fromkeys([*COMPTEURS, "total", "lues", "appels_repris", "immobiles"], 0),
    "appels_repris_detail": {},
    "incoherences": [],
}


def _enregistrer_lot(synchronisation: Synchronisation, lot: list[DemandeResume]) -> None:
    """One batch of the listing: new rows inserted, changed rows updated, status changes kept (in
    the caller's transaction)."""
    compte, now = synchronisation.agence, timezone.now()
    # Only what a listing can change: the rest (pieces, documents as JSON) stays in the database.
    connues = {
        d.numero: d for d in Demande.objects.filter(numero__in=[r.numero for r in lot]).only(*CHAMPS_LUS)
    }
    nouvelles, changees, changements = [], [], []
    for resume_ants in lot:
        valeurs = champs_resume(resume_ants)
        demande = connues.get(resume_ants.numero)
        if demande is None:
            nouvelles.append(
                {
                    "agence_id": compte.pk,
                    "numero": resume_ants.numero,
                    "agrement": compte.numero_agrement,
                    "lue_le": now,
                    **valeurs,
                }
            )
            continue
        if _tenue_par_un_autre_compte(compte, resume_ants, demande):
            synchronisation.inchangees += 1
            continue
        ancien = demande.statut
        differences = {
            champ: valeur
            for champ, valeur in {**valeurs, **_titulaire(compte, demande)}.items()
            if getattr(demande, champ) != valeur
        }
        if not differences and demande.absente_de_la_liste_depuis is None:
            synchronisation.inchangees += 1
            continue
        for champ, valeur in {**differences, "lue_le": now, "absente_de_la_liste_depuis": None}.items():
            setattr(demande, champ, valeur)
        changees.append(demande)
        if differences:
            synchronisation.mises_a_jour += 1
        else:
            synchronisation.inchangees += 1
        if demande.statut != ancien:
            changements.append(_changement(demande.pk, ancien, valeurs))
    _relier_aux_eleves(synchronisation, nouvelles)
    ids = lots.inserer(Demande, nouvelles)
    lots.mettre_a_jour(changees, CHAMPS_ECRITS)
    changements += [_changement(pk, "", valeurs) for pk, valeurs in zip(ids, nouvelles, strict=True)]
    lots.inserer(ChangementStatut, changements)
    synchronisation.nouvelles += len(nouvelles)
    synchronisation.non_reliees += sum(1 for d in nouvelles if d.get("eleve_id") is None)


def _changement(demande_id: int, ancien: str, valeurs: dict) -> dict:
    """A ChangementStatut's row (demandes.lecture.changement_statut, as a batch writes it)."""
    return {
        "demande_id": demande_id,
        "ancien": ancien,
        "nouveau": valeurs["statut"],
        "libelle": valeurs["statut_libelle"],
        "modifie_le": valeurs["modifie_le"],
    }


CHAMPS_LUS = ["numero", *CHAMPS_RESUME, "agrement", "agence", "eleve", "absente_de_la_liste_depuis"]
# What a batch writes of a demande it already holds.
CHAMPS_ECRITS = [*CHAMPS_RESUME, "agrement", "agence", "lue_le", "absente_de_la_liste_depuis"]


def _tenue_par_un_autre_compte(compte, resume: DemandeResume, demande: Demande) -> bool:
    """Transferred from this account to another one we read too: that account's reading has it now."""
    return resume.statut == Statut.TRANSFEREE and demande.agrement not in ("", compte.numero_agrement)


def _titulaire(compte, demande: Demande) -> dict:
    """The account that lists it as its own holds it (a transfer between two of our agencies)."""
    titulaire = {"agrement": compte.numero_agrement}
    if demande.eleve_id is None:
        titulaire["agence_id"] = compte.pk
    return titulaire


def _relier_aux_eleves(synchronisation: Synchronisation, nouvelles: list[dict]) -> None:
    """A new demande whose candidate is exactly one student of the account's agencies is linked to them.

    Same e-mail, same birth date and same birth name (compared in ANTS form): anything less, or two
    students matching, leaves it to a person (shown in red, linked from the list).
    """
    emails = {d["candidat_email"] for d in nouvelles if d["candidat_email"]}
    if not emails:
        return
    agences = _agences_du_compte(synchronisation)
    par_email = {}
    for pk, agence_id, email, naissance, nom in Eleve.objects.filter(
        agence__in=agences, email__in=emails
    ).values_list("pk", "agence_id", "email", "date_naissance", "nom_naissance"):
        par_email.setdefault(email, []).append((pk, agence_id, naissance, cle_comparaison(nom)))
    for demande in nouvelles:
        cle = cle_comparaison(demande["candidat_nom"])
        eleves = [
            (pk, agence_id)
            for pk, agence_id, naissance, nom in par_email.get(demande["candidat_email"], [])
            if naissance == demande["candidat_date_naissance"] and nom == cle
        ]
        if len(eleves) == 1:
            demande["eleve_id"], demande["agence_id"] = eleves[0]
            synchronisation.reliees += 1


def _agences_du_compte(synchronisation: Synchronisation):
    """The account's agency and those whose demandes it holds."""
    compte = synchronisation.agence_id
    return Agence.objects.filter(Q(pk=compte) | Q(agence_responsable=compte))


def _demandes_du_compte(synchronisation: Synchronisation):
    return Demande.objects.filter(agrement=synchronisation.agence.numero_agrement).exclude(
        statut=regles.SUPPRIMEE
    )


def _activations_echues(synchronisation: Synchronisation) -> set[str]:
    """Waiting for the student past the 7 days: ANTS has likely deleted them, which no listing shows."""
    limite = timezone.now() - DELAI_ACTIVATION
    return set(
        _demandes_du_compte(synchronisation)
        .filter(statut=Statut.EN_ATTENTE_VALIDATION_USAGER, modifie_le__lt=limite)
        .values_list("numero", flat=True)[:LECTURES_DIRECTES_MAX]
    )


def _absentes(synchronisation: Synchronisation, vus: set[str]) -> set[str]:
    """Open demandes a complete listing left out: to be read one by one (oldest read first).

    The listing's numbers are taken out here, not by a NOT IN of thousands (a comparison per pair
    in PostgreSQL: 15 to 45 ms for an account of 5,000)."""
    ouvertes = (
        _demandes_du_compte(synchronisation)
        .filter(statut__in=regles.STATUTS_OUVERTS)
        .order_by("lue_le")
        .values_list("numero", flat=True)
    )
    return set(islice((numero for numero in ouvertes if numero not in vus), LECTURES_DIRECTES_MAX))


def _relire(synchronisation: Synchronisation, client, numeros: set[str], *, absentes: bool = False) -> None:
    """Each demande read by its number: gone on a 404 only; kept otherwise (`absentes`: the listing
    left them out, which is noted)."""
    if not numeros:
        return
    now = timezone.now()
    for demande in Demande.objects.filter(numero__in=numeros):
        try:
            lue = client.get_demande(demande.numero)
        except NotFound:
            demande_marquer_supprimee(demande=demande, libelle=_("Supprimée sur le site de l'ANTS"))
            synchronisation.disparues += 1
            continue
        except AntsError:
            synchronisation.erreurs += 1
            continue
        ancien = demande.statut
        for champ, valeur in champs_complets(lue).items():
            setattr(demande, champ, valeur)
        demande.lue_le = now
        if absentes:
            demande.absente_de_la_liste_depuis = demande.absente_de_la_liste_depuis or now
        demande.save()
        if demande.statut != ancien:
            changement_statut(demande, ancien).save()
    synchronisation.save(
        update_fields=[*COMPTEURS, "total", "incoherences", "appels_repris", "appels_repris_detail"]
    )


def synchronisations_nocturnes_demander(*, maintenant=None) -> list[Synchronisation]:
    """Each account's nightly reading, once its agency's hour has come and not yet asked since
    (Celery beat asks often)."""
    now = timezone.localtime(maintenant or timezone.now())
    nocturnes = Q(synchronisations__demandee_par__isnull=True)
    comptes = comptes_a_synchroniser().annotate(
        nocturne_le=Max("synchronisations__demandee_le", filter=nocturnes)
    )
    dues = []
    for compte in comptes:
        heure = timezone.make_aware(datetime.combine(now.date(), compte.heure_synchronisation))
        if now >= heure and (compte.nocturne_le is None or compte.nocturne_le < heure):
            dues.append(compte)
    return synchronisations_incrementales_demander(comptes=dues)
