"""The ANTS interface as OpenAPI 3.1, served at /openapi.json. It must agree with docs/ants-api.md
(tests/ants/test_sandbox_openapi.py compares their endpoints). The control API is not part of it."""

from .errors import STATUS
from .lifecycle import STATUTS
from .pieces import CATALOGUE
from .rules import CATEGORIES, DECLARATIONS, FORMATIONS, MOTIFS, TYPES

DOCUMENT_CODES = (
    "AVIS_MEDICAL",
    "FORMULAIRE_PHOTO_SIGNATURE",
    "JUSTIFICATIF_DEMANDE",
    "ATTESTATION_DROITS_CONDUIRE",
    "ATTESTATION_INSCRIPTION",
    "FACSIMILE_INSCRIPTION",
    "RELEVE_ANNULATION",
    "RELEVE_INVALIDATION",
)


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(properties: dict, required=None) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties if required is None else required),
    }


STRING = {"type": "string"}
BOOL = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
TIMESTAMP = {"type": "string", "format": "date-time"}
NULLABLE_TIMESTAMP = {"type": ["string", "null"], "format": "date-time"}
CATEGORIE = {"type": "string", "enum": list(CATEGORIES)}

LIEU = _obj({"commune": STRING, "departement": STRING, "pays": STRING}, ["commune", "pays"])
ADRESSE = _obj(
    {
        "numero": STRING,
        "extension": STRING,
        "type_voie": STRING,
        "nom_voie": STRING,
        "complement": STRING,
        "code_postal": STRING,
        "commune": STRING,
        "pays": STRING,
    },
    ["nom_voie", "code_postal", "commune", "pays"],
)
SEXE = {"type": "string", "enum": ["M", "F"]}
CANDIDAT = _obj(
    {
        "sexe": SEXE,
        "nom_naissance": STRING,
        "nom_usage": STRING,
        "prenom": STRING,
        "autres_prenoms": STRING,
        "date_naissance": STRING,
        "naissance": _ref("Lieu"),
        "adresse": _ref("Adresse"),
        "telephone_mobile": STRING,
        "telephone_autre": STRING,
        "email": STRING,
        "neph": STRING,
    },
    ["sexe", "nom_naissance", "prenom", "date_naissance", "naissance", "adresse", "email"],
)
REPRESENTANT = _obj(
    {
        "sexe": SEXE,
        "nom": STRING,
        "prenom": STRING,
        "date_naissance": STRING,
        "adresse": _ref("Adresse"),
        "telephone": STRING,
        "email": STRING,
    },
    ["sexe", "nom", "prenom", "date_naissance", "adresse"],
)
DERNIERE_CATEGORIE = _obj(
    {
        "categorie": CATEGORIE,
        "date": STRING,
        "lieu": STRING,
        "pays": STRING,
        "departement": STRING,
        "prefecture": STRING,
        "mode": {"type": "string", "enum": ["EXAMEN", "ECHANGE"]},
    },
    ["categorie", "date", "pays", "mode"],
)
DOSSIER = _obj(
    {
        "categories_demandees": {"type": "array", "items": CATEGORIE},
        "categories_obtenues": {"type": "array", "items": CATEGORIE},
        "derniere_categorie": {"oneOf": [{"type": "null"}, _ref("DerniereCategorie")]},
        "declarations": _obj(
            {name: BOOL for name in DECLARATIONS},
            [],
        ),
        "formation": {"type": "string", "enum": list(FORMATIONS)},
        "opposition_reutilisation_donnees": BOOL,
    },
    ["categories_demandees"],
)
DEMANDE_CREATE = _obj(
    {
        "type": {"type": "string", "enum": list(TYPES)},
        "motif": {"type": "string", "enum": list(MOTIFS)},
        "mandat_papier": BOOL,
        "code_ephoto": STRING,
        "prefecture": STRING,
        "candidat": _ref("Candidat"),
        "representant_legal": {"oneOf": [{"type": "null"}, _ref("RepresentantLegal")]},
        "dossier": _ref("Dossier"),
    },
    ["type", "motif", "candidat", "dossier"],
)
STATUT = {"type": "string", "enum": list(STATUTS)}
DEMANDE = _obj(
    {
        "numero": STRING,
        "type": {"type": "string", "enum": list(TYPES)},
        "motif": {"type": "string", "enum": list(MOTIFS)},
        "statut": STATUT,
        "statut_libelle": STRING,
        "motif_statut": STRING,
        "cree_le": TIMESTAMP,
        "modifie_le": TIMESTAMP,
        "valide_le": NULLABLE_TIMESTAMP,
        "transferee": BOOL,
        "mandat_papier": BOOL,
        "neph": STRING,
        "ephoto": _obj({"present": BOOL}),
        "agrement": STRING,
        "prefecture": STRING,
        "candidat": _ref("Candidat"),
        "representant_legal": {"oneOf": [{"type": "null"}, _ref("RepresentantLegal")]},
        "dossier": _ref("Dossier"),
    }
)
DEMANDE_RESUME = _obj(
    {
        "numero": STRING,
        "type": {"type": "string", "enum": list(TYPES)},
        "motif": {"type": "string", "enum": list(MOTIFS)},
        "statut": STATUT,
        "statut_libelle": STRING,
        "cree_le": TIMESTAMP,
        "modifie_le": TIMESTAMP,
        "transferee": BOOL,
        "neph": STRING,
        "candidat": _obj(
            {name: STRING for name in ("nom_naissance", "nom_usage", "prenom", "date_naissance", "email")}
        ),
    }
)
FICHIER = _obj(
    {
        "id": STRING,
        "nom": STRING,
        "pages": {"type": "integer", "minimum": 1},
        "taille": {"type": "integer", "minimum": 0},
        "type": {"type": "string", "enum": ["application/pdf", "image/jpeg", "image/png"]},
        "commentaire": STRING,
        "depose_le": TIMESTAMP,
    }
)
PIECE = _obj(
    {
        "code": {"type": "string", "enum": list(CATALOGUE)},
        "libelle": STRING,
        "aide": STRING,
        "requise": BOOL,
        "pages_max": {"type": "integer"},
        "pages": {"type": "integer"},
        "commentaire_autorise": BOOL,
        "fichiers": {"type": "array", "items": _ref("Fichier")},
    }
)
DOCUMENT = _obj(
    {
        "code": {"type": "string", "enum": list(DOCUMENT_CODES)},
        "libelle": STRING,
        "aide": STRING,
        "disponible": BOOL,
    }
)
ERROR = _obj(
    {
        "error": _obj(
            {
                "code": {"type": "string", "enum": list(STATUS)},
                "message": STRING,
                "fields": {"type": "array", "items": _obj({"field": STRING, "message": STRING})},
                "details": {"type": "object"},
            }
        )
    }
)


def _results(item: dict) -> dict:
    return _obj({"results": {"type": "array", "items": item}})


def _json(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int) -> dict:
    return {str(status): {"$ref": f"#/components/responses/E{status}"} for status in statuses}


def _files(*media_types: str) -> dict:
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {"description": "Le fichier", "content": {media_type: binary for media_type in media_types}}


def _file(media_type: str) -> dict:
    return _files(media_type)


# Errors any authenticated call may answer, besides its own.
COMMON = (400, 401, 429, 500, 503)
NUMERO = {
    "name": "numero",
    "in": "path",
    "required": True,
    "schema": STRING,
    "description": "Numéro de demande",
}
PIECE_CODE = {
    "name": "code",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "enum": list(CATALOGUE)},
}
FICHIER_ID = {"name": "id", "in": "path", "required": True, "schema": STRING}
DOC_CODE = {
    "name": "code",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "enum": list(DOCUMENT_CODES)},
}


def _query(name: str, schema: dict, description: str = "") -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _op(summary: str, responses: dict, *, parameters=(), body=None, public=False, errors=()) -> dict:
    operation = {
        "summary": summary,
        "parameters": list(parameters),
        "responses": {**responses, **_errors(*sorted(set(COMMON) | set(errors)))},
    }
    if body is not None:
        operation["requestBody"] = {"required": True, "content": body}
    if public:
        operation["security"] = []
    return operation


def _json_body(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


def _paths() -> dict:
    demande = _json(_ref("Demande"))
    list_params = [
        _query("cree_depuis", DATE),
        _query("cree_jusqu_a", DATE),
        _query("modifie_depuis", DATE),
        _query("modifie_jusqu_a", DATE),
        _query("statut", STATUT),
        _query("type", {"type": "string", "enum": list(TYPES)}),
        _query("numero", STRING),
        _query("email", STRING),
        _query("page", {"type": "integer", "minimum": 1, "maximum": 100000, "default": 1}),
        _query("par_page", {"type": "integer", "minimum": 1, "maximum": 100, "default": 50}),
    ]
    page = _obj(
        {
            "results": {"type": "array", "items": _ref("DemandeResume")},
            "page": {"type": "integer"},
            "par_page": {"type": "integer"},
            "total": {"type": "integer"},
            "pages": {"type": "integer"},
        }
    )
    credentials = _obj({"agrement": STRING, "identifiant": STRING, "mot_de_passe": STRING})
    token = _obj(
        {
            "token": STRING,
            "expires_in": {"type": "integer"},
            "expires_at": TIMESTAMP,
            "raison_sociale": STRING,
        }
    )
    upload = {
        "multipart/form-data": {
            "schema": _obj(
                {
                    "fichier": {"type": "string", "format": "binary"},
                    "commentaire": {"type": "string", "maxLength": 80},
                },
                ["fichier"],
            )
        }
    }
    no_content = {"204": {"description": "Fait"}}
    return {
        "/auth/token": {
            "post": _op(
                "Se connecter avec l'agrément, l'identifiant et le mot de passe",
                {"200": _json(token)},
                body=_json_body(credentials),
                public=True,
            )
        },
        "/prefectures": {
            "get": _op(
                "Préfectures compétentes pour un code postal",
                {"200": _json(_results(_obj({"code": STRING, "nom": STRING})))},
                parameters=[{"name": "code_postal", "in": "query", "required": True, "schema": STRING}],
                errors=(422,),
            )
        },
        "/referentiel/communes": {
            "get": _op(
                "Communes dont le nom commence par q",
                {"200": _json(_results(_ref("Commune")))},
                parameters=[
                    _query("q", STRING, "au moins 2 caractères (facultatif avec code_postal)"),
                    _query("code_postal", STRING),
                    _query("departement", STRING, "code du département (69, 2A, 971)"),
                    _query("limit", {"type": "integer", "minimum": 1, "maximum": 50, "default": 20}),
                ],
                public=True,
            )
        },
        "/referentiel/departements": {
            "get": _op(
                "Départements", {"200": _json(_results(_obj({"code": STRING, "nom": STRING})))}, public=True
            )
        },
        "/referentiel/pays": {
            "get": _op("Pays", {"200": _json(_results(_obj({"code": STRING, "nom": STRING})))}, public=True)
        },
        "/demandes": {
            "get": _op("Demandes du compte", {"200": _json(page)}, parameters=list_params),
            "post": _op(
                "Créer une demande (brouillon)",
                {"201": _json(_ref("Demande"), "Créée")},
                body=_json_body(_ref("DemandeCreation")),
                errors=(409, 422),
            ),
        },
        "/demandes/transferts": {
            "post": _op(
                "Transférer une demande sur ce compte",
                {"200": demande},
                body=_json_body(_obj({"numero": STRING, "agrement_origine": STRING}, ["numero"])),
                errors=(404, 409),
            )
        },
        "/demandes/{numero}": {
            "get": _op("Une demande", {"200": demande}, parameters=[NUMERO], errors=(403, 404)),
            "delete": _op("Supprimer une demande", no_content, parameters=[NUMERO], errors=(403, 404, 409)),
        },
        "/demandes/{numero}/validation": {
            "post": _op(
                "Valider une demande", {"200": demande}, parameters=[NUMERO], errors=(403, 404, 409, 422)
            )
        },
        "/demandes/{numero}/ephoto": {
            "put": _op(
                "Poser ou remplacer le code ePhoto",
                {"200": demande},
                parameters=[NUMERO],
                body=_json_body(_obj({"code": STRING})),
                errors=(403, 404, 409, 422),
            ),
            "delete": _op(
                "Supprimer le code ePhoto", no_content, parameters=[NUMERO], errors=(403, 404, 409)
            ),
        },
        "/demandes/{numero}/ephoto/photo": {
            "get": _op(
                "La photo ePhoto", {"200": _file("image/jpeg")}, parameters=[NUMERO], errors=(403, 404)
            )
        },
        "/demandes/{numero}/ephoto/signature": {
            "get": _op(
                "La signature ePhoto", {"200": _file("image/png")}, parameters=[NUMERO], errors=(403, 404)
            )
        },
        "/demandes/{numero}/pieces": {
            "get": _op(
                "Pièces acceptées et requises",
                {"200": _json(_results(_ref("Piece")))},
                parameters=[NUMERO],
                errors=(403, 404),
            )
        },
        "/demandes/{numero}/pieces/{code}/fichiers": {
            "post": _op(
                "Déposer un fichier pour une pièce",
                {"201": _json(_ref("Fichier"), "Déposé")},
                parameters=[NUMERO, PIECE_CODE],
                body=upload,
                errors=(403, 404, 409, 413, 415, 422),
            )
        },
        "/demandes/{numero}/pieces/{code}/fichiers/{id}": {
            "get": _op(
                "Télécharger un fichier",
                {"200": _files("application/pdf", "image/jpeg", "image/png")},
                parameters=[NUMERO, PIECE_CODE, FICHIER_ID],
                errors=(403, 404),
            ),
            "delete": _op(
                "Supprimer un fichier",
                no_content,
                parameters=[NUMERO, PIECE_CODE, FICHIER_ID],
                errors=(403, 404, 409),
            ),
        },
        "/demandes/{numero}/documents": {
            "get": _op(
                "Documents de la demande",
                {"200": _json(_results(_ref("Document")))},
                parameters=[NUMERO],
                errors=(403, 404),
            )
        },
        "/demandes/{numero}/documents/{code}": {
            "get": _op(
                "Télécharger un document (PDF)",
                {"200": _file("application/pdf")},
                parameters=[NUMERO, DOC_CODE],
                errors=(403, 404),
            )
        },
    }


RETRY_AFTER = {
    "description": "Secondes, ou date HTTP, avant de réessayer",
    "required": False,
    "schema": {"type": "string"},
}


def _error_response(status: int, description: str) -> dict:
    response = _json(_ref("Error"), description)
    if status in (429, 503):
        response["headers"] = {"Retry-After": RETRY_AFTER}
    return response


def openapi_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ANTS — demandes de permis de conduire (bac à sable)",
            "version": "1",
            "description": "The interface of docs/ants-api.md, as served by the sandbox.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": _paths(),
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Lieu": LIEU,
                "Adresse": ADRESSE,
                "Candidat": CANDIDAT,
                "RepresentantLegal": REPRESENTANT,
                "DerniereCategorie": DERNIERE_CATEGORIE,
                "Dossier": DOSSIER,
                "DemandeCreation": DEMANDE_CREATE,
                "Demande": DEMANDE,
                "DemandeResume": DEMANDE_RESUME,
                "Commune": _obj(
                    {
                        "nom": STRING,
                        "code_insee": STRING,
                        "codes_postaux": {"type": "array", "items": STRING},
                        "departement": STRING,
                    }
                ),
                "Fichier": FICHIER,
                "Piece": PIECE,
                "Document": DOCUMENT,
                "Error": ERROR,
            },
            "responses": {
                f"E{status}": _error_response(status, description)
                for status, description in (
                    (400, "Requête invalide"),
                    (401, "Authentification"),
                    (403, "Autre compte"),
                    (404, "Introuvable"),
                    (409, "Conflit"),
                    (413, "Fichier trop gros"),
                    (415, "Type de fichier refusé"),
                    (422, "Données refusées"),
                    (429, "Trop de requêtes (non appliquée ; details.retry_after en secondes)"),
                    (500, "Erreur ANTS (la requête a pu être appliquée)"),
                    (503, "ANTS indisponible (requête refusée sans être lue, non appliquée)"),
                )
            },
        },
    }
