"""The ANTS referential: communes, departments, countries and prefectures, in ANTS form.

Communes come from the committed file data/communes.tsv.gz (built from the official
@etalab/decoupage-administratif data by `manage.py ants_sandbox_referentiel`); countries from
pycountry's French translations.
"""

import bisect
import functools
import gettext
import gzip
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pycountry

DATA_DIR = Path(__file__).resolve().parent / "data"
COMMUNES_FILE = DATA_DIR / "communes.tsv.gz"
DEPARTEMENTS_FILE = DATA_DIR / "departements.tsv"
FRANCE = "FRANCE"
# INSEE "type de liaison" of a department name -> the French preposition before it.
_LIAISONS = {0: "de ", 1: "d'", 2: "du ", 3: "de la ", 4: "des ", 5: "de l'"}


def unaccent_upper(text: str) -> str:
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).upper()


def ants_form(name: str) -> str:
    """ANTS form of a name: uppercase, no accents, hyphens instead of spaces."""
    return "-".join(unaccent_upper(name).split())


def search_key(text: str) -> str:
    """Key for prefix search: ANTS form where spaces and hyphens are equivalent."""
    return " ".join(unaccent_upper(text).replace("-", " ").split())


class Commune(NamedTuple):
    nom: str
    code_insee: str
    codes_postaux: tuple[str, ...]
    departement: str

    def as_json(self) -> dict:
        return {
            "nom": self.nom,
            "code_insee": self.code_insee,
            "codes_postaux": list(self.codes_postaux),
            "departement": self.departement,
        }


@dataclass(frozen=True)
class Departement:
    code: str
    nom: str  # ANTS form
    nom_usuel: str
    liaison: int

    @property
    def prefecture(self) -> dict:
        return {"code": self.nom, "nom": f"Préfecture {_LIAISONS.get(self.liaison, 'de ')}{self.nom_usuel}"}


class Referential:
    def __init__(self, communes: list[Commune], departements: list[Departement], pays: dict[str, str]):
        # Names are already in ANTS form: their search key only turns hyphens into spaces.
        self._keys = [commune.nom.replace("-", " ") for commune in communes]
        order = sorted(
            range(len(communes)), key=lambda index: (self._keys[index], communes[index].code_insee)
        )
        self.communes = [communes[index] for index in order]
        self._keys = [self._keys[index] for index in order]
        self.departements = {d.code: d for d in departements}
        self.prefectures = {d.nom: d for d in departements}
        self.pays = pays  # code -> ANTS name
        self.pays_names = set(pays.values())
        self._by_name: dict[str, list[Commune]] = {}
        self._by_postal: dict[str, list[Commune]] = {}
        for commune in self.communes:
            self._by_name.setdefault(commune.nom, []).append(commune)
            for code in commune.codes_postaux:
                self._by_postal.setdefault(code, []).append(commune)

    def communes_named(self, nom: str) -> list[Commune]:
        """Exact lookup: the name must already be in ANTS form (that is ANTS's check)."""
        return self._by_name.get(nom, [])

    def search_communes(
        self, q: str, code_postal: str = "", limit: int = 20, departement: str = ""
    ) -> list[Commune]:
        def wanted(commune: Commune) -> bool:
            return not departement or commune.departement == departement

        key = search_key(q)
        if code_postal:
            candidates = self._by_postal.get(code_postal, [])
            return [c for c in candidates if wanted(c) and search_key(c.nom).startswith(key)][:limit]
        start = bisect.bisect_left(self._keys, key)
        found = []
        for index in range(start, len(self._keys)):
            if not self._keys[index].startswith(key) or len(found) >= limit:
                break
            if wanted(self.communes[index]):
                found.append(self.communes[index])
        return found

    def departements_for_postal_code(self, code_postal: str) -> list[Departement]:
        codes = sorted({c.departement for c in self._by_postal.get(code_postal, [])})
        if not codes:
            codes = [_departement_from_prefix(code_postal)]
        return [self.departements[code] for code in codes if code in self.departements]


def _departement_from_prefix(code_postal: str) -> str:
    if code_postal.startswith("97"):
        return code_postal[:3]
    if code_postal.startswith("20"):
        return "2A" if code_postal < "20200" else "2B"
    return code_postal[:2]


def _french_countries() -> dict[str, str]:
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    countries = {}
    for country in pycountry.countries:
        name = french.gettext(country.name)
        if ", " in name:  # "Corée, République de" -> "République de Corée"
            head, tail = name.split(", ", 1)
            name = f"{tail}{'' if tail.endswith(chr(39)) else ' '}{head}"
        countries[country.alpha_2] = ants_form(name)
    return countries


@functools.cache
def referential() -> Referential:
    communes = []
    with gzip.open(COMMUNES_FILE, "rt", encoding="utf-8") as data:
        for line in data:
            nom, insee, postaux, departement = line.rstrip("\n").split("\t")
            communes.append(Commune(nom, insee, tuple(postaux.split(",")), departement))
    departements = []
    for line in DEPARTEMENTS_FILE.read_text(encoding="utf-8").splitlines():
        code, nom, nom_usuel, liaison = line.split("\t")
        departements.append(Departement(code, nom, nom_usuel, int(liaison)))
    return Referential(communes, departements, _french_countries())


def build_data_files(source_dir: Path, dest_dir: Path = DATA_DIR) -> tuple[int, int]:
    """Convert @etalab/decoupage-administratif's data/*.json into the compact committed files."""
    departements = [
        d
        for d in json.loads((source_dir / "departements.json").read_text())
        if d["zone"] in ("metro", "drom")
    ]
    dept_codes = {d["code"] for d in departements}
    rows = []
    for commune in json.loads((source_dir / "communes.json").read_text()):
        if commune["type"] == "commune-actuelle":
            nom = ants_form(commune["nom"])
        elif commune["type"] == "arrondissement-municipal":
            nom = " ".join(unaccent_upper(commune["nom"]).split())  # the referential keeps its spaces
        else:
            continue
        if commune.get("departement") in dept_codes and commune.get("codesPostaux"):
            rows.append((nom, commune["code"], ",".join(commune["codesPostaux"]), commune["departement"]))
    rows.sort()
    dest_dir.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the committed file byte-identical when regenerated from the same data.
    with (
        open(dest_dir / COMMUNES_FILE.name, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out,
    ):
        out.write("".join("\t".join(row) + "\n" for row in rows).encode("utf-8"))
    lines = [f"{d['code']}\t{ants_form(d['nom'])}\t{d['nom']}\t{d['typeLiaison']}" for d in departements]
    (dest_dir / DEPARTEMENTS_FILE.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows), len(departements)
