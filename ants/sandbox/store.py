"""The sandbox's own persistent state: one SQLite file, one lock.

Every request runs its reads and writes inside `store.transaction()`, which holds a process-wide
lock: the sandbox favours obvious correctness over throughput. Demandes are JSON documents with
the columns the list filters on.
"""

import json
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
    agrement TEXT PRIMARY KEY, identifiant TEXT NOT NULL, mot_de_passe TEXT NOT NULL,
    raison_sociale TEXT NOT NULL, demo INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS tokens (token TEXT PRIMARY KEY, agrement TEXT NOT NULL, expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS usagers (
    email TEXT PRIMARY KEY, nom_naissance TEXT NOT NULL, prenom TEXT NOT NULL, date_naissance TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS demandes (
    numero TEXT PRIMARY KEY, agrement TEXT NOT NULL, type TEXT NOT NULL, statut TEXT NOT NULL,
    email TEXT NOT NULL, personne TEXT NOT NULL, cree_le REAL NOT NULL, modifie_le REAL NOT NULL,
    data TEXT NOT NULL);
DROP INDEX IF EXISTS demandes_agrement;
-- GET /demandes: an account's page found in the index alone (its filters' columns included).
CREATE INDEX IF NOT EXISTS demandes_liste ON demandes (agrement, cree_le, numero, modifie_le, statut, type);
CREATE INDEX IF NOT EXISTS demandes_email ON demandes (email);
CREATE INDEX IF NOT EXISTS demandes_personne ON demandes (personne, type);
-- Each request looks for demandes whose 7 days ran out: only those waiting for the student.
CREATE INDEX IF NOT EXISTS demandes_attente ON demandes (json_extract(data, '$.valide_le'))
    WHERE statut = 'EN_ATTENTE_VALIDATION_USAGER';
CREATE TABLE IF NOT EXISTS anciens_titulaires (numero TEXT NOT NULL, agrement TEXT NOT NULL,
    PRIMARY KEY (numero, agrement));
CREATE TABLE IF NOT EXISTS ephoto_codes (
    code TEXT PRIMARY KEY, numero TEXT NOT NULL, definitif INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS fichiers (
    id TEXT PRIMARY KEY, numero TEXT NOT NULL, piece TEXT NOT NULL, nom TEXT NOT NULL, type TEXT NOT NULL,
    pages INTEGER NOT NULL, taille INTEGER NOT NULL, commentaire TEXT NOT NULL, depose_le REAL NOT NULL,
    contenu BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS fichiers_numero ON fichiers (numero, piece);
"""
# What a reset wipes; accounts are handled apart (demo accounts are recreated).
RESET_TABLES = ("usagers", "demandes", "anciens_titulaires", "ephoto_codes", "fichiers")
DEMANDE_COLUMNS = ("numero", "agrement", "type", "statut", "email", "personne", "cree_le", "modifie_le")


class Store:
    def __init__(self, path: Path | str):
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        self._depth = 0

    @contextmanager
    def transaction(self):
        with self._lock:
            outermost = self._depth == 0
            if outermost:
                self._db.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self
            except BaseException:
                self._depth -= 1
                if outermost:
                    self._db.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outermost:
                self._db.execute("COMMIT")

    def execute(self, sql: str, params=()) -> sqlite3.Cursor:
        return self._db.execute(sql, params)

    def one(self, sql: str, params=()) -> sqlite3.Row | None:
        return self._db.execute(sql, params).fetchone()

    def all(self, sql: str, params=()) -> list[sqlite3.Row]:
        return self._db.execute(sql, params).fetchall()

    # Key-value settings (clock offset, faults, counters) as JSON.
    def get(self, key: str, default=None):
        row = self.one("SELECT value FROM kv WHERE key = ?", (key,))
        return default if row is None else json.loads(row["value"])

    def put(self, key: str, value) -> None:
        self.execute("INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)", (key, json.dumps(value)))

    def next_counter(self, key: str, start: int = 1) -> int:
        value = self.get(key, start - 1) + 1
        self.put(key, value)
        return value

    # Demandes: a dict with the indexed columns plus the JSON document.
    def save_demande(self, demande: dict) -> None:
        columns = [demande[name] for name in DEMANDE_COLUMNS]
        self.execute(
            "INSERT OR REPLACE INTO demandes (numero, agrement, type, statut, email, personne, cree_le,"
            " modifie_le, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*columns, json.dumps(demande)),
        )

    def load_demande(self, numero: str) -> dict | None:
        row = self.one("SELECT data FROM demandes WHERE numero = ?", (numero,))
        return None if row is None else json.loads(row["data"])

    def load_demandes(self, where: str = "1", params=()) -> list[dict]:
        rows = self.all(f"SELECT data FROM demandes WHERE {where} ORDER BY cree_le, numero", params)  # noqa: S608
        return [json.loads(row["data"]) for row in rows]

    def count_demandes(self, where: str, params=()) -> int:
        return self.one(f"SELECT COUNT(*) AS n FROM demandes WHERE {where}", params)["n"]  # noqa: S608

    def page_demandes(self, where: str, params=(), *, step: int = 1, limit: int, offset: int) -> list[dict]:
        """Every `step`-th matching demande (in cree_le, numero order), `limit` of them from `offset`.

        The page's numbers are found first, on narrow rows: sorting whole documents costs ten times more.
        """
        matching = f"SELECT numero, cree_le FROM demandes WHERE {where}"  # noqa: S608
        if step > 1:
            matching = (
                "SELECT numero, cree_le FROM (SELECT numero, cree_le, ROW_NUMBER() OVER"  # noqa: S608
                f" (ORDER BY cree_le, numero) - 1 AS rang FROM demandes WHERE {where})"
                f" WHERE rang % {step:d} = 0"
            )
        numeros = [
            row["numero"]
            for row in self.all(
                f"{matching} ORDER BY cree_le, numero LIMIT ? OFFSET ?", (*params, limit, offset)
            )
        ]
        rows = self.all(
            f"SELECT data FROM demandes WHERE numero IN ({', '.join('?' * len(numeros))})"  # noqa: S608
            " ORDER BY cree_le, numero",
            numeros,
        )
        return [json.loads(row["data"]) for row in rows]

    def delete_demande(self, numero: str) -> None:
        for table in ("demandes", "fichiers", "anciens_titulaires"):
            self.execute(f"DELETE FROM {table} WHERE numero = ?", (numero,))  # noqa: S608
        self.execute("DELETE FROM ephoto_codes WHERE numero = ? AND definitif = 0", (numero,))

    def wipe(self) -> None:
        for table in RESET_TABLES:
            self.execute(f"DELETE FROM {table}")  # noqa: S608
        self.execute("DELETE FROM accounts WHERE demo = 0")
        self.execute("DELETE FROM tokens WHERE agrement NOT IN (SELECT agrement FROM accounts)")
        # Counters survive: a number (demande, file, NEPH, account) is never handed out twice.
        self.execute("DELETE FROM kv WHERE key NOT LIKE '%\\_counter' ESCAPE '\\'")
