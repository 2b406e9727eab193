"""Throughput and latency of the ANTS sandbox over real HTTP (prints figures; not a test).

.venv/bin/python bench/ants_sandbox_bench.py [--demandes 300] [--threads 8]
"""

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ants.sandbox.demo import demande_body  # noqa: E402
from ants.sandbox.testing import SandboxProcess  # noqa: E402


def timed(call) -> float:
    started = time.perf_counter()
    response = call()
    assert response.status_code < 400, response.text
    return (time.perf_counter() - started) * 1000


def report(label: str, timings: list[float], wall: float) -> None:
    timings = sorted(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"{label:<34} n={len(timings):<5} {len(timings) / wall:7.0f} req/s   "
        f"median {statistics.median(timings):6.1f} ms   p95 {p95:6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--demandes", type=int, default=300)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        server = SandboxProcess(Path(tmp) / "state.sqlite3")
        print(f"start-up (until /openapi.json answers): {time.perf_counter() - started:.2f} s")
        try:
            run(server, args.demandes, args.threads)
        finally:
            server.stop()


def run(server: SandboxProcess, count: int, threads: int) -> None:
    account = server.control("accounts")
    base = f"{server.url}/api/v1"
    credentials = {key: account[key] for key in ("agrement", "identifiant", "mot_de_passe")}
    token = requests.post(f"{base}/auth/token", json=credentials, timeout=10).json()["token"]
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"

    def create(index: int) -> float:
        body = demande_body(
            nom_naissance=f"BENCH{chr(65 + index % 26)}{chr(65 + index // 26 % 26)}",
            prenom=f"P{chr(65 + index // 676 % 26)}",
            email=f"bench{index}@example.org",
        )
        return timed(lambda: session.post(f"{base}/demandes", json=body, timeout=30))

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        timings = list(pool.map(create, range(count)))
    report(f"POST /demandes ({threads} threads)", timings, time.perf_counter() - started)

    started = time.perf_counter()
    timings = [
        timed(lambda: session.get(f"{base}/demandes", params={"par_page": 100}, timeout=30))
        for _ in range(50)
    ]
    report(f"GET /demandes ({count} on account)", timings, time.perf_counter() - started)

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        timings = list(
            pool.map(
                lambda _: timed(
                    lambda: session.get(f"{base}/referentiel/communes", params={"q": "SAINT"}, timeout=30)
                ),
                range(400),
            )
        )
    report(f"GET /referentiel/communes ({threads} thr)", timings, time.perf_counter() - started)


if __name__ == "__main__":
    main()
