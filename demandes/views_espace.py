"""Espace Administratif › « Demandes en ligne (site ANTS) »: every demande of one agency.

Counters, search, the list with its unlinked demandes in red, linking one to a student, the
Excel export. The reads are in demandes.espace and demandes.compteurs, the writes in
demandes.services; the download buttons post to views.telecharger with a `retour` to this list.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from agences.access import agences_for_user, get_agence_for_user_or_404, get_for_user_or_404
from eleves.models import Eleve

from . import espace, excel, services
from .forms import AssocierForm, FiltreDemandesForm
from .models import Demande
from .views import _retour, retour_sur
from .views_synchronisation import etat_des_synchronisations

PAR_PAGE = 25
TYPE_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def accueil(request):
    """The menu's entry and the agency choice (?agence=CODE): that agency's list, else the first one's."""
    code = request.GET.get("agence")
    agence = (
        get_agence_for_user_or_404(request.user, code=code)
        if code
        else agences_for_user(request.user).first()
    )
    if agence is None:
        return redirect("home")  # which says to ask for an agency
    return redirect("demandes:espace_agence", code=agence.code)


def _contexte_liste(request, agence, compteurs=None) -> dict:
    form = FiltreDemandesForm(request.GET)
    filtre = form.filtre()
    paginator = Paginator(espace.liste(user=request.user, agence=agence, filtre=filtre), PAR_PAGE)
    if compteurs is not None and filtre == espace.Filtre():
        paginator.count = compteurs.total  # the counters have counted these rows: no COUNT(*)
    page = paginator.get_page(request.GET.get("page"))
    lignes = espace.lignes(page)
    return {
        "agence": agence,
        "form": form,
        "filtre": filtre,
        "page": page,
        "lignes": lignes,
        "en_cours": any(ligne.en_cours for ligne in lignes),
        "retour": request.get_full_path(),
        **etat_des_synchronisations(agence),
    }


@login_required
@require_GET
def espace_agence(request, code):
    agence = get_agence_for_user_or_404(request.user, code=code)
    if request.htmx.target == "liste":  # the list following an operation under way
        return render(request, "demandes/_liste.html", _contexte_liste(request, agence))
    compteurs = espace.compteurs_de_l_agence(user=request.user, agence=agence)
    contexte = _contexte_liste(request, agence, compteurs)
    contexte |= {"agences": agences_for_user(request.user), "compteurs": compteurs}
    return render(request, "demandes/espace.html", contexte)


@login_required
@require_GET
def exporter(request, code):
    agence = get_agence_for_user_or_404(request.user, code=code)
    demandes = espace.liste(user=request.user, agence=agence, filtre=FiltreDemandesForm(request.GET).filtre())
    try:
        fichier = excel.classeur_des_demandes(demandes, titre=agence.code)
    except excel.ListeTropLongue:
        messages.error(
            request,
            _(
                "La liste compte plus de %(max)s demandes, le maximum d'une feuille Excel : "
                "réduisez-la (par période ou par statut) avant de l'exporter."
            )
            % {"max": f"{excel.LIGNES_MAX:,}".replace(",", " ")},
        )
        return redirect(f"{reverse('demandes:espace_agence', args=[agence.code])}?{request.GET.urlencode()}")
    return FileResponse(
        fichier, as_attachment=True, filename=excel.nom_du_fichier(agence), content_type=TYPE_XLSX
    )


def _demande(request, pk) -> Demande:
    return get_for_user_or_404(Demande.objects.select_related("agence", "eleve"), request.user, pk=pk)


def _eleve_de_l_agence(request, demande: Demande, pk) -> Eleve:
    """The chosen student, if of the demande's agency and the user's: anyone else is a 404."""
    return get_for_user_or_404(Eleve.objects.filter(agence=demande.agence), request.user, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def associer(request, pk):
    """ "Associer un élève à une demande": the dialog (htmx) or its page, and the link it asks for."""
    demande = _demande(request, pk)
    form = AssocierForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        eleve = _eleve_de_l_agence(request, demande, form.cleaned_data["eleve"])
        try:
            services.demande_relier(
                eleve=eleve, numero=demande.numero, ecraser=form.cleaned_data["ecraser"], par=request.user
            )
        except services.DemandeImpossible as refus:
            form.add_error(None, refus.message)
        else:
            messages.info(
                request,
                _(
                    "La demande n° %(numero)s va être reliée à %(eleve)s : "
                    "l'avancement s'affiche sur sa ligne."
                )
                % {"numero": demande.numero, "eleve": eleve},
            )
            return _retour(request, eleve.pk)
    # The search shown again after a refusal is the one the user had made; at first, ANTS's name.
    texte = request.POST["q"] if "q" in request.POST else request.GET.get("q", demande.candidat_nom)
    contexte = {
        "demande": demande,
        "form": form,
        "texte": texte,
        "eleves": espace.eleves_a_relier(user=request.user, demande=demande, texte=texte),
        "retour": retour_sur(request),
    }
    template = "demandes/_associer_dialogue.html" if request.htmx else "demandes/associer.html"
    return render(request, template, contexte)


@login_required
@require_GET
def associer_eleves(request, pk):
    """The dialog's search: students of the demande's agency whose name starts with what is typed."""
    demande = _demande(request, pk)
    texte = request.GET.get("q", "")
    eleves = espace.eleves_a_relier(user=request.user, demande=demande, texte=texte)
    return render(request, "demandes/_associer_eleves.html", {"eleves": eleves, "texte": texte})
