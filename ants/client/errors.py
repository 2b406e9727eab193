"""Typed ANTS errors, in domain terms.

Every error carries `.message`, a French sentence fit to show a secretary. Messages never hold a
password, a token or document content: they are built from ANTS's own French message or from
fixed text here, never from a request.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    field: str  # dotted, as in the wire body: "candidat.naissance.commune"
    message: str


class AntsError(Exception):
    default_message = "L'ANTS a refusé la demande."

    def __init__(self, message: str = ""):
        self.message = message or self.default_message
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):
        # Subclasses take other constructor arguments: rebuild from the attributes (Celery and
        # multiprocessing pickle exceptions).
        return (_rebuild, (type(self), self.__dict__))


def _rebuild(cls, state: dict) -> AntsError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    error.args = (state["message"],)
    return error


class AuthenticationRefused(AntsError):
    default_message = (
        "L'ANTS a refusé la connexion : vérifiez le numéro d'agrément, l'identifiant et le mot de passe "
        "ANTS de l'agence."
    )


class CredentialsIncomplete(AuthenticationRefused):
    """The agency's ANTS credentials are not all set: nothing was sent to ANTS."""

    def __init__(self, missing: list[str], agence: str = ""):
        self.missing = list(missing)
        whose = f"l'agence {agence}" if agence else "l'agence"
        super().__init__(
            f"Identifiants ANTS incomplets pour {whose} : renseignez {', '.join(self.missing)} "
            "dans l'administration."
        )


class _WithFields(AntsError):
    """An error that names the fields ANTS refused."""

    def __init__(self, message: str = "", fields: list[FieldError] | None = None):
        self.fields = list(fields or [])
        super().__init__(message)


class DataRefused(_WithFields):
    default_message = "Certaines données ont été refusées par l'ANTS."


class InvalidRequest(DataRefused):
    """400: ANTS could not read the request (a field missing or mistyped)."""

    default_message = "L'ANTS n'a pas pu lire la demande : une donnée manque ou est mal formée."


class Divergence(AntsError):
    default_message = "Les données de l'élève divergent de celles connues par l'ANTS."


class EmailAlreadyUsed(Divergence):
    default_message = "Cette adresse e-mail est déjà utilisée par une autre personne sur le site de l'ANTS."


class DemandeAlreadyExists(Divergence):
    default_message = "Une demande du même type existe déjà pour cet élève à l'ANTS."

    def __init__(self, message: str = "", numero: str = ""):
        self.numero = numero
        super().__init__(message)


class DataDiffers(_WithFields, Divergence):
    default_message = "L'identité de l'élève diffère de celle de son compte ANTS."


class EphotoRefused(_WithFields):
    default_message = "Le code ePhoto est invalide : il compte 22 lettres ou chiffres."


class EphotoAlreadyUsed(EphotoRefused):
    default_message = "Ce code ePhoto a déjà servi pour une autre demande."


class MissingPieces(AntsError):
    default_message = "Des pièces justificatives obligatoires manquent."

    def __init__(self, message: str = "", pieces: list[str] | None = None):
        self.pieces = list(pieces or [])
        super().__init__(message)


class PieceRefused(AntsError):
    TOO_LARGE = "TROP_VOLUMINEUX"
    TOO_MANY_PAGES = "TROP_DE_PAGES"
    TYPE_REFUSED = "TYPE_REFUSE"
    COMMENT_TOO_LONG = "COMMENTAIRE_TROP_LONG"

    default_message = "Le fichier a été refusé par l'ANTS."

    def __init__(self, message: str = "", reason: str = "", details: dict | None = None):
        self.reason = reason
        self.details = dict(details or {})
        super().__init__(message)


class StatusForbids(AntsError):
    default_message = "Cette action n'est pas permise dans le statut actuel de la demande."

    def __init__(self, message: str = "", statut: str = ""):
        self.statut = statut
        super().__init__(message)


class TransferRefused(AntsError):
    default_message = "Le transfert a été refusé : la demande est sous mandat papier ou déjà sur ce compte."


class NotFound(AntsError):
    default_message = "L'ANTS ne trouve pas cet élément."


class BelongsToAnotherAccount(NotFound):
    """403: the demande exists but on another agency's account (it may be transferred)."""

    default_message = "Cette demande appartient à un autre compte ANTS."


class AntsUnavailable(AntsError):
    default_message = "L'ANTS est indisponible ou trop lente pour l'instant. Réessayez plus tard."

    def __init__(self, message: str = "", retry_after: float | None = None):
        self.retry_after = retry_after  # seconds ANTS asked us to wait, when it said so
        super().__init__(message)


class UnknownOutcome(AntsError):
    """A non-idempotent call was sent but its answer was lost: look it up, never repeat it blindly.

    `operation` names the client method; `numero`/`piece` say on what; `sent_at` is a timestamp taken
    before sending, for reconciliation (ants.client.reconcile: find_demande_created,
    find_piece_uploaded; get_demande for the others).
    """

    default_message = (
        "La réponse de l'ANTS n'est pas arrivée : l'opération a peut-être été faite. "
        "Vérifiez sur l'ANTS avant de recommencer."
    )

    def __init__(self, operation: str, *, numero: str = "", piece: str = "", sent_at=None):
        self.operation = operation
        self.numero = numero
        self.piece = piece
        self.sent_at = sent_at
        super().__init__()

    def __repr__(self) -> str:
        return f"UnknownOutcome(operation={self.operation!r}, numero={self.numero!r}, piece={self.piece!r})"
