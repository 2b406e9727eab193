"""A DemandeInput as JSON and back: the snapshot an operation keeps of what it sends."""

import dataclasses
import enum
import types
import typing
from datetime import date, datetime

from ants.client import DemandeInput


def vers_json(valeur):
    if dataclasses.is_dataclass(valeur):
        return {f.name: vers_json(getattr(valeur, f.name)) for f in dataclasses.fields(valeur)}
    if isinstance(valeur, tuple | list):
        return [vers_json(item) for item in valeur]
    if isinstance(valeur, enum.Enum):
        return valeur.value
    if isinstance(valeur, date):
        return valeur.isoformat()
    return valeur


def _depuis_json(type_, valeur):
    if valeur is None:
        return None
    if isinstance(type_, types.UnionType) or typing.get_origin(type_) is typing.Union:
        type_ = next(t for t in typing.get_args(type_) if t is not type(None))
    if typing.get_origin(type_) is tuple:
        (item_type, *_ellipsis) = typing.get_args(type_)
        return tuple(_depuis_json(item_type, item) for item in valeur)
    if dataclasses.is_dataclass(type_):
        hints = typing.get_type_hints(type_)
        return type_(
            **{f.name: _depuis_json(hints[f.name], valeur[f.name]) for f in dataclasses.fields(type_)}
        )
    if type_ is datetime:
        return datetime.fromisoformat(valeur)
    if type_ is date:
        return date.fromisoformat(valeur)
    return type_(valeur)


def demande_depuis_json(donnees: dict) -> DemandeInput:
    return _depuis_json(DemandeInput, donnees)
