from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agences.access import get_for_user_or_404
from ants.client.types import TypeDemande
from eleves.models import Eleve

from . import selectors
from .conservation import CONSERVATION
from .forms import DocumentEleveForm
from .models import DocumentEleve
from .services import document_consulter, document_eleve_ajouter, mandat_imprimer


def _eleve(request, pk) -> Eleve:
    return get_for_user_or_404(
        Eleve.objects.select_related("agence__agence_responsable"), request.user, pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def documents_eleve(request, pk):
    eleve = _eleve(request, pk)
    form = DocumentEleveForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document_eleve_ajouter(
                eleve=eleve,
                nature=form.cleaned_data["nature"],
                libelle=form.cleaned_data["libelle"],
                fichier=form.cleaned_data["fichier"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le document est enregistré sur la fiche de l'élève."))
            return redirect("documents:eleve", pk=eleve.pk)
    mandat = selectors.mandat_en_cours(eleve)
    return render(
        request,
        "documents/eleve.html",
        {
            "eleve": eleve,
            "form": form,
            "documents": [(document, CONSERVATION[document.nature]) for document in eleve.documents.all()],
            "mandat": mandat,
            "mandat_jusqu_au": selectors.mandat_valable_jusqu_au(mandat) if mandat else None,
            "types_demande": TypeDemande,
            "acces": selectors.acces_de_l_eleve(eleve),
            "onglet": "documents",
        },
    )


@login_required
@require_POST
def imprimer_mandat(request, pk):
    document = mandat_imprimer(eleve=_eleve(request, pk))
    return redirect("documents:telecharger", pk=document.pk)


@login_required
@require_GET
def telecharger(request, pk):
    document = get_for_user_or_404(DocumentEleve.objects.all(), request.user, "eleve__agence", pk=pk)
    contenu = document.fichier.open("rb")
    document_consulter(document=document, par=request.user)
    response = FileResponse(
        contenu,
        as_attachment=True,
        filename=document.nom_fichier,
        content_type=document.type_contenu or "application/octet-stream",
    )
    # Saved, never shown by the browser; and were it shown, nothing in it may load or run.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
