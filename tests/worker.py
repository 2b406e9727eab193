"""A real Celery worker process on Redis, for the tests where the Celery path itself is under test."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.db import connection

from autoecole.celery import app as celery_app

BASE_DIR = Path(__file__).resolve().parents[1]


def attendre(condition, *, delai: float = 30.0, message: str = "condition"):
    """Poll `condition()` until it is truthy (the worker is another process), or fail after `delai`."""
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        valeur = condition()
        if valeur:
            return valeur
        time.sleep(0.05)
    raise AssertionError(f"still not true after {delai} s: {message}")


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Worker:
    """`celery worker --pool=solo` on a queue of its own, against the test database."""

    def __init__(self, tmp_path: Path, **env):
        self.queue = f"tests-{uuid.uuid4().hex[:8]}"
        self.env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "CELERY_TASK_ALWAYS_EAGER": "false",
            **{key: str(value) for key, value in env.items()},
        }
        self.log = tmp_path / f"{self.queue}.log"
        self.process = None

    def start(self) -> "Worker":
        self.name = f"{self.queue}-{uuid.uuid4().hex[:4]}@tests"
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "autoecole",
            "worker",
            "--pool=solo",
            "-Q",
            self.queue,
        ]
        command += [
            "-n",
            self.name,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "INFO",
        ]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=BASE_DIR, env=self.env, stdout=log, stderr=log)  # noqa: S603
        attendre(
            lambda: celery_app.control.ping(destination=[self.name], timeout=0.5), message="worker ready"
        )
        return self

    def kill(self) -> None:
        """SIGKILL: the worker dies in the middle of whatever it does."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
