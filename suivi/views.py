"""« À suivre »: the board, the usual delays, the reminders' settings. Reads in suivi.tableau and
suivi.delais, writes in suivi.services; every object through agences.access."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from agences.access import agences_for_user, get_agence_for_user_or_404
from ants.client.types import TypeDemande

from . import delais as mesures
from . import services
from .compteur import compte_de_l_utilisateur, compter
from .graphique import graphique
from .lignes import PAR_CLE
from .models import ParametresRappels
from .tableau import lignes_a_suivre


@login_required
@require_GET
def accueil(request):
    """The menu's entry: the board of the agency chosen (?agence=CODE), else, for a group asked from the
    menu (?groupe=), the first of the user's agencies that has lines of it, else the first one."""
    code, groupe = request.GET.get("agence"), request.GET.get("groupe")
    agences = agences_for_user(request.user)
    if code:
        agence = get_agence_for_user_or_404(request.user, code=code)
    else:
        pk = compte_de_l_utilisateur(request.user).agence_pour(groupe) if groupe in PAR_CLE else None
        agence = agences.filter(pk=pk).first() if pk else agences.first()
    if agence is None:
        return redirect("home")
    url = reverse("suivi:tableau", args=[agence.code])
    return redirect(f"{url}?{urlencode({'groupe': groupe})}" if groupe in PAR_CLE else url)


@login_required
@require_GET
def compte(request):
    """The menu's count, asked by every page once loaded (htmx), kept a minute per user."""
    return render(request, "suivi/_nav_compte.html", {"compte": compte_de_l_utilisateur(request.user)})


@login_required
@require_GET
def tableau(request, code):
    agence = get_agence_for_user_or_404(request.user, code=code)
    lignes = lignes_a_suivre(user=request.user, agences=[agence])
    par_agence = compte_de_l_utilisateur(request.user).par_agence
    groupe = PAR_CLE.get(request.GET.get("groupe", ""))
    return render(
        request,
        "suivi/tableau.html",
        {
            "agence": agence,
            # The other agencies' counts come from the menu's (a minute old at most), this one's is exact.
            "agences": [
                (autre, len(lignes) if autre == agence else sum(par_agence.get(autre.pk, {}).values()))
                for autre in agences_for_user(request.user)
            ],
            "compte": compter(lignes),
            "groupe": groupe,
            "lignes": [ligne for ligne in lignes if groupe is None or ligne.groupe == groupe],
            "retour": request.get_full_path(),
        },
    )


def _noms_des_prefectures(user) -> dict[str, str]:
    return {
        prefecture["code"]: prefecture["nom"]
        for agence in agences_for_user(user)
        for prefecture in agence.prefectures_disponibles
    }


TYPES_COURTS = {TypeDemande.CERFA_02: "Cerfa 02", TypeDemande.CERFA_06: "Cerfa 06"}


@login_required
@require_GET
def delais(request):
    """The usual delays at the prefectures of the user's agencies: a chart for one, the table of all."""
    tous = mesures.delais_usuels(user=request.user, maintenant=timezone.now())
    noms = _noms_des_prefectures(request.user)

    def libelle(prefecture, type_demande) -> str:
        return f"{noms.get(prefecture, prefecture)} — {TYPES_COURTS.get(type_demande, type_demande)}"

    choix = sorted({(d.prefecture, d.type) for d in tous})
    choisi = (request.GET.get("prefecture"), request.GET.get("type"))
    if choisi not in choix:
        choisi = choix[0] if choix else (None, None)
    montres = [d for d in tous if (d.prefecture, d.type) == choisi]
    return render(
        request,
        "suivi/delais.html",
        {
            "lignes": montres,
            "choix": [(p, t, libelle(p, t), (p, t) == choisi) for p, t in choix],
            "titre": libelle(*choisi) if tous else "",
            "graphique": graphique(montres),
            "periode_jours": mesures.PERIODE_DELAIS.days,
            "minimum": mesures.MESURES_MINIMUM,
        },
    )


class ParametresRappelsForm(forms.ModelForm):
    class Meta:
        model = ParametresRappels
        fields = ["actifs", "nom_expediteur", "email_expediteur"]


@login_required
@require_http_methods(["GET", "POST"])
def parametres_rappels(request, code=None):
    """A manager turns each of his agencies' reminders on or off and sets the sender."""
    agences = list(services.agences_des_rappels(request.user).select_related("parametres_rappels"))
    if not agences:
        raise PermissionDenied(_("Seul un responsable d'agence règle les rappels aux élèves."))
    formulaires = {
        agence.code: ParametresRappelsForm(
            instance=getattr(agence, "parametres_rappels", None) or ParametresRappels(agence=agence),
            prefix=agence.code,
        )
        for agence in agences
    }
    if request.method == "POST":
        agence = next((agence for agence in agences if agence.code == code), None)
        if agence is None:
            raise Http404(_("Cette agence n'est pas parmi celles dont vous réglez les rappels."))
        form = ParametresRappelsForm(
            request.POST, instance=formulaires[agence.code].instance, prefix=agence.code
        )
        formulaires[agence.code] = form
        if form.is_valid():
            services.parametres_rappels_modifier(agence=agence, par=request.user, **form.cleaned_data)
            messages.success(request, _("Rappels de %(agence)s enregistrés.") % {"agence": agence.nom})
            return redirect("suivi:parametres_rappels")
    return render(
        request,
        "suivi/parametres_rappels.html",
        {"agences": [(agence, formulaires[agence.code]) for agence in agences]},
    )
