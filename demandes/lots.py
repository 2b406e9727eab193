"""Writing model instances by batches, one SQL statement per batch, without the ORM's per-value work.

A sync writes thousands of rows per account. `bulk_create` prepares each value through its field
(at 5,000 demandes, more time than their SQL) and `bulk_update` builds a CASE per field and row
(half a second for 100 demandes). Here a batch's rows go to PostgreSQL as one JSON text, read back
as typed columns by json_to_recordset: one parameter, not one per value (1,700 for 100 demandes,
whose quoting by the driver cost the worker 6 ms and whose parsing and planning cost PostgreSQL
2-4 ms; as JSON, 0.2 ms and 0.2 ms, measured). JSON fields go as their JSON text. The SQL goes
through Django's cursor (counted, logged, in the transaction).
"""

import json
from datetime import date
from decimal import Decimal
from functools import cache
from uuid import UUID

from django.db import connection
from django.db.models import JSONField, Model

PAR_REQUETE = 500
_ABSENTE = object()
# A table is analyzed again once it holds this many times the pages its statistics say, and a
# few hundred rows more (see statistiques_a_jour).
CROISSANCE = 2
PAGES_EN_PLUS = 16


def _preparation(champ):
    if isinstance(champ, JSONField):
        return lambda valeur: None if valeur is None else json.dumps(valeur, cls=champ.encoder)
    return None


def _valeurs(objet: Model, champs: list, preparations: list) -> list:
    valeurs = []
    for champ, preparer in zip(champs, preparations, strict=True):
        valeur = getattr(objet, champ.attname)
        valeurs.append(preparer(valeur) if preparer else valeur)
    return valeurs


def _nom(nom: str) -> str:
    return connection.ops.quote_name(nom)


def _en_json(valeur):
    """What json.dumps cannot write itself, as PostgreSQL's input functions read it (not
    DjangoJSONEncoder: it cuts datetimes to the millisecond)."""
    if isinstance(valeur, date):  # datetimes included
        return valeur.isoformat()
    if isinstance(valeur, (Decimal, UUID)):
        return str(valeur)
    raise TypeError(f"no JSON form for a batch's {type(valeur).__name__}")


@cache  # the same fields for every batch of a process: 0.4 ms a batch when built each time
def _recordset(champs: tuple) -> tuple[str, tuple[str, ...]]:
    """The batch's rows as a source of typed columns (`v`), and each field's value read from it."""
    definitions, valeurs = [], []
    for champ in champs:
        colonne = _nom(champ.column)
        if isinstance(champ, JSONField):  # it comes as its JSON text
            definitions.append(f"{colonne} text")
            valeurs.append(f"v.{colonne}::jsonb")
        else:
            definitions.append(f"{colonne} {champ.db_type(connection)}")
            valeurs.append(f"v.{colonne}")
    return f"json_to_recordset(%s::json) AS v ({', '.join(definitions)})", tuple(valeurs)


def _lignes_json(champs: list, lignes) -> str:
    """`lignes`: each row's values in the order of `champs`."""
    colonnes = [champ.column for champ in champs]
    objets = [dict(zip(colonnes, ligne, strict=True)) for ligne in lignes]
    return json.dumps(objets, default=_en_json, ensure_ascii=False)


def inserer(modele: type[Model], lignes: list[dict]) -> list[int]:
    """INSERT rows given as {attname: value} — a field left out takes its default, as a new instance
    would (one moment for a batch's timezone.now) — PAR_REQUETE per statement; their ids, in order.

    Dicts, not instances: building 5,000 model instances costs more than their SQL."""
    meta = modele._meta
    champs = [champ for champ in meta.concrete_fields if not champ.primary_key]
    preparations = [_preparation(champ) for champ in champs]
    # A default is prepared once for the whole batch (a sync's rows leave their JSON fields out).
    defauts = [
        (champ.attname, preparer(champ.get_default()) if preparer else champ.get_default(), preparer)
        for champ, preparer in zip(champs, preparations, strict=True)
    ]
    ids = []
    for debut in range(0, len(lignes), PAR_REQUETE):
        lot = []
        for valeurs_ligne in lignes[debut : debut + PAR_REQUETE]:
            valeurs = []
            for nom, defaut, preparer in defauts:
                valeur = valeurs_ligne.get(nom, _ABSENTE)
                if valeur is _ABSENTE:
                    valeurs.append(defaut)
                else:
                    valeurs.append(preparer(valeur) if preparer else valeur)
            lot.append(valeurs)
        ids += _inserer_lot(meta, champs, lot)
    return ids


def _inserer_lot(meta, champs: list, lot: list[list]) -> list[int]:
    table, pk = _nom(meta.db_table), _nom(meta.pk.column)
    colonnes = ", ".join(_nom(champ.column) for champ in champs)
    if connection.vendor == "postgresql":
        source, valeurs = _recordset(tuple(champs))
        sql = f"INSERT INTO {table} ({colonnes}) SELECT {', '.join(valeurs)} FROM {source} RETURNING {pk}"  # noqa: S608
        parametres = [_lignes_json(champs, lot)]
    else:  # embedded mode's SQLite
        ligne = "(" + ", ".join(["%s"] * len(champs)) + ")"
        sql = f"INSERT INTO {table} ({colonnes}) VALUES {', '.join([ligne] * len(lot))} RETURNING {pk}"  # noqa: S608
        parametres = [valeur for valeurs in lot for valeur in valeurs]
    with connection.cursor() as cursor:
        cursor.execute(sql, parametres)
        # Returned in the order the rows came (bulk_create relies on it too, from UNNEST).
        return [pk for (pk,) in cursor.fetchall()]


def mettre_a_jour(objets: list[Model], noms: list[str]) -> None:
    """UPDATE … FROM json_to_recordset(…) of the fields `noms` of the instances, PAR_REQUETE per
    statement."""
    if not objets:
        return
    if connection.vendor != "postgresql":
        # Embedded mode's SQLite has no json_to_recordset; at a demo's volumes the ORM's way will do.
        type(objets[0]).objects.bulk_update(objets, noms, batch_size=PAR_REQUETE)
        return
    meta = type(objets[0])._meta
    champs = [meta.pk, *(meta.get_field(nom) for nom in noms)]
    preparations = [_preparation(champ) for champ in champs]
    source, valeurs = _recordset(tuple(champs))
    affectations = ", ".join(
        f"{_nom(champ.column)} = {valeur}" for champ, valeur in zip(champs[1:], valeurs[1:], strict=True)
    )
    pk = _nom(meta.pk.column)
    for debut in range(0, len(objets), PAR_REQUETE):
        lot = [_valeurs(objet, champs, preparations) for objet in objets[debut : debut + PAR_REQUETE]]
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {_nom(meta.db_table)} AS t SET {affectations} FROM {source} WHERE t.{pk} = v.{pk}",  # noqa: S608
                [_lignes_json(champs, lot)],
            )


def statistiques_a_jour(modele: type[Model]) -> bool:
    """ANALYZE the model's table if it has grown well past what the planner's statistics say;
    whether it did.

    PostgreSQL plans each foreign key's check once per connection and keeps the plan. Planned while
    the table looked empty (statistics taken before an account's first reading filled it), the
    check scans the whole table for each row written: the network's first reading with two workers
    took 5 × its floor. ANALYZE makes every connection plan again. Autovacuum would do it, but up to
    a minute later, and never where it is off. The table's size is read from its file, not from the
    statistics collector, which lags by a second."""
    if connection.vendor != "postgresql":
        return False
    table = modele._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relpages, pg_relation_size(oid) / current_setting('block_size')::int"
            " FROM pg_class WHERE oid = %s::regclass",
            [table],
        )
        decrites, pages = cursor.fetchone()
        if pages < CROISSANCE * decrites + PAGES_EN_PLUS:
            return False
        # Another reading analyzing it already: theirs will do.
        cursor.execute(f"ANALYZE (SKIP_LOCKED) {_nom(table)}")
    return True
