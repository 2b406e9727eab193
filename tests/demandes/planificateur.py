"""What PostgreSQL's planner believes of a table: its statistics (pg_class), set and read."""

from django.db import connection

from demandes.models import Demande


def pages_decrites(modele=Demande) -> int:
    """The table's size in pages as its statistics have it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpages FROM pg_class WHERE oid = %s::regclass", [modele._meta.db_table])
        return cursor.fetchone()[0]


def decrite_vide(modele=Demande) -> None:
    """The table emptied, down to its file (earlier tests' rolled back rows leave pages behind), and
    its statistics taken: the planner believes it empty until they are taken again. In the test's
    transaction: undone with it."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {modele._meta.db_table} CASCADE")
        cursor.execute(f"ANALYZE {modele._meta.db_table}")
