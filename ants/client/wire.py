"""ANTS's wire format (docs/ants-api.md): JSON bodies to and from the dataclasses, error bodies to
typed errors. Nothing here does I/O.

A body that does not have the documented shape raises WireFormatError; the transport turns it into
AntsUnavailable (a read) or UnknownOutcome (a call that may have changed something).
"""

import email.utils
import functools
import json
import math
import re
from dataclasses import asdict, dataclass, fields
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from . import errors
from .types import (
    AdressePostale,
    Candidat,
    CandidatResume,
    Commune,
    Declarations,
    DemandeAnts,
    DemandeInput,
    DemandeResume,
    Departement,
    DerniereCategorie,
    Document,
    Dossier,
    Formation,
    LieuNaissance,
    ModeObtention,
    Motif,
    Pays,
    Piece,
    PieceFichier,
    Prefecture,
    RepresentantLegal,
    Statut,
    TypeDemande,
)


class WireFormatError(Exception):
    """The body is not what docs/ants-api.md describes (garbage, HTML page, missing field)."""


def loads(content: bytes) -> dict:
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise WireFormatError("body is not JSON") from exc
    if not isinstance(data, dict):
        raise WireFormatError("body is not a JSON object")
    return data


def parse(reader, data):
    """Apply a *_from_json reader; any shape mismatch becomes WireFormatError."""
    try:
        return reader(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise WireFormatError(f"unexpected body for {reader.__name__}: {type(exc).__name__}") from None


def results(reader, data: dict) -> list:
    return parse(lambda d: [reader(item) for item in d["results"]], data)


# Dataclasses -> JSON


def _jsonable(value):
    if isinstance(value, date):  # also datetime
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


def demande_input_to_json(demande: DemandeInput) -> dict:
    # Field names of the dataclasses are the wire names; str enums serialise as their value.
    return _jsonable(asdict(demande))


# JSON -> dataclasses
#
# Tolerant where ANTS may grow (unknown keys are ignored; an unknown status, type or motif is kept
# as ANTS's own code, so that one new value does not stop a listing), strict where a wrong reading
# would mislead (a boolean is a JSON boolean, never the string "false"; a demande number is present).

# The zone of ANTS's timestamps: one without an offset is read as Paris time.
ANTS_TIMEZONE = ZoneInfo("Europe/Paris")


def _text(d: dict, key: str) -> str:
    """An optional text: missing or null is empty."""
    value = d.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise WireFormatError(f"{key} is not a string")
    return value


def _identifier(d: dict, key: str) -> str:
    """A required identifier (demande number, file id): a non-empty string, or a JSON integer."""
    value = d.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value:
        raise WireFormatError(f"{key} is missing")
    return value


def _bool(d: dict, key: str, default: bool = False) -> bool:
    value = d.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise WireFormatError(f"{key} is not a boolean")
    return value


def _count(d: dict, key: str, default: int | None = None) -> int:
    value = d.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise WireFormatError(f"{key} is not a count")
    return value


def _texts(d: dict, key: str) -> tuple[str, ...]:
    values = d.get(key) or []
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        raise WireFormatError(f"{key} is not a list of strings")
    return tuple(values)


def _object(d: dict, key: str) -> dict | None:
    value = d.get(key)
    if value is not None and not isinstance(value, dict):
        raise WireFormatError(f"{key} is not an object")
    return value


@functools.cache
def _codes(choices) -> frozenset[str]:
    # Django builds `choices.values` afresh on each access (with its labels): a listing asks 15,000 times.
    return frozenset(choices.values)


def _choice(choices, d: dict, key: str, default: str = ""):
    """The enum member for a known code; an unknown code stays visible as ANTS's own string."""
    value = d.get(key) or default
    if not isinstance(value, str) or not value:
        raise WireFormatError(f"{key} is missing")
    return choices(value) if value in _codes(choices) else value


def _statut(d: dict) -> tuple[Statut | str, str]:
    statut = _choice(Statut, d, "statut")
    return statut, _text(d, "statut_libelle") or str(getattr(statut, "label", statut))


def _date(value) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise WireFormatError("a date is not a string")
    return date.fromisoformat(value)


def _datetime(value) -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise WireFormatError("a timestamp is not a string")
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ANTS_TIMEZONE)


def _timestamp(d: dict, key: str) -> datetime:
    value = _datetime(d.get(key))
    if value is None:
        raise WireFormatError(f"{key} is missing")
    return value


# RFC 6750's token characters: anything else could not go in a header, and would escape in an
# encoding error that holds "Bearer <token>".
_TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")


def token_from_json(d: dict) -> tuple[str, float]:
    """The token and its lifetime in seconds."""
    token, lifetime = d.get("token"), d.get("expires_in")
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        raise WireFormatError("no usable token")
    if isinstance(lifetime, bool) or not isinstance(lifetime, int | float) or not 0 < lifetime < math.inf:
        raise WireFormatError("expires_in is not a positive number of seconds")
    return token, float(lifetime)


def commune_from_json(d: dict) -> Commune:
    return Commune(
        nom=_text(d, "nom"),
        code_insee=_text(d, "code_insee"),
        codes_postaux=_texts(d, "codes_postaux"),
        departement=_text(d, "departement"),
    )


def departement_from_json(d: dict) -> Departement:
    return Departement(code=_text(d, "code"), nom=_text(d, "nom"))


def pays_from_json(d: dict) -> Pays:
    return Pays(code=_text(d, "code"), nom=_text(d, "nom"))


def prefecture_from_json(d: dict) -> Prefecture:
    return Prefecture(code=_identifier(d, "code"), nom=_text(d, "nom"))


def _adresse(d: dict) -> AdressePostale:
    return AdressePostale(
        **{name: _text(d, name) for name in ("numero", "extension", "type_voie", "nom_voie", "complement")},
        code_postal=_text(d, "code_postal"),
        commune=_text(d, "commune"),
        pays=_text(d, "pays"),
    )


def _candidat(d: dict) -> Candidat:
    naissance = _object(d, "naissance") or {}
    return Candidat(
        sexe=_text(d, "sexe"),
        nom_naissance=_text(d, "nom_naissance"),
        nom_usage=_text(d, "nom_usage"),
        prenom=_text(d, "prenom"),
        autres_prenoms=_text(d, "autres_prenoms"),
        date_naissance=_date(d.get("date_naissance")),
        naissance=LieuNaissance(
            commune=_text(naissance, "commune"),
            departement=_text(naissance, "departement"),
            pays=_text(naissance, "pays"),
        ),
        adresse=_adresse(_object(d, "adresse") or {}),
        telephone_mobile=_text(d, "telephone_mobile"),
        telephone_autre=_text(d, "telephone_autre"),
        email=_text(d, "email"),
        neph=_text(d, "neph"),
    )


def _representant(d: dict | None) -> RepresentantLegal | None:
    if d is None:
        return None
    return RepresentantLegal(
        sexe=_text(d, "sexe"),
        nom=_text(d, "nom"),
        prenom=_text(d, "prenom"),
        date_naissance=_date(d.get("date_naissance")),
        adresse=_adresse(_object(d, "adresse") or {}),
        telephone=_text(d, "telephone"),
        email=_text(d, "email"),
    )


def _derniere_categorie(d: dict | None) -> DerniereCategorie | None:
    if d is None:
        return None
    return DerniereCategorie(
        categorie=_text(d, "categorie"),
        date=_date(d.get("date")),
        lieu=_text(d, "lieu"),
        pays=_text(d, "pays"),
        departement=_text(d, "departement"),
        prefecture=_text(d, "prefecture"),
        mode=_choice(ModeObtention, d, "mode"),
    )


def _declarations(d: dict | None) -> Declarations:
    d = d or {}
    return Declarations(**{f.name: _bool(d, f.name, f.default) for f in fields(Declarations)})


def _dossier(d: dict) -> Dossier:
    return Dossier(
        categories_demandees=_texts(d, "categories_demandees"),
        categories_obtenues=_texts(d, "categories_obtenues"),
        derniere_categorie=_derniere_categorie(_object(d, "derniere_categorie")),
        declarations=_declarations(_object(d, "declarations")),
        formation=_choice(Formation, d, "formation", Formation.TRADITIONNELLE),
        opposition_reutilisation_donnees=_bool(d, "opposition_reutilisation_donnees"),
    )


def demande_from_json(d: dict) -> DemandeAnts:
    statut, libelle = _statut(d)
    return DemandeAnts(
        numero=_identifier(d, "numero"),
        type=_choice(TypeDemande, d, "type"),
        motif=_choice(Motif, d, "motif"),
        statut=statut,
        statut_libelle=libelle,
        motif_statut=_text(d, "motif_statut"),
        cree_le=_timestamp(d, "cree_le"),
        modifie_le=_timestamp(d, "modifie_le"),
        valide_le=_datetime(d.get("valide_le")),
        transferee=_bool(d, "transferee"),
        mandat_papier=_bool(d, "mandat_papier"),
        neph=_text(d, "neph"),
        ephoto_present=_bool(_object(d, "ephoto") or {}, "present"),
        agrement=_text(d, "agrement"),
        prefecture=_text(d, "prefecture"),
        candidat=_candidat(_object(d, "candidat") or {}),
        representant_legal=_representant(_object(d, "representant_legal")),
        dossier=_dossier(_object(d, "dossier") or {}),
    )


def demande_resume_from_json(d: dict) -> DemandeResume:
    c = _object(d, "candidat") or {}
    statut, libelle = _statut(d)
    return DemandeResume(
        numero=_identifier(d, "numero"),
        type=_choice(TypeDemande, d, "type"),
        motif=_choice(Motif, d, "motif"),
        statut=statut,
        statut_libelle=libelle,
        cree_le=_timestamp(d, "cree_le"),
        modifie_le=_timestamp(d, "modifie_le"),
        transferee=_bool(d, "transferee"),
        neph=_text(d, "neph"),
        candidat=CandidatResume(
            nom_naissance=_text(c, "nom_naissance"),
            nom_usage=_text(c, "nom_usage"),
            prenom=_text(c, "prenom"),
            date_naissance=_date(c.get("date_naissance")),
            email=_text(c, "email"),
        ),
    )


@dataclass(frozen=True)
class Page:
    """One page of GET /demandes; `unreadable` counts the items that could not be read (skipped)."""

    results: tuple[DemandeResume, ...]
    page: int
    par_page: int
    total: int
    pages: int
    unreadable: int = 0


def page_from_json(d: dict) -> Page:
    items = d.get("results")
    if not isinstance(items, list):
        raise WireFormatError("results is not a list")
    results = []
    for item in items:
        try:
            results.append(parse(demande_resume_from_json, item))
        except WireFormatError:
            pass  # one unreadable demande must not hide the others; the listing says it is incomplete
    return Page(
        results=tuple(results),
        page=_count(d, "page"),
        par_page=_count(d, "par_page"),
        total=_count(d, "total"),
        pages=_count(d, "pages"),
        unreadable=len(items) - len(results),
    )


def fichier_from_json(d: dict) -> PieceFichier:
    return PieceFichier(
        id=_identifier(d, "id"),
        nom=_text(d, "nom"),
        pages=_count(d, "pages"),
        taille=_count(d, "taille"),
        type=_text(d, "type"),
        commentaire=_text(d, "commentaire"),
        depose_le=_timestamp(d, "depose_le"),
    )


def piece_from_json(d: dict) -> Piece:
    fichiers = d.get("fichiers") or []
    if not isinstance(fichiers, list):
        raise WireFormatError("fichiers is not a list")
    return Piece(
        code=_identifier(d, "code"),
        libelle=_text(d, "libelle"),
        aide=_text(d, "aide"),
        requise=_bool(d, "requise"),
        pages_max=_count(d, "pages_max"),
        pages=_count(d, "pages", 0),
        commentaire_autorise=_bool(d, "commentaire_autorise"),
        fichiers=tuple(fichier_from_json(f) for f in fichiers),
    )


def document_from_json(d: dict) -> Document:
    return Document(
        code=_identifier(d, "code"),
        libelle=_text(d, "libelle"),
        aide=_text(d, "aide"),
        disponible=_bool(d, "disponible"),
    )


# Files

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
_MAGIC = {PDF: b"%PDF-", JPEG: b"\xff\xd8\xff", PNG: b"\x89PNG\r\n\x1a\n"}


def file_content(content: bytes, media_types: tuple[str, ...]) -> bytes:
    """The downloaded file, when its first bytes are of one of `media_types`.

    The bytes decide, not Content-Type: a portal's HTML page answered 200 must not become a PDF.
    """
    if not any(content.startswith(_MAGIC[media_type]) for media_type in media_types):
        raise WireFormatError(f"not a file of type {', '.join(media_types)}")
    return content


# Error bodies -> typed errors


def error_body(content: bytes) -> dict | None:
    """The `error` object of an ANTS error body, or None when the body is not one."""
    try:
        error = loads(content).get("error")
    except WireFormatError:
        return None
    if not isinstance(error, dict) or not isinstance(error.get("code"), str):
        return None
    return error


def _fields(error: dict) -> list[errors.FieldError]:
    return [
        errors.FieldError(field=str(f.get("field", "")), message=str(f.get("message", "")))
        for f in error.get("fields") or []
        if isinstance(f, dict)
    ]


def _details(error: dict) -> dict:
    details = error.get("details")
    return details if isinstance(details, dict) else {}


_PIECE_REASONS = {
    "FILE_TOO_LARGE": errors.PieceRefused.TOO_LARGE,
    "FILE_TYPE_REFUSED": errors.PieceRefused.TYPE_REFUSED,
    "PAGE_LIMIT_EXCEEDED": errors.PieceRefused.TOO_MANY_PAGES,
}


REDACTED = "••••"
RETRY_AFTER_CEILING = 24 * 3600.0  # past a day, "wait" means "come back tomorrow"


def retry_after(header: str, error: dict | None, now: datetime) -> float | None:
    """The seconds ANTS asks to wait, clamped to [0, a day]; None when it says nothing readable.

    The `Retry-After` header (seconds, or an HTTP date), else the error's `details.retry_after`.
    """
    seconds = _header_seconds(header.strip(), now)
    if seconds is None and error is not None:
        seconds = _seconds(_details(error).get("retry_after"))
    if seconds is None or math.isnan(seconds):
        return None
    return min(max(seconds, 0.0), RETRY_AFTER_CEILING)


def _header_seconds(value: str, now: datetime) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp() - now.timestamp()


def _seconds(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _redact(value, secrets: tuple[str, ...]):
    """`value` with every secret (password, token) ANTS may have echoed replaced."""
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, REDACTED)
        return value
    if isinstance(value, list):
        return [_redact(item, secrets) for item in value]
    if isinstance(value, dict):
        return {key: _redact(item, secrets) for key, item in value.items()}
    return value


def error_from_body(
    status: int, error: dict | None, *, retry_after: float | None = None, secrets: tuple[str, ...] = ()
) -> errors.AntsError:
    """Map an HTTP error status and its ANTS error object to a typed error, `secrets` redacted."""
    error = _redact(error, tuple(secret for secret in secrets if secret))
    if error is None:
        # A page without ANTS's error body: a proxy or a gateway's, which says nothing of our request
        # (a 401 one nothing of our credentials either).
        if status >= 500 or status in (401, 429):
            return errors.AntsUnavailable(retry_after=retry_after)
        return errors.AntsError(f"Réponse inattendue de l'ANTS (HTTP {status}).")
    code = error["code"]
    message = str(error.get("message") or "")
    details = _details(error)
    simple = {
        "AUTHENTICATION_FAILED": errors.AuthenticationRefused,
        "FORBIDDEN": errors.BelongsToAnotherAccount,
        "NOT_FOUND": errors.NotFound,
        "EMAIL_ALREADY_USED": errors.EmailAlreadyUsed,
        "TRANSFER_REFUSED": errors.TransferRefused,
    }
    if code in simple:
        return simple[code](message)
    # The code ePhoto's refusals name their field too: the secretary is sent to it.
    with_fields = {
        "DATA_REFUSED": errors.DataRefused,
        "INVALID_REQUEST": errors.InvalidRequest,
        "DATA_DIVERGENCE": errors.DataDiffers,
        "EPHOTO_INVALID": errors.EphotoRefused,
        "EPHOTO_ALREADY_USED": errors.EphotoAlreadyUsed,
    }
    if code in with_fields:
        return with_fields[code](message, fields=_fields(error))
    if code == "DEMANDE_ALREADY_EXISTS":
        return errors.DemandeAlreadyExists(message, numero=str(details.get("numero", "")))
    if code == "STATUS_FORBIDS":
        return errors.StatusForbids(message, statut=str(details.get("statut", "")))
    if code == "MISSING_PIECES":
        return errors.MissingPieces(message, pieces=[str(p) for p in details.get("pieces") or []])
    if code in _PIECE_REASONS:
        return errors.PieceRefused(message, reason=_PIECE_REASONS[code], details=details)
    # TOKEN_*: only reached when a fresh token was refused too, which is ANTS's fault.
    if code in ("RATE_LIMITED", "TOKEN_EXPIRED", "TOKEN_INVALID") or status >= 500:
        return errors.AntsUnavailable(message, retry_after=retry_after)
    return errors.AntsError(message)
