"""ANTS's wire format (docs/ants-api.md): JSON bodies to and from the dataclasses, error bodies to
typed errors. Nothing here does I/O.

A body that does not have the documented shape raises WireFormatError; the transport turns it into
AntsUnavailable (a read) or UnknownOutcome (a call that may have changed something).
"""

import json
from dataclasses import asdict
from datetime import date, datetime

from . import errors
from .types import (
    AdressePostale,
    Candidat,
    CandidatResume,
    Commune,
    Declarations,
    Demande,
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


def _date(value) -> date | None:
    return date.fromisoformat(value) if value else None


def _datetime(value) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def commune_from_json(d: dict) -> Commune:
    return Commune(
        nom=d["nom"],
        code_insee=d["code_insee"],
        codes_postaux=tuple(d["codes_postaux"]),
        departement=d["departement"],
    )


def departement_from_json(d: dict) -> Departement:
    return Departement(code=d["code"], nom=d["nom"])


def pays_from_json(d: dict) -> Pays:
    return Pays(code=d["code"], nom=d["nom"])


def prefecture_from_json(d: dict) -> Prefecture:
    return Prefecture(code=d["code"], nom=d["nom"])


def _adresse(d: dict) -> AdressePostale:
    return AdressePostale(
        numero=d.get("numero", ""),
        extension=d.get("extension", ""),
        type_voie=d.get("type_voie", ""),
        nom_voie=d.get("nom_voie", ""),
        complement=d.get("complement", ""),
        code_postal=d["code_postal"],
        commune=d["commune"],
        pays=d.get("pays", ""),
    )


def _candidat(d: dict) -> Candidat:
    naissance = d["naissance"]
    return Candidat(
        sexe=d["sexe"],
        nom_naissance=d["nom_naissance"],
        nom_usage=d.get("nom_usage", ""),
        prenom=d["prenom"],
        autres_prenoms=d.get("autres_prenoms", ""),
        date_naissance=_date(d["date_naissance"]),
        naissance=LieuNaissance(
            commune=naissance["commune"],
            departement=naissance.get("departement") or "",
            pays=naissance["pays"],
        ),
        adresse=_adresse(d["adresse"]),
        telephone_mobile=d.get("telephone_mobile", ""),
        telephone_autre=d.get("telephone_autre", ""),
        email=d["email"],
        neph=d.get("neph", ""),
    )


def _representant(d: dict | None) -> RepresentantLegal | None:
    if d is None:
        return None
    return RepresentantLegal(
        sexe=d["sexe"],
        nom=d["nom"],
        prenom=d["prenom"],
        date_naissance=_date(d["date_naissance"]),
        adresse=_adresse(d["adresse"]),
        telephone=d.get("telephone", ""),
        email=d.get("email", ""),
    )


def _derniere_categorie(d: dict | None) -> DerniereCategorie | None:
    if d is None:
        return None
    return DerniereCategorie(
        categorie=d["categorie"],
        date=_date(d["date"]),
        lieu=d.get("lieu") or "",
        pays=d["pays"],
        departement=d.get("departement") or "",
        prefecture=d.get("prefecture") or "",
        mode=ModeObtention(d["mode"]),
    )


def _dossier(d: dict) -> Dossier:
    return Dossier(
        categories_demandees=tuple(d["categories_demandees"]),
        categories_obtenues=tuple(d.get("categories_obtenues", ())),
        derniere_categorie=_derniere_categorie(d.get("derniere_categorie")),
        declarations=Declarations(**d["declarations"]),
        formation=Formation(d["formation"]),
        opposition_reutilisation_donnees=d.get("opposition_reutilisation_donnees", False),
    )


def demande_from_json(d: dict) -> Demande:
    return Demande(
        numero=str(d["numero"]),
        type=TypeDemande(d["type"]),
        motif=Motif(d["motif"]),
        statut=Statut(d["statut"]),
        statut_libelle=d.get("statut_libelle", ""),
        motif_statut=d.get("motif_statut") or "",
        cree_le=_datetime(d["cree_le"]),
        modifie_le=_datetime(d["modifie_le"]),
        valide_le=_datetime(d.get("valide_le")),
        transferee=bool(d.get("transferee", False)),
        mandat_papier=bool(d.get("mandat_papier", False)),
        neph=d.get("neph") or "",
        ephoto_present=bool((d.get("ephoto") or {}).get("present", False)),
        agrement=d.get("agrement", ""),
        prefecture=d.get("prefecture", ""),
        candidat=_candidat(d["candidat"]),
        representant_legal=_representant(d.get("representant_legal")),
        dossier=_dossier(d["dossier"]),
    )


def demande_resume_from_json(d: dict) -> DemandeResume:
    c = d["candidat"]
    return DemandeResume(
        numero=str(d["numero"]),
        type=TypeDemande(d["type"]),
        motif=Motif(d["motif"]),
        statut=Statut(d["statut"]),
        statut_libelle=d.get("statut_libelle", ""),
        cree_le=_datetime(d["cree_le"]),
        modifie_le=_datetime(d["modifie_le"]),
        transferee=bool(d.get("transferee", False)),
        neph=d.get("neph") or "",
        candidat=CandidatResume(
            nom_naissance=c["nom_naissance"],
            nom_usage=c.get("nom_usage", ""),
            prenom=c["prenom"],
            date_naissance=_date(c.get("date_naissance")),
            email=c.get("email", ""),
        ),
    )


def fichier_from_json(d: dict) -> PieceFichier:
    return PieceFichier(
        id=str(d["id"]),
        nom=d["nom"],
        pages=int(d["pages"]),
        taille=int(d["taille"]),
        type=d["type"],
        commentaire=d.get("commentaire", ""),
        depose_le=_datetime(d["depose_le"]),
    )


def piece_from_json(d: dict) -> Piece:
    return Piece(
        code=d["code"],
        libelle=d["libelle"],
        aide=d.get("aide", ""),
        requise=bool(d["requise"]),
        pages_max=int(d["pages_max"]),
        pages=int(d.get("pages", 0)),
        commentaire_autorise=bool(d.get("commentaire_autorise", False)),
        fichiers=tuple(fichier_from_json(f) for f in d.get("fichiers", ())),
    )


def document_from_json(d: dict) -> Document:
    return Document(
        code=d["code"], libelle=d["libelle"], aide=d.get("aide", ""), disponible=bool(d["disponible"])
    )


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


def error_from_body(status: int, error: dict | None, *, retry_after: float | None = None) -> errors.AntsError:
    """Map an HTTP error status and its ANTS error object to a typed error."""
    if error is None:
        if status >= 500 or status == 429:
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
        "EPHOTO_INVALID": errors.EphotoRefused,
        "EPHOTO_ALREADY_USED": errors.EphotoAlreadyUsed,
    }
    if code in simple:
        return simple[code](message)
    if code == "DATA_REFUSED":
        return errors.DataRefused(message, fields=_fields(error))
    if code == "INVALID_REQUEST":
        return errors.InvalidRequest(message, fields=_fields(error))
    if code == "DATA_DIVERGENCE":
        return errors.DataDiffers(message, fields=_fields(error))
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
