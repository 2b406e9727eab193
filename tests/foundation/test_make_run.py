"""`make run`'s supervisor (scripts/run.py), run for real in embedded mode on free ports."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
STARTUP_DEADLINE_SECONDS = 120


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children_of(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def make_run(tmp_path):
    """Start scripts/run.py embedded (no database or broker configured); yield (process, url, log)."""
    dotenv = BASE_DIR / ".env"
    if dotenv.exists():
        pytest.skip(".env present: make run would use its configuration")
    port = free_port()
    # As a newcomer runs it: no services, no secrets, not the tests' settings (tests/settings.py).
    unset = ("DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY")
    env = {k: v for k, v in os.environ.items() if k not in (*unset, "ANTS_PASSWORD_KEYS")}
    env.update(VAR_DIR=str(tmp_path), RUN_WEB_PORT=str(port), RUN_SANDBOX_PORT=str(free_port()))
    log = tmp_path / "run.log"
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 - our own script
            [sys.executable, "scripts/run.py"], cwd=BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + STARTUP_DEADLINE_SECONDS
    while "prêt :" not in log.read_text() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)  # polling a process coming up, bounded by the deadline
    yield process, url, log
    if process.poll() is None:
        process.kill()
        process.wait()


def test_make_run_serves_the_demo_and_ctrl_c_stops_every_process(make_run):
    process, url, log = make_run
    with urllib.request.urlopen(url + "healthz", timeout=5) as response:  # noqa: S310 - local server
        assert response.status == 200
    with urllib.request.urlopen(url + "connexion/", timeout=5) as response:  # noqa: S310 - local server
        assert response.status == 200
    output = log.read_text()
    assert "mode intégré" in output and "« dirigeant »" in output
    # The demo agencies' demandes were read from the sandbox (embedded SQLite included).
    assert "LYON01 : 8 demande(s) lue(s)" in output and "Traceback" not in output
    children = children_of(process.pid)
    assert children

    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 0
    assert not [pid for pid in children if alive(pid)]


def test_make_run_stops_everything_when_a_process_dies(make_run):
    process, url, log = make_run
    children = children_of(process.pid)
    web = next(pid for pid in children if b"runserver" in Path(f"/proc/{pid}/cmdline").read_bytes())
    os.kill(web, signal.SIGKILL)
    assert process.wait(timeout=30) == 1
    assert "web s'est arrêté" in log.read_text()


def port_libre(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def test_killing_the_supervisor_hard_stops_its_servers_and_frees_their_ports(make_run):
    process, url, log = make_run
    children = children_of(process.pid)
    arguments = [Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0") for pid in children]
    sandbox = next(args for args in arguments if b"ants_sandbox" in args)
    ports = [int(url.rsplit(":", 1)[1].strip("/")), int(sandbox[sandbox.index(b"--port") + 1])]
    deadline = time.monotonic() + STARTUP_DEADLINE_SECONDS
    while any(map(port_libre, ports)) and time.monotonic() < deadline:
        time.sleep(0.2)  # the sandbox may still be coming up: polling, bounded by the deadline
    assert not any(map(port_libre, ports))

    process.kill()  # SIGKILL: the supervisor stops nothing itself
    process.wait()
    deadline = time.monotonic() + 30
    while (
        any(alive(pid) for pid in children) or not all(map(port_libre, ports))
    ) and time.monotonic() < deadline:
        time.sleep(0.2)  # polling processes going down, bounded by the deadline
    assert not [pid for pid in children if alive(pid)]
    assert all(port_libre(port) for port in ports)
