"""The student's demandes on ANTS (tab "Demandes ANTS" of the file) and the actions on them.

Every action answers at once: it writes an operation and the page follows it (htmx polling of
`suivi`) until a worker has done it; the user can leave and come back.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agences.access import get_for_user_or_404
from ants.client.types import TypeDemande
from documents.selectors import mandat_en_cours
from documents.services import document_eleve_ajouter, nature_de_piece
from eleves.models import Eleve

from . import imprimes, regles, selectors, services
from .execution import operations_relancer_dues
from .forms import EphotoForm, FichierPieceForm, NumeroForm
from .models import Demande, Operation


def _eleve(request, pk) -> Eleve:
    return get_for_user_or_404(
        Eleve.objects.select_related("agence__agence_responsable", "dossier"), request.user, pk=pk
    )


def _demande(request, pk) -> Demande:
    return get_for_user_or_404(Demande.objects.select_related("eleve", "agence"), request.user, pk=pk)


def retour_sur(request) -> str:
    """The `retour` the request carries if it is a page of this site, else "" (never another site's)."""
    retour = request.POST.get("retour") or request.GET.get("retour") or ""
    sur = url_has_allowed_host_and_scheme(
        retour, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return retour if sur else ""


def _retour(request, eleve_pk):
    """Back to the page the action came from (a safe `retour`), else the student's tab.

    The Espace Administratif's list sends `retour` so that its filter and page are kept.
    """
    url = retour_sur(request)
    if not url and eleve_pk is not None:
        url = reverse("demandes:eleve", args=[eleve_pk])
    elif not url:
        url = reverse("demandes:espace")  # a demande linked to no student has no tab to go back to
    if request.htmx:
        return HttpResponse(headers={"HX-Redirect": url})
    return redirect(url)


def _contexte(request, eleve: Eleve) -> dict:
    demandes = selectors.demandes_de_l_eleve(eleve)
    return {
        "eleve": eleve,
        "onglet": "demandes",
        "demandes": [(demande, selectors.actions_possibles(demande, request.user)) for demande in demandes],
        "operations": selectors.operations_de_l_eleve(eleve),
        "cerfas": [selectors.envoi_possible(eleve, type_demande, demandes) for type_demande in TypeDemande],
        "en_cours": any(operation.ouverte for operation in selectors.operations_de_l_eleve(eleve)),
        "ephoto_parties": [("photo", _("Consulter la photo")), ("signature", _("Consulter la signature"))],
        "mandat": mandat_en_cours(eleve),
    }


@login_required
@require_GET
def eleve(request, pk):
    eleve = _eleve(request, pk)
    return render(request, "demandes/eleve.html", _contexte(request, eleve))


@login_required
@require_GET
def suivi(request, pk):
    """The panel and the operations, polled while an operation is under way."""
    eleve = _eleve(request, pk)
    if settings.CELERY_TASK_ALWAYS_EAGER:
        operations_relancer_dues(eleve=eleve)  # no worker nor beat in embedded mode: due work runs here
    return render(request, "demandes/_suivi.html", _contexte(request, eleve))


def _faire(request, eleve_pk, action, **kwargs):
    """Run one request of demandes.services; its refusal becomes the message on the page."""
    try:
        operation = action(par=request.user, **kwargs)
    except services.DemandeImpossible as refus:
        messages.error(request, refus.message)
        for probleme in refus.problemes:
            messages.warning(request, f"{probleme.champ} : {probleme.message}")
    else:
        messages.info(
            request,
            _("« %(action)s » est en cours : l'avancement s'affiche ci-dessous.")
            % {"action": operation.get_action_display()},
        )
    return _retour(request, eleve_pk)


@login_required
@require_POST
def creer(request, pk):
    eleve = _eleve(request, pk)
    type_demande = request.POST.get("type")
    if type_demande not in TypeDemande.values:
        messages.error(request, _("Choisissez Cerfa 02 ou Cerfa 06."))
        return _retour(request, eleve.pk)
    return _faire(
        request,
        eleve.pk,
        services.demande_creer,
        eleve=eleve,
        type_demande=type_demande,
        mandat_papier=request.POST.get("mandat_papier") == "on",
    )


def _par_numero(request, pk, action, **extra):
    eleve = _eleve(request, pk)
    form = NumeroForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["numero"]))
        return _retour(request, eleve.pk)
    return _faire(request, eleve.pk, action, eleve=eleve, numero=form.cleaned_data["numero"], **extra)


@login_required
@require_POST
def transferer(request, pk):
    return _par_numero(request, pk, services.demande_transferer)


@login_required
@require_POST
def relier(request, pk):
    return _par_numero(request, pk, services.demande_relier, ecraser=request.POST.get("ecraser") == "on")


def _sur_demande(action):
    """A POST view running `action(demande=..., par=...)` on one demande of the user's agencies."""

    @login_required
    @require_POST
    def vue(request, pk):
        demande = _demande(request, pk)
        return _faire(request, demande.eleve_id, action, demande=demande)

    return vue


actualiser = _sur_demande(services.demande_actualiser)
valider = _sur_demande(services.demande_valider)
supprimer_ephoto = _sur_demande(services.demande_supprimer_ephoto)


@login_required
@require_http_methods(["GET", "POST"])
def supprimer(request, pk):
    demande = _demande(request, pk)
    if request.method == "POST":
        return _faire(request, demande.eleve_id, services.demande_supprimer, demande=demande)
    possible = regles.peut_supprimer(demande, request.user)
    return render(
        request, "demandes/supprimer.html", {"demande": demande, "eleve": demande.eleve, "possible": possible}
    )


@login_required
@require_POST
def ephoto(request, pk):
    demande = _demande(request, pk)
    form = EphotoForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["code"]))
        return _retour(request, demande.eleve_id)
    return _faire(
        request,
        demande.eleve_id,
        services.demande_definir_ephoto,
        demande=demande,
        code=form.cleaned_data["code"],
    )


@login_required
@require_POST
def telecharger(request, pk):
    demande = _demande(request, pk)
    cible = selectors.cible_de_telechargement(demande, request.POST)
    if cible is None:
        messages.error(request, _("Ce document n'est pas disponible pour cette demande."))
        return _retour(request, demande.eleve_id)
    return _faire(request, demande.eleve_id, services.demande_telecharger, demande=demande, **cible)


@login_required
@require_http_methods(["GET", "POST"])
def pieces(request, pk):
    demande = _demande(request, pk)
    form = FichierPieceForm(request.POST or None, request.FILES or None, demande=demande)
    if request.method == "POST" and form.is_valid():
        try:
            document = form.cleaned_data["document"] or document_eleve_ajouter(
                eleve=demande.eleve,
                libelle=form.piece["libelle"],
                fichier=form.cleaned_data["fichier"],
                nature=nature_de_piece(form.cleaned_data["code"]),
            )
            services.demande_ajouter_fichier(
                demande=demande,
                code=form.cleaned_data["code"],
                document=document,
                commentaire=form.cleaned_data["commentaire"],
                par=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except services.DemandeImpossible as refus:
            form.add_error(None, refus.message)
        else:
            messages.info(
                request, _("Le fichier part vers l'ANTS : l'avancement s'affiche sur la page de l'élève.")
            )
            return redirect("demandes:pieces", pk=demande.pk)
    return render(
        request,
        "demandes/pieces.html",
        {
            "demande": demande,
            "eleve": demande.eleve,
            "form": form,
            "possible": regles.peut_modifier_pieces(demande, request.user),
            "valider": regles.peut_valider(demande, request.user),
            "operations": selectors.operations_de_la_demande(demande),
        },
    )


@login_required
@require_POST
def supprimer_fichier(request, pk, code, fichier_id):
    demande = _demande(request, pk)
    try:
        services.demande_supprimer_fichier(
            demande=demande, code=code, fichier_id=fichier_id, par=request.user
        )
    except services.DemandeImpossible as refus:
        messages.error(request, refus.message)
    else:
        messages.info(request, _("Le fichier va être supprimé de la demande sur l'ANTS."))
    return redirect("demandes:pieces", pk=demande.pk)


@login_required
@require_POST
def abandonner(request, pk):
    operation = get_for_user_or_404(Operation.objects.all(), request.user, pk=pk)
    if not services.operation_abandonner(operation=operation, par=request.user):
        messages.error(request, _("Cette opération n'est plus à vérifier : rien n'a été changé."))
    return _retour(request, operation.eleve_id)


@login_required
@require_POST
def imprimer(request, pk, modele, type_demande):
    """Print the summary or the letter of a demande into the student's documents, and download it."""
    eleve = _eleve(request, pk)
    if modele not in imprimes.MODELES or type_demande not in TypeDemande.values:
        raise Http404
    document = imprimes.imprimer(eleve=eleve, modele=modele, type_demande=type_demande)
    return redirect("documents:telecharger", pk=document.pk)


@login_required
@require_POST
def relancer(request, pk):
    operation = get_for_user_or_404(Operation.objects.all(), request.user, pk=pk)
    services.operation_relancer(operation=operation)
    return _retour(request, operation.eleve_id)
