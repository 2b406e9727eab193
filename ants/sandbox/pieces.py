"""Pièces justificatives: which a demande accepts and requires, and the checks on an uploaded file."""

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from .clock import age_on
from .errors import ApiError, field_error

MAX_BYTES = 11 * 1024 * 1024
MAX_COMMENT = 80
ASSR_BORN_FROM = date(1988, 1, 1)


@dataclass(frozen=True)
class Piece:
    code: str
    libelle: str
    pages_max: int
    aide: str = ""


CATALOGUE = {
    piece.code: piece
    for piece in (
        Piece("PIECE_IDENTITE", "Pièce d'identité", 2),
        Piece("JUSTIFICATIF_DOMICILE", "Justificatif de domicile", 5),
        Piece("JUGEMENT_ANNULATION", "Copie du jugement d'annulation", 5),
        Piece("AVIS_MEDICAL", "Avis médical", 6, "Cerfa n°14880*01 - PERMIS DE CONDUIRE - AVIS MÉDICAL"),
        Piece(
            "ASSR",
            "Attestations Scolaires de Sécurité Routière (ASSR)",
            2,
            "Attestations de formation théorique à la sécurité routière (établissement scolaire)",
        ),
        Piece("BREVET_MILITAIRE", "Justificatif brevet militaire", 5),
        Piece("ATTESTATION_FORMATION", "Copie d'attestation de suivi de formation", 2),
        Piece("ENGAGEMENT_HONNEUR", "Engagement sur l'honneur à suivre la formation", 5),
        Piece("JDC", "Justificatif de situation au regard du service national (JDC)", 2),
        Piece("TITRE_SEJOUR", "Titre de séjour", 2),
        Piece("PERMIS_CONDUIRE", "Copie du permis de conduire", 2),
        Piece("PIECE_IDENTITE_REPRESENTANT", "Pièce d'identité du représentant légal", 2),
        Piece("TESTS_PSYCHOTECHNIQUES", "Tests psychotechniques", 5),
        Piece("CEPC", "Certificat d'examen du permis de conduire (CEPC)", 2),
    )
}
ACCEPTED_BY_TYPE = {
    "CERFA_02": (
        "PIECE_IDENTITE",
        "JUSTIFICATIF_DOMICILE",
        "AVIS_MEDICAL",
        "ASSR",
        "BREVET_MILITAIRE",
        "ENGAGEMENT_HONNEUR",
        "JDC",
        "TITRE_SEJOUR",
    ),
    "CERFA_06": ("PIECE_IDENTITE", "JUSTIFICATIF_DOMICILE", "AVIS_MEDICAL", "ASSR", "TITRE_SEJOUR"),
}


def required_codes(demande: dict, today: date) -> list[str]:
    candidat, dossier = demande["candidat"], demande["dossier"]
    birth = date.fromisoformat(candidat["date_naissance"])
    age = age_on(birth, today)
    first_title = not dossier["categories_obtenues"]
    rules = {
        "PIECE_IDENTITE": True,
        "JUSTIFICATIF_DOMICILE": True,
        "PIECE_IDENTITE_REPRESENTANT": age < 18,
        "JDC": demande["type"] == "CERFA_02" and 17 <= age <= 25,
        "PERMIS_CONDUIRE": not first_title,
        "JUGEMENT_ANNULATION": demande["motif"] == "APRES_ANNULATION",
        "TESTS_PSYCHOTECHNIQUES": demande["motif"] == "APRES_ANNULATION",
        "ATTESTATION_FORMATION": demande["motif"] == "FORMATION",
        "ASSR": demande["type"] == "CERFA_06" and first_title and birth >= ASSR_BORN_FROM,
        "CEPC": demande["motif"] == "REUSSITE_EXAMEN",
    }
    return [code for code in CATALOGUE if rules.get(code)]


def accepted_codes(demande: dict, today: date) -> list[str]:
    wanted = set(ACCEPTED_BY_TYPE[demande["type"]]) | set(required_codes(demande, today))
    return [code for code in CATALOGUE if code in wanted]


def inspect_file(content: bytes, commentaire: str) -> tuple[str, int]:
    """(media type, pages) of an upload, or the ANTS error refusing it."""
    if len(content) > MAX_BYTES:
        raise ApiError("FILE_TOO_LARGE", "Le fichier dépasse 11 Mo.", details={"max_bytes": MAX_BYTES})
    if len(commentaire) > MAX_COMMENT:
        raise ApiError(
            "DATA_REFUSED", fields=[field_error("commentaire", "Le commentaire dépasse 80 caractères.")]
        )
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", 1
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", 1
    if content.startswith(b"%PDF-"):
        return "application/pdf", _pdf_pages(content)
    raise ApiError("FILE_TYPE_REFUSED", "Format refusé : PDF, JPEG ou PNG uniquement.")


def _pdf_pages(content: bytes) -> int:
    try:
        pages = len(PdfReader(io.BytesIO(content)).pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as error:
        raise ApiError("FILE_TYPE_REFUSED", "PDF illisible.") from error
    if pages < 1:
        raise ApiError("FILE_TYPE_REFUSED", "PDF sans page.")
    return pages


def stored_name(filename: str) -> str:
    """The file's name as the sandbox keeps it, cleaned up as many upload services do: accents
    dropped, any character but letters, digits, '.', '-' and '_' made '_', at most 100 long."""
    ascii_only = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9._-]", "_", ascii_only)[:100] or "fichier"
