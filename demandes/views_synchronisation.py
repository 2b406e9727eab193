"""'Mettre à jour depuis le site de la préfecture': asking for a reading, and following it."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agences.access import agences_for_user, get_agence_for_user_or_404

from .models import Synchronisation
from .synchronisation import compte_de, synchronisation_demander

FENETRE = ("cree_depuis", "cree_jusqu_a", "modifie_depuis", "modifie_jusqu_a")
EN_COURS = (Synchronisation.Etat.EN_ATTENTE, Synchronisation.Etat.EN_COURS)


def _jour(valeur: str) -> date | None:
    try:
        return date.fromisoformat(valeur) if valeur else None
    except ValueError:
        return None


def synchronisations_visibles(user):
    """The readings of the ANTS accounts the user's agencies use (their own or their responsible's)."""
    comptes = {compte_de(agence).pk for agence in agences_for_user(user).select_related("agence_responsable")}
    return Synchronisation.objects.filter(agence__in=comptes)


@login_required
@require_POST
def synchroniser(request, code):
    agence = get_agence_for_user_or_404(request.user, code=code)
    fenetre = {champ: _jour(request.POST.get(champ, "")) for champ in FENETRE}
    en_cours = synchronisations_visibles(request.user).filter(agence=compte_de(agence), etat__in=EN_COURS)
    if en_cours.exists():
        messages.info(
            request, _("Une mise à jour de cette agence est déjà en cours : suivez son avancement.")
        )
    else:
        synchronisation_demander(agence=agence, par=request.user, **fenetre)
        messages.info(request, _("La mise à jour depuis le site de la préfecture est lancée."))
    return redirect("demandes:espace_agence", code=agence.code)


@login_required
@require_GET
def suivi_synchronisation(request, pk):
    """The progress bar, polled while the reading runs; its summary once done."""
    synchronisation = get_object_or_404(synchronisations_visibles(request.user), pk=pk)
    response = render(request, "demandes/_synchronisation_suivi.html", {"synchronisation": synchronisation})
    if request.htmx and synchronisation.etat not in EN_COURS:
        response["HX-Refresh"] = "true"  # done: the counters and the list are read again
    return response


def etat_des_synchronisations(agence) -> dict:
    """For the list's toolbar, in one read: the reading under way, or else the last one."""
    derniere = Synchronisation.objects.filter(agence=compte_de(agence)).order_by("-demandee_le").first()
    en_cours = derniere is not None and derniere.etat in EN_COURS
    return {
        "synchro_en_cours": derniere if en_cours else None,
        "synchro_derniere": None if en_cours else derniere,
    }
