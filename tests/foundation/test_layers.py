"""The layers: each package imports only the ones below it (ants.client at the bottom, a closed library)."""

import ast
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PROJECT = {"agences", "ants", "autoecole", "demandes", "documents", "eleves", "suivi"}
# What each package must never import (the layers above it).
INTERDITS = {
    "ants/client": PROJECT,  # but itself
    "agences": {"eleves", "demandes", "documents", "suivi"},
    "eleves": {"demandes", "documents", "suivi"},
    "documents": {"demandes", "suivi"},
    "demandes": {"suivi"},
}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("paquet", sorted(INTERDITS))
def test_a_package_imports_nothing_from_the_layers_above_it(paquet):
    fautes = [
        f"{path.relative_to(BASE_DIR)} imports {name}"
        for path in (BASE_DIR / paquet).rglob("*.py")
        if "migrations" not in path.parts
        for name in imports(path)
        if name.split(".")[0] in INTERDITS[paquet] and not name.startswith("ants.client")
    ]
    assert fautes == []
