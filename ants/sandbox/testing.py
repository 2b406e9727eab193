"""Run the sandbox as a subprocess for tests and benchmarks (contract: /work/sandbox-fixture.md)."""

import socket
import subprocess  # noqa: S404 - starts our own manage.py
import sys
import time
from pathlib import Path

import requests

BASE_DIR = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SandboxExited(RuntimeError):
    pass


class SandboxProcess:
    def __init__(self, state: Path | str, port: int | None = None, log: Path | str | None = None):
        self.state = Path(state)
        self.log_path = Path(log) if log else self.state.with_suffix(".log")
        self.process = None
        for attempt in range(3):
            self.port = port or free_port()
            self.url = f"http://127.0.0.1:{self.port}"
            try:
                self.start()
                return
            except SandboxExited:
                # Another process may have taken the free port between our check and the bind.
                if port or attempt == 2:
                    raise

    def start(self) -> None:
        command = [
            sys.executable,
            str(BASE_DIR / "manage.py"),
            "ants_sandbox",
            "--port",
            str(self.port),
            "--state",
            str(self.state),
        ]
        # A file, not a pipe: nobody reads the server's log while it runs.
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(command, cwd=BASE_DIR, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        self._wait_until_up()

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SandboxExited(f"the sandbox exited ({self.process.returncode}); see {self.log_path}")
            try:
                if requests.get(f"{self.url}/openapi.json", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.05)  # polling a subprocess start, bounded by the deadline
        self.stop()
        raise RuntimeError(f"the sandbox did not answer within {START_TIMEOUT_S}s; see {self.log_path}")

    def control(self, path: str, /, **payload) -> dict:
        response = requests.post(f"{self.url}/_control/{path.lstrip('/')}", json=payload, timeout=30)
        if not response.ok:
            raise RuntimeError(f"/_control/{path} -> {response.status_code}: {response.text[:500]}")
        return response.json()

    def state_snapshot(self) -> dict:
        response = requests.get(f"{self.url}/_control/state", timeout=30)
        response.raise_for_status()
        return response.json()

    def reset(self) -> None:
        self.control("reset")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()
