"""Divergence (409): the email of another person, a demande that already exists, an identity that
differs from the person's existing ANTS account (prefecture FAQ 7/9)."""

from .errors import ApiError, field_error
from .referential import search_key

# A demande still in progress: another of the same type for the same person is refused.
OPEN = (
    "BROUILLON",
    "EN_ATTENTE_VALIDATION_USAGER",
    "VERIFICATION_PIECES",
    "VERIFICATION_IMAGES",
    "A_COMPLETER",
    "EN_COURS_TRAITEMENT",
)


def _identity(person: dict) -> tuple:
    return search_key(person["nom_naissance"]), search_key(person["prenom"]), person["date_naissance"]


def person_key(candidat: dict) -> str:
    """A person, as ANTS tells people apart: birth name, first name, birth date."""
    return "|".join(_identity(candidat))


def check(store, candidat: dict, type_: str, email: str) -> None:
    """409 when this person cannot get this demande: see docs/ants-api.md, Sandbox behaviour."""
    nom, prenom, naissance = _identity(candidat)
    usager = store.one("SELECT * FROM usagers WHERE email = ?", (email,))
    if usager is not None:
        if search_key(usager["prenom"]) != prenom:
            raise _email_used()
        differing = []
        if search_key(usager["nom_naissance"]) != nom:
            differing.append(("candidat.nom_naissance", "Nom de naissance"))
        if usager["date_naissance"] != naissance:
            differing.append(("candidat.date_naissance", "Date de naissance"))
        if differing:
            labels = ", ".join(label for _, label in differing)
            raise ApiError(
                "DATA_DIVERGENCE",
                "Divergence d'identité entre le portail ANTS et les données saisies pour les champs : "
                + labels,
                fields=[
                    field_error(field, f"Différent du compte ANTS de l'usager : {label}")
                    for field, label in differing
                ],
            )
    personne = person_key(candidat)
    placeholders = ",".join("?" * len(OPEN))
    other = store.one(
        f"SELECT numero FROM demandes WHERE personne = ? AND type = ? AND statut IN ({placeholders})"  # noqa: S608
        " ORDER BY cree_le LIMIT 1",
        (personne, type_, *OPEN),
    )
    if other is not None:
        raise ApiError(
            "DEMANDE_ALREADY_EXISTS",
            "Une demande existe déjà pour cette personne : reliez-la.",
            details={"numero": other["numero"]},
        )
    if store.one("SELECT 1 FROM demandes WHERE email = ? AND personne != ?", (email, personne)):
        raise _email_used()


def _email_used() -> ApiError:
    return ApiError(
        "EMAIL_ALREADY_USED",
        "Cette adresse e-mail est déjà utilisée sur l'ANTS par une autre personne.",
        fields=[field_error("candidat.email", "Adresse e-mail déjà utilisée par une autre personne.")],
    )
