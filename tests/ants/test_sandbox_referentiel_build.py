import gzip
import json

from django.core.management import call_command

from ants.sandbox.referential import COMMUNES_FILE

COMMUNES = [
    {
        "code": "69290",
        "nom": "Saint-Priest",
        "type": "commune-actuelle",
        "departement": "69",
        "codesPostaux": ["69800"],
    },
    {
        "code": "69381",
        "nom": "Lyon 1er Arrondissement",
        "type": "arrondissement-municipal",
        "departement": "69",
        "codesPostaux": ["69001"],
    },
    {
        "code": "01015",
        "nom": "Arbignieu",
        "type": "commune-deleguee",
        "departement": "01",
        "codesPostaux": ["01300"],
    },
    {
        "code": "74119",
        "nom": "Évian-les-Bains",
        "type": "commune-actuelle",
        "departement": "74",
        "codesPostaux": ["74500"],
    },
    {
        "code": "97501",
        "nom": "Miquelon-Langlade",
        "type": "commune-actuelle",
        "departement": "975",
        "codesPostaux": ["97500"],
    },
]
DEPARTEMENTS = [
    {"code": "69", "nom": "Rhône", "typeLiaison": 2, "zone": "metro"},
    {"code": "74", "nom": "Haute-Savoie", "typeLiaison": 3, "zone": "metro"},
    {"code": "975", "nom": "Saint-Pierre-et-Miquelon", "typeLiaison": 0, "zone": "com"},
]


def build(tmp_path) -> list[list[str]]:
    source = tmp_path / "data"
    source.mkdir()
    (source / "communes.json").write_text(json.dumps(COMMUNES))
    (source / "departements.json").write_text(json.dumps(DEPARTEMENTS))
    call_command("ants_sandbox_referentiel", "--from", str(source), "--to", str(tmp_path / "out"))
    with gzip.open(tmp_path / "out" / COMMUNES_FILE.name, "rt", encoding="utf-8") as data:
        return [line.rstrip("\n").split("\t") for line in data]


def test_conversion_keeps_current_communes_and_arrondissements_in_ants_form(tmp_path):
    assert build(tmp_path) == [
        ["EVIAN-LES-BAINS", "74119", "74500", "74"],
        ["LYON 1ER ARRONDISSEMENT", "69381", "69001", "69"],
        ["SAINT-PRIEST", "69290", "69800", "69"],
    ]


def test_conversion_keeps_metropolitan_and_overseas_departments_only(tmp_path):
    build(tmp_path)

    lines = (tmp_path / "out" / "departements.tsv").read_text(encoding="utf-8").splitlines()

    assert lines == ["69\tRHONE\tRhône\t2", "74\tHAUTE-SAVOIE\tHaute-Savoie\t3"]


def test_committed_referential_holds_the_official_communes(tmp_path):
    with gzip.open(COMMUNES_FILE, "rb") as committed:
        rows = committed.read()

    assert rows.count(b"\n") > 34000
    assert b"SAINT-PRIEST\t69290\t69800\t69\n" in rows
