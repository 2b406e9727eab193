"""Business rules for agencies: ANTS credentials, prefectures, key rotation."""

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ants.client import AntsClient, AntsCredentials
from ants.client.errors import AntsError, AntsUnavailable, AuthenticationRefused, CredentialsIncomplete

from . import access, crypto
from .models import Agence, User


class AgenceAntsError(Exception):
    """An agency action that cannot be done; `message` is French, shown as is to the manager."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def agence_missing_ants_fields(*, agence: Agence, need_code_postal: bool = False) -> list[str]:
    """French labels of what must be filled before ANTS can be asked anything for this agency."""
    # The credentials are the responsible agency's: its ANTS account sends its agencies' demandes.
    responsable = agence.responsable
    suffix = ""
    if responsable != agence:
        suffix = _(" de l'agence responsable %(code)s") % {"code": responsable.code}
    checks = [
        (need_code_postal and not agence.code_postal, _("le code postal"), ""),
        (not responsable.numero_agrement, _("le numéro d'agrément Cerfa"), suffix),
        (not responsable.identifiant_ants, _("l'identifiant ANTS"), suffix),
        (not responsable.has_mot_de_passe_ants, _("le mot de passe ANTS"), suffix),
    ]
    return [label + where for missing, label, where in checks if missing]


def _require(agence: Agence, *, need_code_postal: bool, action: str) -> None:
    missing = agence_missing_ants_fields(agence=agence, need_code_postal=need_code_postal)
    if missing:
        raise AgenceAntsError(
            _("%(action)s impossible pour l'agence %(agence)s : renseignez %(missing)s.")
            % {"action": action, "agence": agence.code, "missing": _join_french(missing)}
        )


def _join_french(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _("%(debut)s et %(fin)s") % {"debut": ", ".join(items[:-1]), "fin": items[-1]}


class MotDePasseIllisible(AuthenticationRefused):
    """The stored ANTS password cannot be decrypted with the current keys: nothing was sent."""


def client_for_agence(agence: Agence, **transport) -> AntsClient:
    """A client signed in as the agency's responsible agency; CredentialsIncomplete names what is missing."""
    missing = agence_missing_ants_fields(agence=agence)
    if missing:
        raise CredentialsIncomplete(missing, agence=str(agence))
    responsable = agence.responsable
    try:
        mot_de_passe = responsable.get_mot_de_passe_ants()
    except crypto.UndecryptablePassword:
        # A task meets it as an ANTS refusal it can record, not as a crash.
        raise MotDePasseIllisible(_mot_de_passe_illisible(responsable)) from None
    credentials = AntsCredentials(
        agrement=responsable.numero_agrement,
        identifiant=responsable.identifiant_ants,
        mot_de_passe=mot_de_passe,
    )
    return AntsClient(credentials, **transport)


def _mot_de_passe_illisible(agence: Agence) -> str:
    return _(
        "Le mot de passe ANTS enregistré pour l'agence %(agence)s ne peut pas être déchiffré avec "
        "les clés actuelles : saisissez-le à nouveau dans la fiche de l'agence, ou faites remettre "
        "dans ANTS_PASSWORD_KEYS la clé qui l'a chiffré."
    ) % {"agence": agence.code}


def _ants_call(agence: Agence, call):
    """Run `call(client)` and turn the ANTS client's typed errors into one French message."""
    try:
        return call(client_for_agence(agence))
    except MotDePasseIllisible as exc:
        raise AgenceAntsError(exc.message) from None
    except AuthenticationRefused:
        raise AgenceAntsError(
            _(
                "L'ANTS a refusé les identifiants de l'agence %(agence)s : vérifiez le numéro "
                "d'agrément, l'identifiant et le mot de passe ANTS."
            )
            % {"agence": agence.responsable.code}
        ) from None
    except AntsUnavailable as exc:
        raise AgenceAntsError(
            _("Le site de l'ANTS ne répond pas pour le moment, réessayez plus tard (%(detail)s).")
            % {"detail": exc.message}
        ) from None
    except AntsError as exc:
        raise AgenceAntsError(_("L'ANTS a répondu : %(detail)s") % {"detail": exc.message}) from None


def agence_update_prefectures(*, agence: Agence) -> list[dict]:
    """Fetch from ANTS the prefectures for the agency's postal code and store them on the agency.

    The chosen prefecture is kept when ANTS still lists it; otherwise it is set when ANTS lists
    exactly one, cleared when it lists several (the manager then picks one).
    """
    _require(agence, need_code_postal=True, action=_("Mise à jour de la liste des préfectures"))
    prefectures = _ants_call(agence, lambda client: client.list_prefectures(code_postal=agence.code_postal))
    agence.prefectures_disponibles = [{"code": p.code, "nom": p.nom} for p in prefectures]
    if agence.prefecture not in {p.code for p in prefectures}:
        agence.prefecture = prefectures[0].code if len(prefectures) == 1 else ""
    try:
        agence.full_clean()
    except ValidationError as exc:
        raise AgenceAntsError(
            _("Corrigez d'abord la fiche de l'agence %(agence)s : %(erreurs)s")
            % {"agence": agence.code, "erreurs": " ".join(exc.messages)}
        ) from None
    agence.save(update_fields=["prefectures_disponibles", "prefecture"])
    return agence.prefectures_disponibles


def agence_test_connexion(*, agence: Agence) -> None:
    """Raise AgenceAntsError (French) unless ANTS accepts the agency's credentials."""
    _require(agence, need_code_postal=False, action=_("Test de connexion à l'ANTS"))
    _ants_call(agence, lambda client: client.authenticate())


def agences_rotate_ants_keys() -> int:
    """Re-encrypt every stored ANTS password with the first key of ANTS_PASSWORD_KEYS.

    All or nothing: when a password cannot be decrypted, none is rewritten and AgenceAntsError names
    every agency concerned, so the old key is not dropped while it is still needed.
    """
    with transaction.atomic():
        agences = list(
            Agence.objects.select_for_update().exclude(mot_de_passe_ants_chiffre="").order_by("code")
        )
        illisibles = []
        for agence in agences:
            try:
                agence.mot_de_passe_ants_chiffre = crypto.rotate(agence.mot_de_passe_ants_chiffre)
            except crypto.UndecryptablePassword:
                illisibles.append(agence.code)
        if illisibles:
            raise AgenceAntsError(_rotation_impossible(illisibles))
        for agence in agences:
            agence.save(update_fields=["mot_de_passe_ants_chiffre"])
    return len(agences)


def _rotation_impossible(codes: list[str]) -> str:
    illisibles = ngettext(
        "le mot de passe ANTS de l'agence %(agences)s",
        "les mots de passe ANTS des agences %(agences)s",
        len(codes),
    ) % {"agences": _join_french(codes)}
    return _(
        "Aucun mot de passe n'a été rechiffré : aucune clé de ANTS_PASSWORD_KEYS ne déchiffre "
        "%(illisibles)s. Remettez l'ancienne clé dans ANTS_PASSWORD_KEYS, après la nouvelle, puis "
        "relancez la commande ; si elle est perdue, saisissez à nouveau le mot de passe ANTS dans la "
        "fiche de l'agence."
    ) % {"illisibles": illisibles}


def agence_assign_creator(*, agence: Agence, user: User) -> None:
    """A manager who creates an agency manages it (a superuser sees every agency already)."""
    if access.is_manager(user):
        user.agences.add(agence)


def _permission(name: str) -> Permission:
    app_label, codename = name.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def user_set_access(*, user: User, agences: list[Agence], permissions: set[str], by: User) -> None:
    """Give `user` these agencies and ANTS rights, as far as `by` may: never more than he holds.

    The rights `by` does not hold are left as they are; asking for an agency he does not manage,
    or acting on a user he does not manage, is refused whatever the form sent.
    """
    if not access.may_manage_user(by, user):
        raise PermissionDenied(_("Vous ne pouvez pas modifier les droits de cet utilisateur."))
    allowed = set(access.grantable_agences(by).values_list("pk", flat=True))
    wanted = {agence.pk for agence in agences}
    if not wanted <= allowed:
        raise PermissionDenied(_("Vous ne pouvez attribuer que vos propres agences."))
    if not wanted and not by.is_superuser:
        raise ValidationError(_("Choisissez au moins une agence."))
    user.agences.set(wanted)
    for name in access.grantable_permissions(by):
        if name in permissions:
            user.user_permissions.add(_permission(name))
        else:
            user.user_permissions.remove(_permission(name))
