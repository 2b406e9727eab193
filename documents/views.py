from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agences.access import get_for_user_or_404
from ants.client.types import TypeDemande
from eleves.models import Eleve

from . import attente, selectors
from .conservation import CONSERVATION
from .forms import DocumentEleveForm
from .models import DocumentEleve
from .services import document_consulter, document_eleve_ajouter, documents_supprimer, mandat_imprimer


def _eleve(request, pk) -> Eleve:
    return get_for_user_or_404(
        Eleve.objects.select_related("agence__agence_responsable"), request.user, pk=pk
    )


def _document(request, pk) -> DocumentEleve:
    return get_for_user_or_404(
        DocumentEleve.objects.select_related("eleve__agence"), request.user, "eleve__agence", pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def documents_eleve(request, pk):
    eleve = _eleve(request, pk)
    form = DocumentEleveForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            document_eleve_ajouter(
                eleve=eleve,
                nature=form.cleaned_data["nature"],
                libelle=form.cleaned_data["libelle"],
                fichier=form.fichier_choisi,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            attente.oublier(form.cleaned_data["fichier_garde"], user=request.user)
            messages.success(request, _("Le document est enregistré sur la fiche de l'élève."))
            return redirect("documents:eleve", pk=eleve.pk)
    if request.method == "POST":
        form.garder_le_fichier()
    documents = list(eleve.documents.all())
    mandat = selectors.mandat_en_cours(eleve)
    return render(
        request,
        "documents/eleve.html",
        {
            "eleve": eleve,
            "form": form,
            "documents": [(document, CONSERVATION[document.nature]) for document in documents],
            "apercu": next((d for d in documents if str(d.pk) == request.GET.get("apercu")), None),
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


def _servir(request, document: DocumentEleve, *, en_ligne: bool) -> FileResponse:
    """The file, its access recorded (who, when, which document)."""
    contenu = document.fichier.open("rb")
    document_consulter(document=document, par=request.user)
    return FileResponse(
        contenu,
        as_attachment=not en_ligne,
        filename=document.nom_fichier,
        content_type=document.type_contenu or "application/octet-stream",
    )


@login_required
@require_GET
def telecharger(request, pk):
    response = _servir(request, _document(request, pk), en_ligne=False)
    # Saved, never shown by the browser; and were it shown, nothing in it may load or run.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_GET
@xframe_options_sameorigin
def apercu(request, pk):
    """The document shown in the Documents tab (an <iframe> for a PDF, an <img> for an image).

    Only in a page of this site (frame-ancestors), loading nothing; not sandboxed, since Chromium
    shows no PDF in a sandbox: what keeps a PDF inert is documents.fichiers, which refused any
    JavaScript, action or markup at upload.
    """
    response = _servir(request, _document(request, pk), en_ligne=True)
    response.headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'self'"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def supprimer(request, pk):
    document = _document(request, pk)
    eleve = document.eleve
    if request.method == "POST":
        documents_supprimer([document])
        messages.success(
            request, _("Le document « %(libelle)s » est supprimé.") % {"libelle": document.libelle}
        )
        return redirect("documents:eleve", pk=eleve.pk)
    return render(
        request, "documents/supprimer.html", {"eleve": eleve, "document": document, "onglet": "documents"}
    )
