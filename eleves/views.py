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
from .verification import cerfa_en_cours, corrections_choisies, problemes_envoi, verifier_referentiel

PAR_PAGE = 25


def _eleve(request, pk) -> Eleve:
    return get_for_user_or_404(
        Eleve.objects.select_related("agence__agence_responsable", "dossier").prefetch_related(
            "representants"
        ),
        request.user,
        pk=pk,
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
    eleves = selectors.eleve_suggestions(user=request.user, texte=texte) if texte else []
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
    valide = request.method == "POST" and form.is_valid() and all(r.is_valid() for r in representants)
    # A new file for a person already known: said before anything is saved, with the way to go on.
    doublons = (
        list(selectors.doublons_probables(user=request.user, eleve=form.instance)[:3])
        if valide and eleve is None and not request.POST.get("doublon_confirme")
        else []
    )
    if valide and not doublons:
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
                        "L'adresse e-mail %(email)s est aussi celle d'un autre élève : l'ANTS refusera la "
                        "demande. Saisissez l'adresse personnelle de chaque élève."
                    )
                    % {"email": eleve.email},
                )
            return redirect("eleves:fiche", pk=eleve.pk)
    return render(
        request,
        "eleves/formulaire.html",
        {"form": form, "representants": representants, "eleve": eleve_enregistre, "doublons": doublons},
    )


@login_required
@require_http_methods(["GET", "POST"])
def creer(request):
    return _enregistrer_fiche(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def modifier(request, pk):
    return _enregistrer_fiche(request, _eleve(request, pk))


def _avant_envoi(eleve: Eleve) -> dict:
    """ "Avant l'envoi à l'ANTS": the problems of the Cerfa the student is at, the referential's
    verdict as last checked (no call to ANTS from a page)."""
    cerfa = TypeDemande(cerfa_en_cours(eleve))
    problemes = problemes_envoi(eleve, cerfa=cerfa, referentiel=Referentiel(cache_seul=True))
    return {"cerfa": cerfa, "problemes": problemes}


@login_required
@require_GET
def fiche(request, pk):
    eleve = _eleve(request, pk)
    return render(
        request,
        "eleves/fiche.html",
        {
            "eleve": eleve,
            "representants": list(eleve.representants.all()),
            "onglet": "fiche",
            "avant_envoi": _avant_envoi(eleve),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def supprimer(request, pk):
    """ "Supprimer l'élève": a confirmation page, then the deletion (recorded), only without demandes on
    ANTS."""
    eleve = _eleve(request, pk)
    raison = services.raison_de_garder(eleve)
    if request.method == "POST" and not raison:
        try:
            services.eleve_supprimer(eleve=eleve, par=request.user)
        except services.SuppressionImpossible as refus:
            raison = refus.message
        else:
            messages.success(
                request, _("La fiche de %(eleve)s est supprimée, avec ses documents.") % {"eleve": eleve}
            )
            return redirect("eleves:liste")
    context = {"eleve": eleve, "raison": raison, "documents": eleve.documents.count(), "onglet": "fiche"}
    return render(request, "eleves/supprimer.html", context, status=409 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def dossier(request, pk):
    eleve = _eleve(request, pk)
    dossier = eleve.dossier
    form = DossierForm(request.POST or None, instance=dossier, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.dossier_save(dossier=form.save(commit=False), filiere=form.cleaned_data["filiere"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le dossier 02-06 est enregistré."))
            return redirect("eleves:dossier", pk=eleve.pk)
    return render(
        request,
        "eleves/dossier.html",
        {"eleve": eleve, "form": form, "avant_envoi": _avant_envoi(eleve), "onglet": "dossier"},
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
        erreurs, corrections = {}, {}
        if request.method == "POST":
            corrections, erreurs = corrections_choisies(request.POST, points, referentiel)
    except AntsError as error:
        return render(request, template, {"eleve": eleve, "erreur": error.message})
    if request.method == "POST":
        if not erreurs:
            services.eleve_appliquer_corrections(eleve=eleve, corrections=corrections)
            messages.success(request, _("Les villes, départements et pays sont enregistrés sur la fiche."))
            url = reverse("eleves:dossier", args=[eleve.pk])
            if request.htmx:
                return HttpResponse(headers={"HX-Redirect": url})
            return redirect(url)
    lignes = [
        {
            "point": p,
            "saisie": request.POST.get(p.cle, p.valeur_proposee),
            "saisie_code_postal": request.POST.get(p.cle_code_postal, p.code_postal_propose),
            "erreur": erreurs.get(p.cle, ""),
        }
        for p in points
    ]
    context = {
        "eleve": eleve,
        "lignes": lignes,
        "departements": departements,
        "pays": pays,
        "tout_conforme": all(p.conforme for p in points),
    }
    return render(request, template, context)


COMMUNES_AFFICHEES = 20


@login_required
@require_GET
def communes(request):
    """Typeahead on ANTS's communes (the Fiche's cities, the check dialog): <option>s for a <datalist>.

    `q` the first letters, narrowed by `code_postal` or `departement`; a postal code alone lists its
    communes.
    """
    texte = ants_normalise_commune(request.GET.get("q", ""))
    code_postal = request.GET.get("code_postal", "").strip()
    departement = request.GET.get("departement", "").strip().upper()
    referentiel = Referentiel()
    try:
        if texte:
            communes = referentiel.communes(texte, code_postal=code_postal, departement=departement)
        else:
            communes = referentiel.communes_du_code_postal(code_postal)
    except AntsError:
        communes = []
    return render(request, "eleves/_communes.html", {"communes": communes[:COMMUNES_AFFICHEES]})
