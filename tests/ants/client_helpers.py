"""Builders shared by the client tests: demandes to send, and clients that never really sleep."""

import io
import uuid
from datetime import date

import requests
from pypdf import PdfWriter

from ants.client import (
    AdressePostale,
    AntsClient,
    AntsCredentials,
    Candidat,
    DemandeInput,
    Dossier,
    LieuNaissance,
    Motif,
    TypeDemande,
)
from ants.client.ratelimit import RateLimiter
from ants.client.transport import RetryPolicy, forget_sessions
from ants.client.wire import demande_input_to_json

EDGE_BASE = "http://ants.test"
EDGE_API = EDGE_BASE + "/api/v1"
EDGE_CREDENTIALS = AntsCredentials("E2406900010", "ae-lyon", "s3cret-Pa55-never-shown")


class FakeClock:
    """A monotonic clock that only moves when told to."""

    def __init__(self, now: float = 1000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def fast_retry(attempts: int = 3) -> RetryPolicy:
    return RetryPolicy(attempts=attempts, base_delay=0.01, max_delay=0.04, max_retry_after=5.0)


def client(credentials, base_url: str, sleeps: list, *, attempts: int = 3, **transport) -> AntsClient:
    """A client whose waits are recorded in `sleeps` instead of slept, starting signed out."""
    forget_sessions()
    transport.setdefault("rate_limiter", RateLimiter(0, max_wait=0))
    return AntsClient(
        credentials,
        base_url=base_url,
        retry=fast_retry(attempts),
        sleep=sleeps.append,
        rand=lambda: 1.0,  # the top of the jitter range, so waits are predictable
        **transport,
    )


def edge_client(sleeps: list, **kwargs) -> AntsClient:
    return client(EDGE_CREDENTIALS, EDGE_BASE, sleeps, **kwargs)


def pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def fault(server, kind: str, **rule) -> None:
    """Inject a sandbox fault through its control API (docs/ants-api.md, "Sandbox control")."""
    requests.post(f"{server.url}/_control/faults/{kind}", json=rule, timeout=10).raise_for_status()


def unique_email() -> str:
    return f"eleve-{uuid.uuid4().hex[:10]}@example.org"


def unique_nom() -> str:
    """A birth name no other test uses: ANTS keeps one open demande of a type per person."""
    letters = "".join(chr(ord("A") + int(d, 16) % 26) for d in uuid.uuid4().hex[:8])
    return f"DUPONT-{letters}"


def demande_input(
    *, email: str = "", nom_naissance: str = "", prenom: str = "JEAN", code_ephoto: str = "", **overrides
) -> DemandeInput:
    """An adult's first registration (Cerfa 02, category B) that ANTS's data rules accept."""
    candidat = Candidat(
        sexe="M",
        nom_naissance=nom_naissance or unique_nom(),
        prenom=prenom,
        autres_prenoms="PAUL MARIE",
        date_naissance=date(1990, 3, 14),
        naissance=LieuNaissance(commune="LYON 1ER ARRONDISSEMENT", departement="69", pays="FRANCE"),
        adresse=AdressePostale(
            numero="12",
            extension="BIS",
            type_voie="RUE",
            nom_voie="DE LA REPUBLIQUE",
            code_postal="69800",
            commune="SAINT-PRIEST",
            pays="FRANCE",
        ),
        telephone_mobile="0612345678",
        email=email or unique_email(),
    )
    fields = {
        "type": TypeDemande.CERFA_02,
        "motif": Motif.PREMIERE_INSCRIPTION,
        "prefecture": "RHONE",
        "candidat": candidat,
        "dossier": Dossier(categories_demandees=("B",)),
        "code_ephoto": code_ephoto,
    }
    return DemandeInput(**{**fields, **overrides})


def demande_body(numero="4789", **overrides) -> dict:
    """A Demande as ANTS answers it (wire JSON), for tests that play ANTS's side."""
    return {
        **demande_input_to_json(demande_input(email="jean.dupont@example.org")),
        "numero": numero,
        "statut": "BROUILLON",
        "statut_libelle": "Brouillon",
        "motif_statut": "",
        "cree_le": "2026-11-22T10:15:00+01:00",
        "modifie_le": "2026-11-22T10:15:00+01:00",
        "valide_le": None,
        "transferee": False,
        "neph": "",
        "ephoto": {"present": False},
        "agrement": "E2406900010",
        **overrides,
    }


def resume_body(numero="4789", **overrides) -> dict:
    """A DemandeResume as GET /demandes lists it."""
    full = demande_body(numero)
    candidat = {
        key: full["candidat"][key]
        for key in ("nom_naissance", "nom_usage", "prenom", "date_naissance", "email")
    }
    keys = (
        "numero",
        "type",
        "motif",
        "statut",
        "statut_libelle",
        "cree_le",
        "modifie_le",
        "transferee",
        "neph",
    )
    return {**{key: full[key] for key in keys}, "candidat": candidat, **overrides}
