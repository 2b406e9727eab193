"""Writes to the student file. Views, forms and the demo data go through these functions."""

from collections.abc import Mapping, Sequence

from django.db import transaction

from .models import DossierPermis, Eleve, RepresentantLegal
from .noms import cle_recherche


def _preparer(eleve: Eleve) -> None:
    eleve.email = eleve.email.strip().lower()
    eleve.recherche_nom = cle_recherche(eleve.nom_naissance)
    eleve.recherche_nom_usage = cle_recherche(eleve.nom_usage)
    eleve.recherche_prenom = cle_recherche(eleve.prenom)


def eleve_preparer_pour_creation(eleve: Eleve) -> Eleve:
    """Fills the derived columns of an unsaved student (for bulk_create in data loads)."""
    _preparer(eleve)
    return eleve


@transaction.atomic
def eleve_save(*, eleve: Eleve, representants: Sequence[RepresentantLegal | None] = ()) -> Eleve:
    """Creates or updates a student with its legal representatives (rang 1, 2; None removes one).

    Every student gets its Dossier 02-06 row here, so the other screens can rely on it.
    """
    _preparer(eleve)
    eleve.full_clean()
    eleve.save()
    DossierPermis.objects.get_or_create(eleve=eleve)
    for rang, representant in enumerate(representants, start=1):
        if representant is None:
            RepresentantLegal.objects.filter(eleve=eleve, rang=rang).delete()
            continue
        representant.eleve, representant.rang = eleve, rang
        representant.full_clean()
        representant.save()
    return eleve


def dossier_save(*, dossier: DossierPermis, filiere: str | None = None) -> DossierPermis:
    """Saves the Dossier 02-06; the formula AAC / supervisée is the student's filière (one source)."""
    with transaction.atomic():
        if filiere is not None and filiere != dossier.eleve.filiere:
            dossier.eleve.filiere = filiere
            dossier.eleve.full_clean()
            dossier.eleve.save(update_fields=["filiere"])
        dossier.full_clean()
        dossier.save()
    return dossier


@transaction.atomic
def eleve_appliquer_corrections(*, eleve: Eleve, corrections: Mapping[str, str]) -> list[str]:
    """Writes the place names chosen in the referential check; returns the keys that changed.

    `corrections` maps a check key (see eleves.verification.CIBLES) to the value to store.
    """
    from .verification import CIBLES  # the check reads the models this module writes

    changements: list[str] = []
    # One instance per row, whatever the number of fields corrected on it.
    a_enregistrer: dict[tuple[str, int], tuple[object, list[str]]] = {}
    for cle, valeur in corrections.items():
        cible = CIBLES[cle]
        objet = cible.objet(eleve)
        if objet is None:
            continue
        objet, champs = a_enregistrer.setdefault((objet._meta.label, objet.pk), (objet, []))
        if getattr(objet, cible.champ) != valeur:
            setattr(objet, cible.champ, valeur)
            champs.append(cible.champ)
            changements.append(cle)
    for objet, champs in a_enregistrer.values():
        if champs:
            objet.full_clean()
            objet.save(update_fields=champs)
    return changements
