"""The Excel export of an agency's whole list, in a process of its own so that its peak memory is its own.

    python bench/network_export.py AGENCE USER streamed|plain   → one JSON object on stdout

`streamed` is the product's export (demandes/excel.py: write-only sheet, rows from a cursor);
`plain` the same sheet the plain way: every row fetched, then a regular workbook held whole.
"""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from agences.models import Agence, User  # noqa: E402
from ants.client.types import TypeDemande  # noqa: E402
from bench.memoire import pic_rss_mb  # noqa: E402
from demandes import espace, excel  # noqa: E402


def a_plat(demandes, titre: str) -> int:
    classeur = Workbook()
    feuille = classeur.active
    feuille.title = titre
    feuille.append([str(colonne.titre) for colonne in excel.COLONNES])
    types = {valeur: str(libelle) for valeur, libelle in TypeDemande.choices}
    fuseau = timezone.get_current_timezone()
    for ligne in list(demandes.values_list(*excel.CHAMPS)):
        feuille.append(excel._valeurs(ligne, types, fuseau))
    for index, colonne in enumerate(excel.COLONNES, start=1):
        if colonne.format:
            for (cellule,) in feuille.iter_rows(min_row=2, min_col=index, max_col=index):
                cellule.number_format = colonne.format
    with tempfile.TemporaryFile(suffix=".xlsx") as fichier:
        classeur.save(fichier)
        return fichier.tell()


def exporter(code: str, username: str, maniere: str) -> dict:
    agence, user = Agence.objects.get(code=code), User.objects.get(username=username)
    demandes = espace.liste(user=user, agence=agence, filtre=espace.Filtre())
    avant = pic_rss_mb()
    debut = time.perf_counter()
    if maniere == "streamed":
        fichier = excel.classeur_des_demandes(demandes, titre=agence.code)
        taille = fichier.seek(0, os.SEEK_END)
        fichier.close()
    else:
        taille = a_plat(demandes, agence.code)
    secondes = time.perf_counter() - debut
    pic = pic_rss_mb()
    return {
        "rows": demandes.count(),
        "seconds": round(secondes, 2),
        "peak_rss_mb": round(pic),
        "rss_before_mb": round(avant),
        "file_mb": round(taille / 1e6, 1),
    }


def main() -> None:
    print(json.dumps(exporter(*sys.argv[1:4])))


if __name__ == "__main__":
    main()
