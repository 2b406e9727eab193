"""« Exporter la liste sous Excel »: the list's demandes as an .xlsx, in little memory whatever their number.

openpyxl's write-only mode writes each row to a temporary file as it comes, and the rows come
from a database cursor in chunks: neither the demandes nor the sheet are ever held whole.
Nearly all the time goes into openpyxl's XML per cell, done by lxml when installed (requirements).
"""

import tempfile
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ants.client.types import TypeDemande

LIGNES_PAR_LECTURE = 2000
FORMAT_DATE_HEURE = "DD/MM/YYYY HH:MM"
FORMAT_DATE = "DD/MM/YYYY"


@dataclass(frozen=True)
class Colonne:
    titre: str
    largeur: int  # in characters, as Excel counts them
    format: str = ""


COLONNES = (
    Colonne(gettext_lazy("Élève"), 30),
    Colonne(gettext_lazy("Numéro"), 26),
    Colonne(gettext_lazy("Date de création"), 17, FORMAT_DATE_HEURE),
    Colonne(gettext_lazy("Date de modification"), 19, FORMAT_DATE_HEURE),
    Colonne(gettext_lazy("Type"), 32),
    Colonne(gettext_lazy("État"), 38),
    Colonne(gettext_lazy("NEPH"), 14),
    Colonne(gettext_lazy("Candidat selon l'ANTS"), 30),
    Colonne(gettext_lazy("Date de naissance du candidat"), 14, FORMAT_DATE),
)

CHAMPS = (
    "eleve__nom_naissance",
    "eleve__nom_usage",
    "eleve__prenom",
    "numero",
    "cree_le",
    "modifie_le",
    "type",
    "statut",
    "statut_libelle",
    "neph",
    "candidat_nom",
    "candidat_prenom",
    "candidat_date_naissance",
)


def _heure_locale(valeur, fuseau):
    """Excel has no time zones: the wall-clock time in Paris, as the page shows it."""
    return valeur.astimezone(fuseau).replace(tzinfo=None) if valeur else None


def _valeurs(ligne: tuple, types: dict[str, str], fuseau) -> list:
    (nom, nom_usage, prenom, numero, cree_le, modifie_le, type_, statut, libelle, neph, *candidat) = ligne
    candidat_nom, candidat_prenom, candidat_naissance = candidat
    return [
        f"{nom_usage or nom} {prenom}" if nom else None,
        numero,
        _heure_locale(cree_le, fuseau),
        _heure_locale(modifie_le, fuseau),
        types.get(type_, type_),
        libelle or statut,
        neph,
        f"{candidat_nom} {candidat_prenom}".strip() or None,
        candidat_naissance,
    ]


class _Lignes:
    """Rows for the sheet, a date column's cells carrying their number format.

    One styled cell per such column serves every row: openpyxl writes a row out before it takes
    the next, and creating a styled cell per value (200,000 of them) cost a sixth of the export.
    """

    def __init__(self, feuille):
        self.formatees = {}
        for index, colonne in enumerate(COLONNES):
            if colonne.format:
                self.formatees[index] = cellule = WriteOnlyCell(feuille)
                cellule.number_format = colonne.format

    def __call__(self, valeurs: list) -> list:
        for index, cellule in self.formatees.items():
            if valeurs[index] is not None:
                cellule.value, valeurs[index] = valeurs[index], cellule
        return valeurs


def _entete(feuille) -> list:
    gras = Font(bold=True)
    cellules = []
    for colonne in COLONNES:
        cellule = WriteOnlyCell(feuille, value=str(colonne.titre))
        cellule.font = gras
        cellules.append(cellule)
    return cellules


def classeur_des_demandes(demandes, *, titre: str):
    """The demandes (a queryset, the list's filter applied) written to a temporary .xlsx file.

    Returns the file, positioned at its start; it disappears once closed (FileResponse closes it).
    """
    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet(title=titre[:31])  # Excel's limit for a sheet name
    # Write-only sheets take their layout before the first row.
    feuille.freeze_panes = "A2"
    for index, colonne in enumerate(COLONNES, start=1):
        feuille.column_dimensions[get_column_letter(index)].width = colonne.largeur
    feuille.append(_entete(feuille))
    types = {valeur: str(libelle) for valeur, libelle in TypeDemande.choices}
    fuseau, lignes = timezone.get_current_timezone(), _Lignes(feuille)
    for ligne in demandes.values_list(*CHAMPS).iterator(chunk_size=LIGNES_PAR_LECTURE):
        feuille.append(lignes(_valeurs(ligne, types, fuseau)))
    fichier = tempfile.TemporaryFile(suffix=".xlsx")
    classeur.save(fichier)
    fichier.seek(0)
    return fichier


def nom_du_fichier(agence) -> str:
    return f"demandes-{agence.code}-{timezone.localdate().isoformat()}.xlsx"
