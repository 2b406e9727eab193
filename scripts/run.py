"""`make run`: migrate, load the demo data, start every process of the product, stop them all on Ctrl-C.

Processes: the web server (runserver on 127.0.0.1:8000), the ANTS sandbox (port 8700) and, when a
broker is configured, a Celery worker and Celery beat. Without DATABASE_URL / CELERY_BROKER_URL
(environment or .env) it runs embedded: SQLite under var/, tasks executed in-process.

Each child runs in its own process group, so stopping it also stops what it spawned. If a child
dies, the others are stopped and this script exits non-zero, naming the one that died. If this script
itself is killed hard (SIGKILL, a closed terminal), the kernel sends each child SIGTERM (Linux's
parent-death signal), so that no server is left holding its port for the next `make run`.
"""

import ctypes
import ctypes.util
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# Ports can be moved (RUN_WEB_PORT, RUN_SANDBOX_PORT), e.g. to run a second copy or the tests.
WEB_ADDRESS = ("127.0.0.1", int(os.environ.get("RUN_WEB_PORT", "8000")))
SANDBOX_PORT = int(os.environ.get("RUN_SANDBOX_PORT", "8700"))

sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "autoecole.settings")
# A local demo: readable errors and static files served by runserver.
os.environ.setdefault("DEBUG", "true")
if "RUN_SANDBOX_PORT" in os.environ:  # the app must then talk to the sandbox on its new port
    os.environ.setdefault("ANTS_BASE_URL", f"http://127.0.0.1:{SANDBOX_PORT}")
STARTUP_DEADLINE_SECONDS = 60
STOP_GRACE_SECONDS = 10
PYTHON = sys.executable
MANAGE = [PYTHON, str(BASE_DIR / "manage.py")]
CELERY = [PYTHON, "-m", "celery", "-A", "autoecole"]


def say(message: str) -> None:
    print(f"[make run] {message}", flush=True)


def setup_step(*args: str) -> None:
    result = subprocess.run([*MANAGE, *args], cwd=BASE_DIR)  # noqa: S603 - fixed commands
    if result.returncode != 0:
        say(f"échec de « manage.py {' '.join(args)} » (code {result.returncode}) : arrêt.")
        sys.exit(result.returncode)


def port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _signal_de_deces_du_parent():
    """A preexec_fn that has the child receive SIGTERM when this process dies, however it dies.

    Everything is looked up here, before the fork: the child only calls the C function (nothing that
    may take a lock another thread holds). None off Linux, where the children simply outlive a killed
    supervisor as before.
    """
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True).prctl
    parent = os.getpid()

    def preexec():
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:  # the supervisor died before the signal was asked for
            os._exit(1)

    return preexec


def sandbox_available() -> bool:
    try:
        return importlib.util.find_spec("ants.management.commands.ants_sandbox") is not None
    except ModuleNotFoundError:
        return False


class Child:
    def __init__(self, name: str, command: list[str]):
        self.name = name
        self.process = subprocess.Popen(  # noqa: S603 - fixed commands
            command,
            cwd=BASE_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
            start_new_session=True,  # own process group: killpg reaches its children too
            preexec_fn=_signal_de_deces_du_parent(),
        )
        threading.Thread(target=self._relay_output, daemon=True).start()

    def _relay_output(self) -> None:
        for line in self.process.stdout:
            print(f"{self.name:>8} | {line}", end="", flush=True)

    def signal_group(self, signum: int) -> None:
        try:
            os.killpg(self.process.pid, signum)
        except ProcessLookupError:
            pass


def stop_all(children: list[Child]) -> None:
    for child in children:
        child.signal_group(signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for child in children:
        try:
            child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            say(f"{child.name} ne s'arrête pas : arrêt forcé.")
        # Reap whatever is left of the group (a worker's pool, a server's threads).
        child.signal_group(signal.SIGKILL)
        child.process.wait()


def wait_until_up(url: str, children: list[Child], stopping: threading.Event) -> bool:
    deadline = time.monotonic() + STARTUP_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if stopping.is_set() or any(child.process.poll() is not None for child in children):
            return False
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own local server
                return True
        except OSError:
            time.sleep(0.3)
    return False


def lire_les_demandes_de_demo(children: list[Child], stopping: threading.Event) -> None:
    """The demo agencies' demandes on the sandbox, read once, so the Espace Administratif shows them."""
    if not any(child.name == "sandbox" for child in children):
        return
    if not wait_until_up(f"http://127.0.0.1:{SANDBOX_PORT}/openapi.json", children, stopping):
        return
    result = subprocess.run([*MANAGE, "sync_demandes"], cwd=BASE_DIR)  # noqa: S603 - fixed command
    if result.returncode != 0:
        say("les demandes de démonstration n'ont pas pu être lues sur le bac à sable : voyez ci-dessus.")


def main() -> int:
    from django.conf import settings

    embedded_db = settings.EMBEDDED
    eager = settings.CELERY_TASK_ALWAYS_EAGER
    if embedded_db:
        say(f"mode intégré : base SQLite {settings.DATABASES['default']['NAME']}")
    else:
        say("base PostgreSQL (DATABASE_URL)")
    if eager:
        say("pas de CELERY_BROKER_URL : les tâches s'exécutent dans le processus web (ni worker ni beat).")

    for port in (WEB_ADDRESS[1], SANDBOX_PORT):
        if port_in_use(port):
            say(f"le port {port} est déjà utilisé : arrêtez le programme qui l'occupe, puis relancez.")
            return 1

    setup_step("migrate", "--no-input")
    setup_step("seed_demo")

    commands = [("web", [*MANAGE, "runserver", "--noreload", f"{WEB_ADDRESS[0]}:{WEB_ADDRESS[1]}"])]
    if sandbox_available():
        commands.append(("sandbox", [*MANAGE, "ants_sandbox", "--port", str(SANDBOX_PORT)]))
    else:
        say("le bac à sable ANTS (manage.py ants_sandbox) n'existe pas encore : non démarré.")
    if not eager:
        commands.append(("worker", [*CELERY, "worker", "--loglevel", "INFO", "--concurrency", "2"]))
        commands.append(("beat", [*CELERY, "beat", "--loglevel", "INFO"]))

    children: list[Child] = []
    stopping = threading.Event()

    def on_signal(signum, frame):
        stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    for name, command in commands:
        children.append(Child(name, command))

    url = f"http://{WEB_ADDRESS[0]}:{WEB_ADDRESS[1]}/"
    if wait_until_up(url + "healthz", children, stopping):
        lire_les_demandes_de_demo(children, stopping)
        say(f"prêt : {url}  —  connexion « dirigeant » ou « secretaire », mot de passe « autoecole ».")
        say("Ctrl-C arrête tous les processus.")
    elif not stopping.is_set():
        say(f"{url}healthz ne répond pas comme prévu : voyez les messages ci-dessus.")
    return supervise(children, stopping)


def supervise(children: list[Child], stopping: threading.Event) -> int:
    while not stopping.wait(0.5):
        dead = next((child for child in children if child.process.poll() is not None), None)
        if dead:
            say(f"{dead.name} s'est arrêté (code {dead.process.returncode}) : arrêt de tous les processus.")
            stop_all(children)
            return 1
    say("arrêt demandé : arrêt de tous les processus.")
    stop_all(children)
    return 0


if __name__ == "__main__":
    sys.exit(main())
