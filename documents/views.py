from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from agences.access import get_for_user_or_404
from eleves.models import Eleve

from .forms import DocumentEleveForm
from .models import DocumentEleve
from .services import document_eleve_ajouter


@login_required
@require_http_methods(["GET", "POST"])
def documents_eleve(request, pk):
    eleve = get_for_user_or_404(Eleve.objects.select_related("agence"), request.user, pk=pk)
    form = DocumentEleveForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document_eleve_ajouter(
                eleve=eleve, libelle=form.cleaned_data["libelle"], fichier=form.cleaned_data["fichier"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le document est enregistré sur la fiche de l'élève."))
            return redirect("documents:eleve", pk=eleve.pk)
    return render(
        request,
        "documents/eleve.html",
        {"eleve": eleve, "form": form, "documents": eleve.documents.all(), "onglet": "documents"},
    )


@login_required
@require_GET
def telecharger(request, pk):
    document = get_for_user_or_404(DocumentEleve.objects.all(), request.user, "eleve__agence", pk=pk)
    response = FileResponse(
        document.fichier.open("rb"),
        as_attachment=True,
        filename=document.nom_fichier,
        content_type=document.type_contenu or "application/octet-stream",
    )
    # Saved, never shown by the browser; and were it shown, nothing in it may load or run.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
