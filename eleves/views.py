import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from agences.access import get_for_user_or_404
from ants.client import AntsError, TypeDemande

from . import selectors, services
from .forms import DossierForm, EleveForm, RepresentantForm
from .models import Eleve
from .noms import ants_normalise_commune
from .referentiel import Referentiel
from .verification import corrections_choisies, problemes_envoi, verifier_referentiel

PAR_PAGE = 25


def _eleve(request, pk) -> Eleve:
    return get_for_user_or_404(
        Eleve.objects.select_related("agence__agence_responsable", "dossier"), request.user, pk=pk
    )


@login_required
@require_GET
def liste(request):
    texte = request.GET.get("q", "").strip()
    eleves = (
        selectors.eleve_search(user=request.user, texte=texte)
        if texte
        else selectors.eleves_for_user(request.user)
    )
    page = Paginator(eleves, PAR_PAGE).get_page(request.GET.get("page"))
    return render(request, "eleves/liste.html", {"page": page, "texte": texte})


@login_required
@require_GET
def recherche(request):
    """Typeahead: the first students whose name starts with what is typed."""
    texte = request.GET.get("q", "").strip()
    eleves = (
        selectors.eleve_search(user=request.user, texte=texte)[: selectors.TYPEAHEAD_LIMIT] if texte else []
    )
    return render(request, "eleves/_suggestions.html", {"eleves": eleves, "texte": texte})


def _representant_forms(request, eleve: Eleve | None):
    existants = {r.rang: r for r in eleve.representants.all()} if eleve else {}
    return [
        RepresentantForm(request.POST or None, instance=existants.get(rang), prefix=f"representant{rang}")
        for rang in (1, 2)
    ]


def _enregistrer_fiche(request, eleve: Eleve | None):
    # The header shows the file as saved, not as typed (the form writes into its instance).
    eleve_enregistre = copy.copy(eleve)
    form = EleveForm(request.POST or None, instance=eleve, user=request.user)
    representants = _representant_forms(request, eleve)
    if request.method == "POST" and form.is_valid() and all(r.is_valid() for r in representants):
        try:
            eleve = services.eleve_save(
                eleve=form.save(commit=False),
                representants=[None if r.est_vide() else r.save(commit=False) for r in representants],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La fiche de %(eleve)s est enregistrée.") % {"eleve": eleve})
            if selectors.eleves_meme_email(eleve).exists():
                messages.warning(
                    request,
                    _(
                        "L'adresse e-mail %(email)s est aussi celle d'un autre élève : l'ANTS "
                        "refusera la demande. "
                        "Saisissez l'adresse personnelle de chaque élève."
                    )
                    % {"email": eleve.email},
                )
            return redirect("eleves:fiche", pk=eleve.pk)
    return render(
        request,
        "eleves/formulaire.html",
        {"form": form, "representants": representants, "eleve": eleve_enregistre},
    )


@login_required
@require_http_methods(["GET", "POST"])
def creer(request):
    return _enregistrer_fiche(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def modifier(request, pk):
    return _enregistrer_fiche(request, _eleve(request, pk))


@login_required
@require_GET
def fiche(request, pk):
    eleve = _eleve(request, pk)
    return render(
        request,
        "eleves/fiche.html",
        {"eleve": eleve, "representants": list(eleve.representants.all()), "onglet": "fiche"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def dossier(request, pk):
    eleve = _eleve(request, pk)
    dossier = eleve.dossier
    form = DossierForm(request.POST or None, instance=dossier)
    if request.method == "POST" and form.is_valid():
        try:
            services.dossier_save(dossier=form.save(commit=False), filiere=form.cleaned_data["filiere"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le dossier 02-06 est enregistré."))
            return redirect("eleves:dossier", pk=eleve.pk)
    problemes = {cerfa.label: problemes_envoi(eleve, cerfa=cerfa) for cerfa in TypeDemande}
    return render(
        request,
        "eleves/dossier.html",
        {"eleve": eleve, "form": form, "problemes": problemes, "onglet": "dossier"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def verification(request, pk):
    """ "Vérification des villes, départements et pays": the dialog, and saving what was chosen."""
    eleve = _eleve(request, pk)
    template = "eleves/_verification_dialogue.html" if request.htmx else "eleves/verification.html"
    referentiel = Referentiel()
    try:
        points = verifier_referentiel(eleve, referentiel=referentiel)
        departements, pays = referentiel.departements(), referentiel.pays()
    except AntsError as error:
        return render(request, template, {"eleve": eleve, "erreur": error.message})
    erreurs = {}
    if request.method == "POST":
        corrections, erreurs = corrections_choisies(request.POST, points, departements, pays)
        if not erreurs:
            services.eleve_appliquer_corrections(eleve=eleve, corrections=corrections)
            messages.success(request, _("Les villes, départements et pays sont enregistrés sur la fiche."))
            url = reverse("eleves:dossier", args=[eleve.pk])
            if request.htmx:
                return HttpResponse(headers={"HX-Redirect": url})
            return redirect(url)
    lignes = [
        {"point": p, "saisie": request.POST.get(p.cle, p.valeur_proposee), "erreur": erreurs.get(p.cle, "")}
        for p in points
    ]
    context = {"eleve": eleve, "lignes": lignes, "departements": departements, "pays": pays}
    return render(request, template, context)


@login_required
@require_GET
def communes(request):
    """Typeahead on ANTS's communes for the check dialog: <option>s for a <datalist>."""
    champ = request.GET.get("champ", "q")
    texte = request.GET.get(champ, "")
    try:
        communes = Referentiel().communes(
            ants_normalise_commune(texte), code_postal=request.GET.get("code_postal", "").strip()
        )
    except AntsError:
        communes = []
    return render(request, "eleves/_communes.html", {"communes": communes[:20]})
