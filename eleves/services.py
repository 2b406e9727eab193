"""Writes to the student file. Views, forms and the demo data go through these functions."""

from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from .models import DossierPermis, Eleve, MotRecherche, RepresentantLegal, SuppressionEleve
from .noms import cle_email, cle_recherche, forme_ants, majuscules, mots_des_noms

# Every name is stored in ANTS's form, whoever writes it (a form, the demo, a reading of ANTS):
# what eleves.verification checks is what is stored, and what demandes.construction sends.
NOMS = {
    Eleve: ("nom_naissance", "nom_usage", "prenom", "autres_prenoms", "nom_voie", "complement"),
    RepresentantLegal: ("nom", "prenom", "nom_voie", "complement"),
}
LIEUX = {
    Eleve: ("ville", "pays", "ville_naissance", "departement_naissance", "pays_naissance"),
    RepresentantLegal: ("ville", "pays"),
}


def _formes_ants(objet) -> None:
    for champ in NOMS[type(objet)]:
        setattr(objet, champ, forme_ants(getattr(objet, champ)))
    for champ in LIEUX[type(objet)]:
        setattr(objet, champ, majuscules(getattr(objet, champ)))
    objet.email = objet.email.strip().lower()


def _preparer(eleve: Eleve) -> None:
    _formes_ants(eleve)
    eleve.recherche_nom = cle_recherche(eleve.nom_naissance)
    eleve.recherche_prenom = cle_recherche(eleve.prenom)


def eleve_preparer_pour_creation(eleve: Eleve) -> Eleve:
    """Fills the derived columns of an unsaved student (for bulk_create in data loads, followed by
    eleves_indexer)."""
    _preparer(eleve)
    return eleve


def _mots_recherche(eleve: Eleve) -> list[MotRecherche]:
    ordre = f"{eleve.recherche_nom} {eleve.recherche_prenom}"
    mots = [
        (MotRecherche.Genre.NOM, mot)
        for mot in mots_des_noms(eleve.nom_naissance, eleve.nom_usage, eleve.prenom)
    ]
    mots += [(MotRecherche.Genre.NEPH, eleve.neph)] * bool(eleve.neph)
    mots += [(MotRecherche.Genre.EMAIL, cle_email(eleve.email))] * bool(eleve.email)
    return [
        MotRecherche(eleve=eleve, genre=genre, mot=mot[: MotRecherche.MOT_MAX], ordre=ordre)
        for genre, mot in dict.fromkeys(mots)
    ]


def eleves_indexer(eleves) -> None:
    """(Re)writes the words the students are found by (eleves.selectors.eleve_search)."""
    eleves = list(eleves)
    MotRecherche.objects.filter(eleve__in=eleves).delete()
    MotRecherche.objects.bulk_create(
        [mot for eleve in eleves for mot in _mots_recherche(eleve)], batch_size=5000
    )


@transaction.atomic
def eleve_save(*, eleve: Eleve, representants: Sequence[RepresentantLegal | None] = ()) -> Eleve:
    """Creates or updates a student with its legal representatives (rang 1, 2; None removes one).

    Every student gets its Dossier 02-06 row here, so the other screens can rely on it.
    """
    _preparer(eleve)
    eleve.full_clean()
    eleve.save()
    eleves_indexer([eleve])
    DossierPermis.objects.get_or_create(eleve=eleve)
    for rang, representant in enumerate(representants, start=1):
        if representant is None:
            RepresentantLegal.objects.filter(eleve=eleve, rang=rang).delete()
            continue
        representant.eleve, representant.rang = eleve, rang
        _formes_ants(representant)
        representant.full_clean()
        representant.save()
    return eleve


def dossier_save(*, dossier: DossierPermis, filiere: str | None = None) -> DossierPermis:
    """Saves the Dossier 02-06; the formula AAC / supervisée is the student's filière (one source)."""
    for champ in ("derniere_categorie_lieu", "derniere_categorie_pays", "derniere_categorie_departement"):
        setattr(dossier, champ, majuscules(getattr(dossier, champ)))
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


# The rows the demandes layer keeps about a student, read by their reverse relations (eleves does
# not import that layer; tests/eleves/test_suppression.py checks these values against it).
DEMANDE_SUPPRIMEE = "SUPPRIMEE"  # demandes.regles.SUPPRIMEE: gone from ANTS
OPERATIONS_OUVERTES = ("EN_ATTENTE", "EN_COURS", "A_VERIFIER")  # demandes.models.Operation.ETATS_OUVERTS


class SuppressionImpossible(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def raison_de_garder(eleve: Eleve) -> str:
    """Why this student's file cannot be deleted ("" when it can): a demande still on ANTS, or an
    ANTS operation under way (a demande may be being created)."""
    demandes = getattr(eleve, "demandes", None)
    if demandes is not None and demandes.exclude(statut=DEMANDE_SUPPRIMEE).exists():
        return _(
            "%(eleve)s a des demandes sur le site de l'ANTS : sa fiche ne peut pas être supprimée tant "
            "qu'elles y sont (supprimez-les d'abord depuis l'onglet Demandes ANTS, si leur statut le "
            "permet)."
        ) % {"eleve": eleve}
    operations = getattr(eleve, "operations_ants", None)
    if operations is not None and operations.filter(etat__in=OPERATIONS_OUVERTES).exists():
        return _(
            "Une opération ANTS est en cours pour %(eleve)s : attendez qu'elle soit terminée (onglet "
            "Demandes ANTS) avant de supprimer sa fiche."
        ) % {"eleve": eleve}
    return ""


@transaction.atomic
def eleve_supprimer(*, eleve: Eleve, par) -> SuppressionEleve:
    """Deletes a student's file with its documents, and records who deleted which student, when.

    What the demandes layer still holds about the student (demandes gone from ANTS, finished
    operations with the data sent) goes with the file: nothing of the student is left but the record.
    """
    eleve = Eleve.objects.select_for_update().select_related("agence").get(pk=eleve.pk)
    if raison := raison_de_garder(eleve):
        raise SuppressionImpossible(raison)
    fichiers = [document.fichier for document in eleve.documents.all()]
    trace = SuppressionEleve.objects.create(
        agence=eleve.agence,
        numero_eleve=eleve.pk,
        eleve=_("%(eleve)s, né(e) le %(le)s")
        % {"eleve": eleve, "le": eleve.date_naissance.strftime("%d/%m/%Y")},
        documents=len(fichiers),
        par=par,
        par_identifiant=par.get_username(),
    )
    for relation in ("demandes", "operations_ants"):
        if (lignes := getattr(eleve, relation, None)) is not None:
            lignes.all().delete()
    eleve.delete()
    transaction.on_commit(lambda: _effacer_fichiers(fichiers))
    return trace


def _effacer_fichiers(fichiers) -> None:
    for fichier in fichiers:
        fichier.storage.delete(fichier.name)
