"""ANTS errors: one exception carrying the wire error body (docs/ants-api.md, Errors)."""

STATUS = {
    "INVALID_REQUEST": 400,
    "AUTHENTICATION_FAILED": 401,
    "TOKEN_EXPIRED": 401,
    "TOKEN_INVALID": 401,
    "FORBIDDEN": 403,
    "NOT_FOUND": 404,
    "METHOD_NOT_ALLOWED": 405,
    "EMAIL_ALREADY_USED": 409,
    "DEMANDE_ALREADY_EXISTS": 409,
    "DATA_DIVERGENCE": 409,
    "STATUS_FORBIDS": 409,
    "TRANSFER_REFUSED": 409,
    "FILE_TOO_LARGE": 413,
    "FILE_TYPE_REFUSED": 415,
    "DATA_REFUSED": 422,
    "EPHOTO_INVALID": 422,
    "EPHOTO_ALREADY_USED": 422,
    "PAGE_LIMIT_EXCEEDED": 422,
    "MISSING_PIECES": 422,
    "RATE_LIMITED": 429,
    "INTERNAL_ERROR": 500,
    "UNAVAILABLE": 503,
}
MESSAGES = {
    "INVALID_REQUEST": "Requête invalide.",
    "AUTHENTICATION_FAILED": "Numéro d'agrément, identifiant ou mot de passe incorrect.",
    "TOKEN_EXPIRED": "Session expirée : reconnectez-vous.",
    "TOKEN_INVALID": "Session invalide : reconnectez-vous.",
    "FORBIDDEN": "Cette demande appartient à un autre compte.",
    "NOT_FOUND": "Introuvable.",
    "METHOD_NOT_ALLOWED": "Méthode non autorisée.",
    "DATA_REFUSED": "Certaines données ont été refusées.",
    "INTERNAL_ERROR": "Le site de l'ANTS a rencontré une erreur. Réessayez plus tard.",
    "UNAVAILABLE": "Le site de l'ANTS est indisponible (maintenance). Réessayez plus tard.",
    "RATE_LIMITED": "Trop de requêtes : patientez avant de réessayer.",
}


class ApiError(Exception):
    def __init__(self, code: str, message: str = "", fields=None, details=None, headers=None):
        super().__init__(code)
        self.code = code
        self.status = STATUS[code]
        self.message = message or MESSAGES.get(code, code)
        self.fields = fields or []
        self.details = details or {}
        self.headers = headers or {}

    def body(self) -> dict:
        return {
            "error": {
                "code": self.code,
                "message": self.message,
                "fields": self.fields,
                "details": self.details,
            }
        }


def field_error(field: str, message: str) -> dict:
    return {"field": field, "message": message}
