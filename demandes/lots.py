"""Writing model instances by batches, one SQL statement per batch, without the ORM's per-value work.

A sync writes thousands of rows per account. `bulk_create` prepares each value through its field
(at 5,000 demandes, more time than their SQL) and `bulk_update` builds a CASE per field and row
(half a second for 100 demandes). Here each value goes to the driver as the instance holds it —
text, numbers, booleans, dates, aware datetimes, None: psycopg2 adapts them itself — except JSON,
which goes as its JSON text (a jsonb column takes it so). The SQL goes through Django's cursor
(counted, logged, in the transaction).
"""

import json

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
    colonnes = ", ".join(_nom(champ.column) for champ in champs)
    ligne = "(" + ", ".join(["%s"] * len(champs)) + ")"
    ids = []
    for debut in range(0, len(lignes), PAR_REQUETE):
        lot = lignes[debut : debut + PAR_REQUETE]
        valeurs = []
        for valeurs_ligne in lot:
            for nom, defaut, preparer in defauts:
                valeur = valeurs_ligne.get(nom, _ABSENTE)
                if valeur is _ABSENTE:
                    valeurs.append(defaut)
                else:
                    valeurs.append(preparer(valeur) if preparer else valeur)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {_nom(meta.db_table)} ({colonnes}) VALUES {', '.join([ligne] * len(lot))}"  # noqa: S608
                f" RETURNING {_nom(meta.pk.column)}",
                valeurs,
            )
            # PostgreSQL returns the rows of an INSERT … VALUES in their order (bulk_create relies on it too).
            ids += [pk for (pk,) in cursor.fetchall()]
    return ids


def mettre_a_jour(objets: list[Model], noms: list[str]) -> None:
    """UPDATE … FROM (VALUES …) of the fields `noms` of the instances, PAR_REQUETE per statement."""
    if not objets:
        return
    if connection.vendor != "postgresql":
        # Embedded mode's SQLite takes no typed VALUES; at a demo's volumes the ORM's way will do.
        type(objets[0]).objects.bulk_update(objets, noms, batch_size=PAR_REQUETE)
        return
    meta = type(objets[0])._meta
    champs = [meta.pk, *(meta.get_field(nom) for nom in noms)]
    preparations = [_preparation(champ) for champ in champs]
    # Typed placeholders: VALUES would otherwise give text, which a date column does not take.
    ligne = "(" + ", ".join(f"%s::{champ.db_type(connection)}" for champ in champs) + ")"
    alias = ", ".join(_nom(champ.column) for champ in champs)
    affectations = ", ".join(f"{_nom(champ.column)} = v.{_nom(champ.column)}" for champ in champs[1:])
    pk = _nom(meta.pk.column)
    for debut in range(0, len(objets), PAR_REQUETE):
        lot = objets[debut : debut + PAR_REQUETE]
        valeurs = [v for objet in lot for v in _valeurs(objet, champs, preparations)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {_nom(meta.db_table)} AS t SET {affectations}"  # noqa: S608
                f" FROM (VALUES {', '.join([ligne] * len(lot))}) AS v ({alias}) WHERE t.{pk} = v.{pk}",
                valeurs,
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
