"""Plain-HTTP helpers for the sandbox's own tests (the product's client is tested elsewhere)."""

import copy
import io

import requests
from pypdf import PdfWriter

from ants.sandbox.demo import demande_body

LYON = {"agrement": "E2406900010", "identifiant": "ae-lyon", "mot_de_passe": "sandbox-lyon"}
VILLEURBANNE = {
    "agrement": "E2406900028",
    "identifiant": "ae-villeurbanne",
    "mot_de_passe": "sandbox-villeurbanne",
}


class Api:
    """requests against /api/v1 with a bearer token for one account."""

    def __init__(self, server, account: dict):
        self.server = server
        self.base = f"{server.url}/api/v1"
        credentials = {key: account[key] for key in ("agrement", "identifiant", "mot_de_passe")}
        response = requests.post(f"{self.base}/auth/token", json=credentials, timeout=10)
        assert response.status_code == 200, response.text
        self.agrement = account["agrement"]
        self.account = credentials
        self.headers = {"Authorization": f"Bearer {response.json()['token']}"}

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return requests.request(method, f"{self.base}{path}", headers=headers, timeout=30, **kwargs)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.request("POST", path, **kwargs)

    def put(self, path, **kwargs):
        return self.request("PUT", path, **kwargs)

    def delete(self, path, **kwargs):
        return self.request("DELETE", path, **kwargs)

    def create(self, body: dict | None = None, **candidat) -> dict:
        response = self.post("/demandes", json=body or person(**candidat))
        assert response.status_code == 201, response.text
        return response.json()

    def upload(
        self, numero: str, code: str, content: bytes, name: str = "piece.pdf", **data
    ) -> requests.Response:
        return self.post(
            f"/demandes/{numero}/pieces/{code}/fichiers", files={"fichier": (name, content)}, data=data
        )

    def upload_required(self, numero: str) -> None:
        pieces = self.get(f"/demandes/{numero}/pieces").json()["results"]
        for piece in pieces:
            if piece["requise"]:
                assert self.upload(numero, piece["code"], pdf(1)).status_code == 201

    def validated(self, body: dict | None = None, **candidat) -> dict:
        demande = self.create(body, **candidat)
        self.upload_required(demande["numero"])
        response = self.post(f"/demandes/{demande['numero']}/validation")
        assert response.status_code == 200, response.text
        return response.json()


_people = iter(range(1, 1_000_000))


# A legal representative the sandbox accepts.
REPRESENTANT = {
    "sexe": "F",
    "nom": "DUPONT",
    "prenom": "MARIE",
    "date_naissance": "1980-01-01",
    "adresse": {
        "numero": "12",
        "extension": "",
        "type_voie": "RUE",
        "nom_voie": "DE LA REPUBLIQUE",
        "complement": "",
        "code_postal": "69800",
        "commune": "SAINT-PRIEST",
        "pays": "FRANCE",
    },
    "telephone": "0612345678",
    "email": "marie.dupont@example.org",
}


def person(**candidat) -> dict:
    """A valid Cerfa 02 body for a new person (unique name and email unless given)."""
    n = next(_people)
    letters = "".join(chr(ord("A") + int(digit)) for digit in str(n))
    defaults = {"nom_naissance": f"DURAND{letters}", "email": f"eleve{n}@example.org"}
    return copy.deepcopy(demande_body(**{**defaults, **candidat}))


def pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def error_code(response: requests.Response) -> str:
    return response.json()["error"]["code"]


def fields(response: requests.Response) -> dict:
    return {item["field"]: item["message"] for item in response.json()["error"]["fields"]}
