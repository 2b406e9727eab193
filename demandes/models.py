"""The demandes sent to ANTS, and the operations the users ask for on them.

A Demande mirrors what ANTS holds (ANTS is the truth; we keep its last answer). An Operation is
a user's click, written before anything is sent: it is the queue the workers take their work from,
the lock that makes a double click or a redelivered task harmless, and the history on the file.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agences.models import Agence
from ants.client.types import Motif, TypeDemande
from eleves.models import Eleve


class Demande(models.Model):
    # The agency whose students' list shows it: the student's, or for a demande linked to no
    # student, the agency whose ANTS account holds it.
    agence = models.ForeignKey(
        Agence, verbose_name=_("agence"), on_delete=models.PROTECT, related_name="demandes"
    )
    eleve = models.ForeignKey(
        Eleve,
        verbose_name=_("élève"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="demandes",
    )
    numero = models.CharField(_("numéro"), max_length=40, unique=True)
    type = models.CharField(_("type"), max_length=10, choices=TypeDemande.choices)
    motif = models.CharField(_("motif"), max_length=30, choices=Motif.choices, blank=True)
    # ANTS's status code; a code this version does not know is kept as ANTS sent it.
    statut = models.CharField(_("statut"), max_length=40)
    statut_libelle = models.CharField(_("libellé du statut"), max_length=120, blank=True)
    motif_statut = models.TextField(_("motif du statut"), blank=True)
    cree_le = models.DateTimeField(_("créée le (ANTS)"))
    modifie_le = models.DateTimeField(_("modifiée le (ANTS)"))
    valide_le = models.DateTimeField(_("validée le (ANTS)"), null=True, blank=True)
    transferee = models.BooleanField(_("transférée"), default=False)
    mandat_papier = models.BooleanField(_("mandat papier"), default=False)
    neph = models.CharField(_("NEPH"), max_length=12, blank=True)
    ephoto_presente = models.BooleanField(_("code ePhoto renseigné"), default=False)
    agrement = models.CharField(_("compte ANTS (agrément)"), max_length=11, blank=True)
    # Who ANTS says the candidate is: shown for a demande linked to no student, and to link it.
    candidat_nom = models.CharField(_("nom du candidat"), max_length=80, blank=True)
    candidat_prenom = models.CharField(_("prénom du candidat"), max_length=80, blank=True)
    candidat_date_naissance = models.DateField(_("date de naissance du candidat"), null=True, blank=True)
    candidat_email = models.EmailField(_("e-mail du candidat"), blank=True)
    # ANTS's pieces (with the files it holds) and documents, as last read: the pages show these.
    pieces = models.JSONField(_("pièces justificatives"), default=list, blank=True)
    documents = models.JSONField(_("documents de l'ANTS"), default=list, blank=True)
    lue_le = models.DateTimeField(_("lue sur l'ANTS le"), null=True, blank=True)
    # Since when ANTS's listings leave it out while GET /demandes/{numero} still has it (seed 002's
    # vanishing anomaly): it is kept, and shown as needing a look only if that lasts.
    absente_de_la_liste_depuis = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-cree_le", "-id"]
        verbose_name = _("demande")
        verbose_name_plural = _("demandes")
        indexes = [
            models.Index(fields=["agence", "type", "statut"], name="demande_agence_statut_idx"),
            models.Index(fields=["agence", "-cree_le"], name="demande_agence_cree_idx"),
            models.Index(fields=["agence", "-modifie_le"], name="demande_agence_modifie_idx"),
            # The sync's reads of an ANTS account by status (activations past 7 days, open ones left out).
            models.Index(fields=["agrement", "statut", "modifie_le"], name="demande_compte_statut_idx"),
        ]

    def __str__(self):
        return f"{TypeDemande(self.type).label} n° {self.numero}"

    @property
    def statut_affiche(self) -> str:
        return self.statut_libelle or self.statut

    @property
    def immobile_depuis(self) -> int | None:
        """Days an open demande's status has not moved, once past what regles.IMMOBILE_APRES allows."""
        from .regles import IMMOBILE_APRES, STATUTS_EN_COURS_A_L_ANTS  # the rules read this model

        if self.statut not in STATUTS_EN_COURS_A_L_ANTS:
            return None
        jours = (timezone.now() - self.modifie_le).days
        return jours if jours >= IMMOBILE_APRES.days else None


class Operation(models.Model):
    class Action(models.TextChoices):
        CREER = "CREER", _("Enregistrer la demande en ligne")
        ACTUALISER = "ACTUALISER", _("Mettre à jour depuis l'ANTS")
        VALIDER = "VALIDER", _("Valider la demande")
        SUPPRIMER = "SUPPRIMER", _("Supprimer la demande")
        DEFINIR_EPHOTO = "DEFINIR_EPHOTO", _("Ajouter ou modifier le code ePhoto")
        SUPPRIMER_EPHOTO = "SUPPRIMER_EPHOTO", _("Supprimer le code ePhoto")
        AJOUTER_FICHIER = "AJOUTER_FICHIER", _("Envoyer une pièce justificative")
        SUPPRIMER_FICHIER = "SUPPRIMER_FICHIER", _("Supprimer une pièce justificative")
        TRANSFERER = "TRANSFERER", _("Transférer une demande")
        RELIER = "RELIER", _("Relier une demande")
        TELECHARGER = "TELECHARGER", _("Télécharger depuis l'ANTS")

    class Etat(models.TextChoices):
        EN_ATTENTE = "EN_ATTENTE", _("en attente")
        EN_COURS = "EN_COURS", _("en cours")
        FAITE = "FAITE", _("faite")
        REFUSEE = "REFUSEE", _("refusée")
        A_VERIFIER = "A_VERIFIER", _("à vérifier")

    # Not finished: the operation holds its key, and the ones after it on the same demande wait.
    ETATS_OUVERTS = (Etat.EN_ATTENTE, Etat.EN_COURS, Etat.A_VERIFIER)

    agence = models.ForeignKey(Agence, on_delete=models.PROTECT, related_name="operations_ants")
    eleve = models.ForeignKey(
        Eleve, on_delete=models.PROTECT, null=True, blank=True, related_name="operations_ants"
    )
    demande = models.ForeignKey(
        Demande, on_delete=models.CASCADE, null=True, blank=True, related_name="operations"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # What makes two operations the same click: one open operation per key (see constraints).
    cle = models.CharField(max_length=200)
    etat = models.CharField(_("état"), max_length=12, choices=Etat.choices, default=Etat.EN_ATTENTE)
    demandee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    demandee_le = models.DateTimeField(_("demandée le"), default=timezone.now)
    commencee_le = models.DateTimeField(null=True, blank=True)
    terminee_le = models.DateTimeField(_("terminée le"), null=True, blank=True)
    # Until when the worker that claimed it holds it: past that, it died, and another may resume.
    bail_jusqu_a = models.DateTimeField(null=True, blank=True)
    # Set and committed just before a call ANTS may apply without our hearing back: an operation
    # resumed with this set is looked up on ANTS first, never sent again blindly.
    envoyee_le = models.DateTimeField(null=True, blank=True)
    tentatives = models.PositiveSmallIntegerField(default=0)
    prochain_essai = models.DateTimeField(_("prochain essai"), null=True, blank=True)
    entree = models.JSONField(default=dict, blank=True)
    envoi = models.JSONField(null=True, blank=True)  # the demande as sent (CREER), for the history
    resultat = models.JSONField(default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    erreur = models.CharField(max_length=40, blank=True)
    champs = models.JSONField(default=list, blank=True)  # fields ANTS refused: [{libelle, message, url}]

    class Meta:
        ordering = ["-demandee_le", "-id"]
        verbose_name = _("opération ANTS")
        verbose_name_plural = _("opérations ANTS")
        constraints = [
            models.UniqueConstraint(
                fields=["demande", "cle"],
                condition=Q(etat__in=["EN_ATTENTE", "EN_COURS", "A_VERIFIER"], demande__isnull=False),
                name="operation_ouverte_unique_par_demande",
            ),
            models.UniqueConstraint(
                fields=["eleve", "cle"],
                condition=Q(etat__in=["EN_ATTENTE", "EN_COURS", "A_VERIFIER"], demande__isnull=True),
                name="operation_ouverte_unique_par_eleve",
            ),
        ]
        indexes = [
            models.Index(fields=["etat", "prochain_essai"], name="operation_a_relancer_idx"),
            models.Index(fields=["eleve", "-demandee_le"], name="operation_eleve_idx"),
            # A link asked from the Espace Administratif has no demande until it is done: its row finds
            # it by key. Partial: only the operations without a demande, a small share of them.
            models.Index(
                fields=["cle"], condition=Q(demande__isnull=True), name="operation_sans_demande_cle_idx"
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} ({self.get_etat_display()})"

    @property
    def ouverte(self) -> bool:
        return self.etat in self.ETATS_OUVERTS


def operations_de_la_file(operation: Operation):
    """The operations that run one after the other with this one: same demande, or same student."""
    if operation.demande_id:
        return Operation.objects.filter(demande_id=operation.demande_id)
    return Operation.objects.filter(eleve_id=operation.eleve_id, demande__isnull=True)


def operation_suivante(operation: Operation) -> Operation | None:
    """The next operation waiting behind this one, if any."""
    file = operations_de_la_file(operation).filter(etat=Operation.Etat.EN_ATTENTE, pk__gt=operation.pk)
    return file.order_by("pk").first()


class ChangementStatut(models.Model):
    """A status change seen on ANTS: the demande's history, and what delays are measured from."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="changements")
    ancien = models.CharField(_("ancien statut"), max_length=40, blank=True)
    nouveau = models.CharField(_("nouveau statut"), max_length=40)
    libelle = models.CharField(_("libellé"), max_length=120, blank=True)
    # When ANTS says it changed (its modifie_le), and when we saw it.
    modifie_le = models.DateTimeField(_("modifiée le (ANTS)"), null=True, blank=True)
    vu_le = models.DateTimeField(_("vu le"), default=timezone.now)

    class Meta:
        ordering = ["-vu_le", "-id"]
        verbose_name = _("changement de statut")
        verbose_name_plural = _("changements de statut")
        # « À suivre » asks when a demande last (or first) entered a status.
        indexes = [models.Index(fields=["demande", "nouveau", "modifie_le"], name="changement_entree_idx")]

    def __str__(self):
        return f"{self.ancien or '—'} → {self.nouveau}"


class Synchronisation(models.Model):
    """One reading of an ANTS account's demandes ("Mettre à jour depuis le site de la préfecture")."""

    class Etat(models.TextChoices):
        EN_ATTENTE = "EN_ATTENTE", _("en attente")
        EN_COURS = "EN_COURS", _("en cours")
        TERMINEE = "TERMINEE", _("terminée")
        ECHOUEE = "ECHOUEE", _("échouée")

    # The agency whose ANTS account is read (an agency with its own credentials).
    agence = models.ForeignKey(Agence, on_delete=models.CASCADE, related_name="synchronisations")
    demandee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("demandée par"),
    )
    demandee_le = models.DateTimeField(_("demandée le"), default=timezone.now)
    commencee_le = models.DateTimeField(_("commencée le"), null=True, blank=True)
    terminee_le = models.DateTimeField(_("terminée le"), null=True, blank=True)
    etat = models.CharField(_("état"), max_length=12, choices=Etat.choices, default=Etat.EN_ATTENTE)
    cree_depuis = models.DateField(null=True, blank=True)
    cree_jusqu_a = models.DateField(null=True, blank=True)
    modifie_depuis = models.DateField(null=True, blank=True)
    modifie_jusqu_a = models.DateField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    lues = models.PositiveIntegerField(default=0)
    nouvelles = models.PositiveIntegerField(default=0)
    mises_a_jour = models.PositiveIntegerField(default=0)
    inchangees = models.PositiveIntegerField(default=0)
    non_reliees = models.PositiveIntegerField(default=0)
    reliees = models.PositiveIntegerField(default=0)  # linked on the way to the one student they match
    disparues = models.PositiveIntegerField(default=0)
    erreurs = models.PositiveIntegerField(default=0)
    appels_repris = models.PositiveIntegerField(default=0)  # ANTS calls retried after a failure
    appels_repris_detail = models.JSONField(default=dict, blank=True)  # {"GET /demandes": 2, …}
    immobiles = models.PositiveIntegerField(default=0)  # open demandes whose status has not moved for long
    incoherences = models.JSONField(default=list, blank=True)  # why the listing could not be trusted
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-demandee_le", "-id"]
        verbose_name = _("mise à jour depuis l'ANTS")
        verbose_name_plural = _("mises à jour depuis l'ANTS")
        indexes = [models.Index(fields=["agence", "etat", "-demandee_le"], name="synchro_agence_idx")]

    def __str__(self):
        return f"{self.agence.code} {self.demandee_le:%d/%m/%Y %H:%M} ({self.get_etat_display()})"

    @property
    def complete(self) -> bool:
        """Every demande of the account was asked for (no date window)."""
        return not any((self.cree_depuis, self.cree_jusqu_a, self.modifie_depuis, self.modifie_jusqu_a))


class BailSynchronisation(models.Model):
    """Who reads an ANTS account now: one reading per account at a time, across every worker.

    A lease, not a lock: it ends by itself, so a worker killed mid-reading blocks nobody for long.
    """

    agence = models.OneToOneField(Agence, on_delete=models.CASCADE, primary_key=True, related_name="+")
    synchronisation = models.ForeignKey(Synchronisation, on_delete=models.CASCADE, related_name="+")
    jusqu_a = models.DateTimeField()

    def __str__(self):
        return f"{self.agence_id} → {self.synchronisation_id} ({self.jusqu_a:%H:%M:%S})"


class CompteDemandes(models.Model):
    """A change in how many demandes an agency holds per Cerfa, status and link to a student.

    Written by PostgreSQL itself (the triggers of migration 0007) for every statement that inserts,
    updates or deletes demandes, whatever runs it: the ORM, the sync's batches, a manual UPDATE. The
    counters add these rows up instead of counting every demande (100,000 demandes: 60 ms → 1 ms).
    Appended, never updated, so two writers never wait on each other; folded into one row per group
    now and then (demandes.compteurs.comptes_replier). Embedded SQLite has no such triggers: there
    the counters count the demandes.
    """

    agence = models.ForeignKey(Agence, on_delete=models.CASCADE, related_name="+")
    type = models.CharField(max_length=10)
    statut = models.CharField(max_length=40)
    sans_eleve = models.BooleanField()
    n = models.IntegerField()

    def __str__(self):
        return f"{self.agence_id} {self.type} {self.statut} {self.sans_eleve}: {self.n:+d}"
