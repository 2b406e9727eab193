from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods

from agences.access import get_for_user_or_404
from eleves.models import Eleve

from . import attente
from .forms import DocumentEleveForm
from .models import DocumentEleve
from .services import document_eleve_ajouter, document_eleve_supprimer


def _document(request, pk) -> DocumentEleve:
    return get_for_user_or_404(
        DocumentEleve.objects.select_related("eleve__agence"), request.user, "eleve__agence", pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def documents_eleve(request, pk):
    eleve = get_for_user_or_404(Eleve.objects.select_related("agence"), request.user, pk=pk)
    form = DocumentEleveForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            document_eleve_ajouter(
                eleve=eleve,
                libelle=form.cleaned_data["libelle"],
                nature=form.cleaned_data["nature"],
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
    apercu = next((d for d in documents if str(d.pk) == request.GET.get("apercu")), None)
    context = {"eleve": eleve, "form": form, "documents": documents, "apercu": apercu, "onglet": "documents"}
    return render(request, "documents/eleve.html", context)


def _servir(document: DocumentEleve, *, en_ligne: bool) -> FileResponse:
    return FileResponse(
        document.fichier.open("rb"),
        as_attachment=not en_ligne,
        filename=document.nom_fichier,
        content_type=document.type_contenu or "application/octet-stream",
    )


@login_required
@require_GET
def telecharger(request, pk):
    response = _servir(_document(request, pk), en_ligne=False)
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
    response = _servir(_document(request, pk), en_ligne=True)
    response.headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'self'"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def supprimer(request, pk):
    document = _document(request, pk)
    eleve = document.eleve
    if request.method == "POST":
        document_eleve_supprimer(document=document)
        messages.success(
            request, _("Le document « %(libelle)s » est supprimé.") % {"libelle": document.libelle}
        )
        return redirect("documents:eleve", pk=eleve.pk)
    return render(
        request, "documents/supprimer.html", {"eleve": eleve, "document": document, "onglet": "documents"}
    )
